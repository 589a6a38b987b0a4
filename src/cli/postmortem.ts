import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { Incident } from '../core/model/types.ts';
import { postmortemFacts, type Authorship } from '../core/postmortem/history.ts';
import { renderPostmortem } from '../core/postmortem/render.ts';
import { resolveNow } from '../core/time.ts';
import { git, isGitRepo, parseGitHubRemote, remoteUrl } from '../io/git.ts';
import { apiBaseFromEnv, createOctokit, repositoryFromEnv, tokenFromEnv, type GitHubTarget } from '../io/github.ts';
import { collectList } from './options.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { findIncident, loadRepoState, RefusedError } from './write-content.ts';

interface PostmortemOptions {
  root?: string;
  author?: string[];
  reviewer?: string[];
}

export function registerPostmortem(program: Command): void {
  program
    .command('postmortem <id>')
    .description('Write incidents/<id>/postmortem.md as a draft, prefilled from the incident history: impact, timeline with who committed each update, key durations, communication review and related incidents.')
    .option('--author <name>', 'an author (repeatable; default: your git user.name)', collectList)
    .option('--reviewer <name>', 'a reviewer (repeatable)', collectList)
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  kabar postmortem 2026-11-20-checkout-errors
  kabar postmortem checkout-errors --author "Rina Hartono" --reviewer "Ayu Lestari"

The file is a draft: the site shows it only once its status is "published".
An existing postmortem.md is never replaced.
With GITHUB_TOKEN (or GH_TOKEN) set and a GitHub remote, pull requests and their
reviewers are looked up; without, git alone is used and the file says so.`,
    )
    .action((id: string, options: PostmortemOptions) => runCommand('postmortem', () => writePostmortem(id, options)));
}

async function writePostmortem(id: string, options: PostmortemOptions): Promise<void> {
  const now = resolveNow(process.env);
  const root = findRepoRoot(options.root ?? process.cwd());
  const state = await loadRepoState(root, now);
  const source = findIncident(state, id);
  const relative = `incidents/${source.id}/postmortem.md`;
  if (state.files.some((f) => f.path === relative)) throw new RefusedError(`${relative} exists already; nothing was written (Kabar never overwrites a file; edit it, or delete it to start over)`);
  const model = buildStatusModel(state.incidents, state.config, now);
  const incident = model.byId.get(source.id);
  if (!incident) throw new RefusedError(`incidents/${source.id}/ could not be read (run "kabar check")`);
  if (incident.type !== 'incident') throw new RefusedError(`${source.id} is a maintenance, not an incident; postmortems are written for incidents`);

  const inGit = await isGitRepo(root);
  const authorship = inGit ? await gitAuthorship(root, incident) : new Map<string, Authorship>();
  const github = inGit ? await githubContext(root, process.env) : undefined;
  let provenance: 'git' | 'github' = 'git';
  if (github) {
    const warning = await addPullRequests(github, authorship);
    if (warning) console.error(`kabar postmortem: ${warning}; the file uses git alone`);
    else provenance = 'github';
  }
  const authors = options.author?.length ? options.author : inGit ? [await git(root, ['config', 'user.name']).catch(() => '')].filter(Boolean) : [];
  const text = renderPostmortem(postmortemFacts(incident, model.incidents, state.config, authorship, now), state.config, { authors, reviewers: options.reviewer ?? [], provenance });

  const absolute = path.join(root, relative);
  await mkdir(path.dirname(absolute), { recursive: true });
  try {
    await writeFile(absolute, text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RefusedError(`${relative} exists already; nothing was written (Kabar never overwrites a file)`);
    throw error;
  }
  console.log(`Wrote ${relative} (status: draft).`);
  console.log(provenance === 'github' ? 'Timeline authors and pull requests from git and GitHub.' : 'Timeline authors from git alone (set GITHUB_TOKEN for pull request authors and reviewers).');
  console.log('Next: fill in the TODO sections, then set "status: in-review", and "published: <date>" with "status: published" once approved.');
}

const PR_IN_SUBJECT = [/\(#(\d+)\)\s*$/, /^Merge pull request #(\d+)/];
const prFromSubject = (subject: string): number | undefined => {
  for (const re of PR_IN_SUBJECT) {
    const m = re.exec(subject);
    if (m) return Number(m[1]);
  }
  return undefined;
};

/**
 * The commit that added each update file, and its author. A pull request
 * number comes from that commit's subject ("... (#12)", squash merges) or from
 * the first merge commit that brought it in ("Merge pull request #12").
 */
export async function gitAuthorship(root: string, incident: Incident): Promise<Map<string, Authorship>> {
  const out = new Map<string, Authorship>();
  for (const update of incident.updates) {
    const log = await git(root, ['log', '--diff-filter=A', '--format=%H%x09%an%x09%s', '--', update.file]).catch(() => '');
    const line = log.split('\n').filter(Boolean).at(-1);
    if (!line) continue;
    const [sha = '', author = '', subject = ''] = line.split('\t');
    let pr = prFromSubject(subject);
    if (pr === undefined) {
      // The first merge that brought the commit in from a side branch (not one it was already on the main line of).
      const merges = await git(root, ['log', '--merges', '--ancestry-path', '--reverse', '--format=%H%x09%s', `${sha}..HEAD`]).catch(() => '');
      for (const merge of merges.split('\n').filter(Boolean)) {
        const [mergeSha = '', mergeSubject = ''] = merge.split('\t');
        const onMainLine = await git(root, ['merge-base', '--is-ancestor', sha, `${mergeSha}^1`]).then(() => true, () => false);
        if (onMainLine) continue;
        pr = prFromSubject(mergeSubject);
        break;
      }
    }
    out.set(update.file, { sha, author, ...(pr !== undefined && { pr }) });
  }
  return out;
}

interface GitHubContext {
  target: GitHubTarget;
  octokit: ReturnType<typeof createOctokit>;
}

async function githubContext(root: string, env: Record<string, string | undefined>): Promise<GitHubContext | undefined> {
  const token = tokenFromEnv(env);
  if (!token) return undefined;
  const url = await remoteUrl(root, 'origin');
  const target = repositoryFromEnv(env) ?? (url ? parseGitHubRemote(url) : undefined);
  if (!target) return undefined;
  return { target, octokit: createOctokit(token, apiBaseFromEnv(env)) };
}

/** Pull request, its author and reviewers for each commit, from GitHub. Returns a warning instead of throwing. */
async function addPullRequests(github: GitHubContext, authorship: Map<string, Authorship>): Promise<string | undefined> {
  const { octokit, target } = github;
  const reviewersOf = new Map<number, string[]>();
  try {
    for (const [file, a] of authorship) {
      const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...target, commit_sha: a.sha });
      const pull = pulls.find((p) => p.merged_at) ?? pulls[0];
      if (!pull) continue;
      if (!reviewersOf.has(pull.number)) {
        const { data: reviews } = await octokit.rest.pulls.listReviews({ ...target, pull_number: pull.number });
        reviewersOf.set(pull.number, [...new Set(reviews.map((r) => r.user?.login).filter((l): l is string => Boolean(l)))]);
      }
      authorship.set(file, { ...a, pr: pull.number, ...(pull.user?.login && { prAuthor: pull.user.login }), prReviewers: reviewersOf.get(pull.number) ?? [] });
    }
    return undefined;
  } catch (error) {
    const status = (error as { status?: number }).status;
    return `GitHub lookup failed${status ? ` (${status})` : ''}: ${(error as Error).message.split('\n')[0]}`;
  }
}
