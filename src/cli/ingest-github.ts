import type { Octokit } from '@octokit/rest';
import { alertBranchProblem, notAlertPull, readPullRequestMarker, type PullRequestMarker, type ProposalKind } from '../core/ingest/key.ts';
import { SOURCE_NAMES, type AlertNotification } from '../core/ingest/notification.ts';
import { draftIncident, findAlertIncident, planIngest, proposeUpdate, type IngestContext } from '../core/ingest/plan.ts';
import { alertPullRequestText, alertRows, withLatestNotification } from '../core/ingest/pull-request.ts';
import { formatForReaders } from '../core/scaffold/preview.ts';
import { commitPaths, fetchBranch, GitError, parseGitHubRemote, pushHeadTo, remoteDefaultBranch, remoteUrl, withWorktree } from '../io/git.ts';

import { apiBaseFromEnv, createOctokit, GitHubError, repositoryFromEnv, tokenFromEnv, type GitHubTarget } from '../io/github.ts';
import { commentOnPullRequest, listPullRequests, updatePullRequest, type PullSummary } from '../io/github-pulls.ts';
import { reportWritten } from './ingest-report.ts';
import { createPullRequest } from './pull-request.ts';
import { loadRepoState, RefusedError, validateAndWrite, type RepoState } from './write-content.ts';

const REMOTE = 'origin';

interface GitHubSide {
  octokit: Octokit;
  target: GitHubTarget;
}

/**
 * `kabar ingest --pr`. One pull request per alert at a time, found by the marker in its body and
 * a Kabar branch of this repository as its head (markers can be copied into any pull request):
 * while one is open, notifications go to it (a commit on its branch, its alert table kept
 * current) instead of opening another. Otherwise a proposal becomes a new pull request, unless
 * a person closed the same proposal for the same firing episode: that "no" stands.
 */
export async function ingestWithPullRequest(state: RepoState, ctx: IngestContext, env: Record<string, string | undefined>): Promise<void> {
  const github = await connect(state.root, env);
  const repository = `${github.target.owner}/${github.target.repo}`;
  const marked = await listPullRequests(github.octokit, github.target, (p) => notAlertPull(p, repository) === undefined).catch(refuse('find the pull requests of this alert'));
  const pulls = marked.filter((p) => readPullRequestMarker(p.body)!.key === ctx.key);
  const open = pulls.find((p) => p.state === 'open');
  if (open) return onOpenPullRequest(state, ctx, github, open);

  const incident = findAlertIncident(state.files, state.incidents, ctx.key);
  const plan = planIngest(ctx.notification, incident);
  if (plan.kind === 'none') return void console.log(`Nothing proposed: ${plan.reason}.`);
  const kind: ProposalKind = plan.kind === 'draft' ? 'draft' : plan.reason === 'resolved' ? 'monitoring' : 'returned';
  const declined = pulls.find((p) => p.state === 'closed' && !p.merged && sameProposal(readPullRequestMarker(p.body)!, kind, ctx.notification));
  if (declined) {
    return void console.log(`Nothing proposed: a person closed #${declined.number} (${declined.url}), the same proposal for this alert; it is not proposed again until the alert resolves and fires anew.`);
  }
  const pending = marked.filter((p) => p.state === 'open').map((p) => readPullRequestMarker(p.body)!.incident);
  const proposal = plan.kind === 'draft' ? draftIncident(ctx, state.files, pending) : proposeUpdate(ctx, incident!, plan.status, state.files.map((f) => f.path));
  const written = await validateAndWrite(state, proposal.scaffold);
  reportWritten(proposal, written, kind);
  const paths = proposal.scaffold.files.map((f) => f.path);
  const text = alertPullRequestText({ kind, notification: ctx.notification, key: ctx.key, incident: written.incident, model: written.model, impact: proposal.impact, alerts: ctx.alerts, files: paths, now: ctx.now, ...(proposal.scaffold.updateName && { updateName: proposal.scaffold.updateName }) });
  console.log('');
  const incidentDir = `incidents/${proposal.scaffold.incidentId}`;
  const outcome = await createPullRequest(state.root, { incidentDir, written: paths, incident: state.files.filter((f) => f.path.startsWith(`${incidentDir}/`)) }, text, env);
  for (const line of outcome.lines) console.log(line);
  if (outcome.failure) {
    for (const line of outcome.failure) console.error(line);
    process.exitCode = 1;
  }
}

/** The alert already has an open pull request: add the proposed update to its branch, or only note the notification. */
async function onOpenPullRequest(state: RepoState, ctx: IngestContext, github: GitHubSide, pr: PullSummary): Promise<void> {
  console.log(`Pull request #${pr.number} belongs to this alert: ${pr.url}`);
  // Checked again right before pushing: whatever a pull request says, ingest pushes to no branch but its own.
  const forbidden = alertBranchProblem(pr.head, (await remoteDefaultBranch(state.root, REMOTE)) ?? pr.base) ?? (pr.head === pr.base ? `its branch ${JSON.stringify(pr.head)} is its base` : undefined);
  if (forbidden) throw new RefusedError(`will not add to #${pr.number}: ${forbidden}; nothing was changed`);
  const ref = await fetchBranch(state.root, REMOTE, pr.head).catch((error: unknown) => {
    throw new RefusedError(`could not fetch its branch ${pr.head} (${message(error)}); nothing was changed`);
  });
  await withWorktree(state.root, ref, async (dir) => {
    const branch = await loadRepoState(dir, ctx.now);
    const incident = findAlertIncident(branch.files, branch.incidents, ctx.key);
    const plan = planIngest(ctx.notification, incident);
    if (plan.kind !== 'update') {
      const rows = alertRows(ctx.notification, ctx.alerts, ctx.config.timeZone, ctx.now);
      await updatePullRequest(github.octokit, github.target, pr.number, { body: withLatestNotification(pr.body, rows) }).catch(refuse('update the pull request'));
      const why = plan.kind === 'none' ? plan.reason : `the incident in #${pr.number} is resolved already`;
      return void console.log(`Nothing new to propose: ${why}. The alert table of #${pr.number} shows this notification.`);
    }
    const kind: ProposalKind = plan.reason === 'resolved' ? 'monitoring' : 'returned';
    const proposal = proposeUpdate(ctx, incident!, plan.status, branch.files.map((f) => f.path));
    const written = await validateAndWrite(branch, proposal.scaffold);
    reportWritten(proposal, written, kind);
    const paths = proposal.scaffold.files.map((f) => f.path);
    const title = written.incident.title[ctx.config.defaultLocale]?.text ?? written.incident.id;
    try {
      const sha = await commitPaths(dir, paths, `${kind === 'monitoring' ? 'Alert resolved' : 'Alert firing again'}: ${title} (${plan.status})\n\nFiles:\n${paths.map((p) => `  ${p}`).join('\n')}\n`);
      await pushHeadTo(dir, REMOTE, pr.head);
      console.log(`\nCommitted ${sha.slice(0, 7)} and pushed it to ${pr.head} (#${pr.number})`);
    } catch (error) {
      throw new RefusedError(`could not add the update to ${pr.head} (${message(error)}); #${pr.number} was left as it was: run kabar ingest again, or add the update by hand`);
    }
    // The body describes the whole pull request: the incident as it now stands and every file it adds.
    const base = new Set(state.files.map((f) => f.path));
    const files = [...new Set([...branch.files.map((f) => f.path), ...paths])].filter((p) => p.startsWith(`incidents/${written.incident.id}/`) && !base.has(p)).sort();
    const proposes = state.incidents.some((i) => i.id === written.incident.id) ? kind : 'draft';
    const text = alertPullRequestText({ kind: proposes, notification: ctx.notification, key: ctx.key, incident: written.incident, model: written.model, impact: proposal.impact, alerts: ctx.alerts, files, now: ctx.now });
    await updatePullRequest(github.octokit, github.target, pr.number, { body: text.body }).catch(refuse('update the pull request body (the update is pushed)'));
    const said = kind === 'monitoring' ? 'resolved' : 'fires again';
    const next = kind === 'monitoring' ? ' Merging keeps the incident open; resolving it stays a decision for a person.' : '';
    const url = await commentOnPullRequest(
      github.octokit,
      github.target,
      pr.number,
      `The alert ${said} (${SOURCE_NAMES[ctx.notification.source]}, ${formatForReaders(ctx.now, ctx.config.timeZone)}). Kabar added a **${plan.status}** update: \`${paths[0]}\`.${next}`,
    ).catch(refuse('comment on the pull request (the update is pushed)'));
    console.log(`Commented: ${url}`);
  });
}

async function connect(root: string, env: Record<string, string | undefined>): Promise<GitHubSide> {
  const token = tokenFromEnv(env);
  if (!token) throw new RefusedError('no GitHub token (set GITHUB_TOKEN or GH_TOKEN: it needs "contents: write" and "pull requests: write"); nothing was written');
  const url = await remoteUrl(root, REMOTE);
  const target = repositoryFromEnv(env) ?? (url ? parseGitHubRemote(url) : undefined);
  if (!target) throw new RefusedError(`cannot tell the GitHub repository${url ? ` from the remote URL "${url}"` : ' (there is no "origin" remote)'}: set KABAR_GITHUB_REPOSITORY=owner/repo; nothing was written`);
  return { octokit: createOctokit(token, apiBaseFromEnv(env)), target };
}

/** Whether a closed pull request made this same proposal for this same firing episode. */
function sameProposal(marker: PullRequestMarker, kind: ProposalKind, notification: AlertNotification): boolean {
  return marker.proposes === kind && (notification.repeat === true || (notification.since !== undefined && marker.since === notification.since));
}

const message = (error: unknown): string => (error instanceof GitError ? error.message.split('\n')[0]! : error instanceof Error ? error.message : String(error));

/** A GitHub failure as a refusal: what it was for, GitHub's reason and the fix. */
const refuse =
  (what: string) =>
  (error: unknown): never => {
    if (error instanceof GitHubError) throw new RefusedError(`could not ${what}: ${error.message}`);
    throw error;
  };
