import type { Octokit } from '@octokit/rest';
import { classifyGitHubError, READ_PULL_REQUESTS, type GitHubPurpose, type GitHubTarget } from './github.ts';

/** A pull request as `kabar ingest` needs to know it. */
export interface PullSummary {
  number: number;
  url: string;
  title: string;
  body: string;
  /** Head branch name. */
  head: string;
  /** `owner/repo` the head branch lives in; null when GitHub reports none (the fork was deleted). */
  headRepository: string | null;
  base: string;
  state: 'open' | 'closed';
  merged: boolean;
}

const UPDATE_PULL_REQUESTS: GitHubPurpose = { action: 'update pull requests', permission: 'pull requests: write', object: 'the pull request update' };
const COMMENT: GitHubPurpose = { action: 'comment on pull requests', permission: 'pull requests: write', object: 'the comment' };

interface ListedPull {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  merged_at?: string | null;
  head: { ref: string; repo?: { full_name?: string } | null };
  base: { ref: string };
}

const summary = (p: ListedPull): PullSummary => ({
  number: p.number,
  url: p.html_url,
  title: p.title,
  body: p.body ?? '',
  head: p.head.ref,
  headRepository: p.head.repo?.full_name ?? null,
  base: p.base.ref,
  state: p.state === 'open' ? 'open' : 'closed',
  merged: Boolean(p.merged_at),
});

/**
 * The pull requests that pass `keep`: every open one (a status repository has few), and the 100
 * most recently updated closed ones, enough to know whether a person just closed a proposal.
 * Which of them the caller may trust (its own branches, not a fork's) is for `keep` to decide.
 */
export async function listPullRequests(octokit: Octokit, target: GitHubTarget, keep: (pull: PullSummary) => boolean): Promise<PullSummary[]> {
  const { owner, repo } = target;
  try {
    const open = (await octokit.paginate(octokit.rest.pulls.list, { owner, repo, state: 'open', per_page: 100 })) as ListedPull[];
    const closed = (await octokit.rest.pulls.list({ owner, repo, state: 'closed', sort: 'updated', direction: 'desc', per_page: 100 })).data as ListedPull[];
    return [...open, ...closed].map(summary).filter(keep);
  } catch (error) {
    throw classifyGitHubError(error, `${owner}/${repo}`, READ_PULL_REQUESTS);
  }
}

export async function updatePullRequest(octokit: Octokit, target: GitHubTarget, number: number, change: { title?: string; body?: string }): Promise<void> {
  try {
    await octokit.rest.pulls.update({ ...target, pull_number: number, ...change });
  } catch (error) {
    throw classifyGitHubError(error, `${target.owner}/${target.repo}`, UPDATE_PULL_REQUESTS);
  }
}

export async function commentOnPullRequest(octokit: Octokit, target: GitHubTarget, number: number, body: string): Promise<string> {
  try {
    return (await octokit.rest.issues.createComment({ ...target, issue_number: number, body })).data.html_url;
  } catch (error) {
    throw classifyGitHubError(error, `${target.owner}/${target.repo}`, COMMENT);
  }
}
