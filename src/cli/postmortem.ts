import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CODEOWNERS_PATHS, ownersOf, parseCodeowners, splitReviewers } from '../core/codeowners.ts';
import { parseMarkdownFile } from '../core/content/frontmatter.ts';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { Incident } from '../core/model/types.ts';
import { postmortemFacts, type Authorship } from '../core/postmortem/history.ts';
import { isPlaceholder, needsTrackingIssue, readActionItems, withTrackingLinks, type ActionItem } from '../core/postmortem/action-items.ts';
import { actionItemIssue, postmortemPullRequestText } from '../core/postmortem/github-text.ts';
import { renderPostmortem } from '../core/postmortem/render.ts';
import { formatProblem } from '../core/problems.ts';
import { createSiteUrls } from '../core/site-urls.ts';
import { postmortemPath } from '../core/view/page-paths.ts';
import { resolveNow } from '../core/time.ts';
import { git, isGitRepo, parseGitHubRemote, remoteUrl, topLevel } from '../io/git.ts';
import { apiBaseFromEnv, classifyGitHubError, createOctokit, CREATE_ISSUES, READ_PULL_REQUESTS, repositoryFromEnv, REQUEST_REVIEWS, tokenFromEnv, type GitHubTarget } from '../io/github.ts';
import { collectList } from './options.ts';
import { createPullRequest } from './pull-request.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { findIncident, loadRepoState, RefusedError, refuseSymlinkedWrites } from './write-content.ts';

interface PostmortemOptions {
  root?: string;
  author?: string[];
  reviewer?: string[];
  pr?: boolean;
  issues?: boolean;
}

export function registerPostmortem(program: Command): void {
  program
    .command('postmortem <id>')
    .description('Write incidents/<id>/postmortem.md as a draft, prefilled from the incident history: impact, timeline with who committed each update, key durations, communication review and related incidents.')
    .option('--author <name>', 'an author (repeatable; default: your git user.name)', collectList)
    .option('--reviewer <name>', 'a reviewer (repeatable): a name, or @login / @org/team to request a review on GitHub with --pr', collectList)
    .option('--pr', 'commit the draft on a new branch, push it and open a pull request requesting reviewers (from --reviewer @logins, else CODEOWNERS)')
    .option('--issues', 'for a published postmortem: open a GitHub issue for each action item without a tracking issue, and write the links into the file')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  kabar postmortem 2026-11-20-checkout-errors
  kabar postmortem checkout-errors --author "Rina Hartono" --reviewer "Ayu Lestari"
  kabar postmortem 2026-11-20-checkout-errors --pr --reviewer @ayu --reviewer @shop/payments
  kabar postmortem 2026-11-20-checkout-errors --issues

The file is a draft: the site shows it only once its status is "published".
An existing postmortem.md is never replaced.
With GITHUB_TOKEN (or GH_TOKEN) set and a GitHub remote, pull requests and their
reviewers are looked up; without, git alone is used and the file says so.
--pr requests reviews from the --reviewer @logins and @org/teams given, or else
from the owners CODEOWNERS names for the postmortem file.
--issues works on an existing, published postmortem: each Action items row with
an empty Tracking issue cell gets an issue (labels: postmortem and its type;
assigned to an @login in its Owner cell), and only those cells are rewritten.
Run it again after a failure: rows that have a link are skipped.`,
    )
    .action((id: string, options: PostmortemOptions) => runCommand('postmortem', () => (options.issues ? openTrackingIssues(id, options) : writePostmortem(id, options))));
}

/** The repository, the incident and where its postmortem lives. */
async function locatePostmortem(id: string, options: PostmortemOptions) {
  const now = resolveNow(process.env);
  const root = findRepoRoot(options.root ?? process.cwd());
  const state = await loadRepoState(root, now);
  const source = findIncident(state, id);
  return { now, root, state, source, relative: `incidents/${source.id}/postmortem.md` };
}

async function writePostmortem(id: string, options: PostmortemOptions): Promise<void> {
  const { now, root, state, source, relative } = await locatePostmortem(id, options);
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
  const review = await reviewersFor(root, relative, options.reviewer ?? []);
  const facts = postmortemFacts(incident, model.incidents, state.config, authorship, now);
  const text = renderPostmortem(facts, state.config, { authors, reviewers: review.recorded, provenance });

  const absolute = path.join(root, relative);
  await refuseSymlinkedWrites(root, [relative]);
  await mkdir(path.dirname(absolute), { recursive: true });
  try {
    await writeFile(absolute, text, { encoding: 'utf8', flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RefusedError(`${relative} exists already; nothing was written (Kabar never overwrites a file)`);
    throw error;
  }
  console.log(`Wrote ${relative} (status: draft).`);
  console.log(provenance === 'github' ? 'Timeline authors and pull requests from git and GitHub.' : 'Timeline authors from git alone (set GITHUB_TOKEN for pull request authors and reviewers).');
  if (!options.pr) {
    console.log('Next: fill in the TODO sections (customers read only the part above the kabar:internal line), then set "status: in-review", and "published: <date>" with "status: published" once approved.');
    return;
  }
  console.log('');
  const incidentDir = `incidents/${source.id}`;
  const incidentFiles = state.files.filter((f) => f.path.startsWith(`${incidentDir}/`));
  const outcome = await createPullRequest(root, { incidentDir, written: [relative], incident: incidentFiles }, postmortemPullRequestText(facts, state.config, relative, review.recorded), process.env);
  for (const line of outcome.lines) console.log(line);
  if (outcome.failure) {
    for (const line of outcome.failure) console.error(line);
    if (review.users.length + review.teams.length > 0) console.error(`  then request reviews from ${[...review.users, ...review.teams].map((r) => `@${r}`).join(', ')}`);
    process.exitCode = 1;
    return;
  }
  if (outcome.pull && outcome.target) await requestReviews(outcome.target, outcome.pull, review);
  console.log('Next: fill in the TODO sections on the branch, then set "status: in-review".');
}

interface ReviewRequest {
  /** GitHub logins and team slugs to request. */
  users: string[];
  teams: string[];
  /** What the frontmatter lists as reviewers. */
  recorded: string[];
  /** Where the GitHub reviewers came from, for the message. */
  source: 'flags' | string;
  /** Reviewers that cannot be requested on GitHub (plain names, e-mail owners). */
  notRequestable: string[];
}

/** Reviewers from `--reviewer` flags; without any `@` reviewer among them, from CODEOWNERS. */
async function reviewersFor(root: string, relative: string, flags: readonly string[]): Promise<ReviewRequest> {
  const given = splitReviewers(flags);
  if (given.users.length + given.teams.length > 0 || !(await isGitRepo(root))) {
    return { users: given.users, teams: given.teams, recorded: [...flags], source: 'flags', notRequestable: given.names };
  }
  // CODEOWNERS paths are relative to the top of the git repository, which may hold the status repo in a subdirectory.
  const top = await topLevel(root);
  for (const candidate of CODEOWNERS_PATHS) {
    const text = await readFile(path.join(top, candidate), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const owners = ownersOf(parseCodeowners(text), path.relative(top, path.join(root, relative)).split(path.sep).join('/'));
    return { users: owners.users, teams: owners.teams, recorded: flags.length ? [...flags] : owners.all, source: candidate, notRequestable: [...given.names, ...owners.emails] };
  }
  return { users: [], teams: [], recorded: [...flags], source: 'flags', notRequestable: given.names };
}

/** Asks for reviews on the opened pull request; a failure is a warning: the pull request exists. */
async function requestReviews(target: GitHubTarget, pull: { number: number; author?: string }, review: ReviewRequest): Promise<void> {
  // GitHub refuses a review request from the pull request's own author.
  const users = review.users.filter((u) => u.toLowerCase() !== pull.author?.toLowerCase());
  if (review.notRequestable.length) console.log(`Not requested on GitHub (not a @login or @org/team): ${review.notRequestable.join(', ')}`);
  if (users.length + review.teams.length === 0) {
    console.log(review.users.length ? 'No reviewer requested: the only one named opened the pull request.' : 'No reviewer requested: pass --reviewer @login, or add a CODEOWNERS rule for incidents/.');
    return;
  }
  const token = tokenFromEnv(process.env)!;
  const octokit = createOctokit(token, apiBaseFromEnv(process.env));
  const names = [...users.map((u) => `@${u}`), ...review.teams.map((t) => `@${target.owner}/${t}`)];
  try {
    await octokit.rest.pulls.requestReviewers({ ...target, pull_number: pull.number, reviewers: users, team_reviewers: review.teams });
    console.log(`Requested reviews from ${names.join(', ')}${review.source === 'flags' ? '' : ` (from ${review.source})`}`);
  } catch (error) {
    const why = classifyGitHubError(error, `${target.owner}/${target.repo}`, REQUEST_REVIEWS).message;
    console.error(`Warning: could not request reviews from ${names.join(', ')}: ${why}`);
    console.error(`Next: request them on pull request #${pull.number}.`);
  }
}

/**
 * `--issues`: one GitHub issue per action item of a published postmortem that
 * has no tracking link yet. The links of the issues opened are written back
 * into their rows even when GitHub fails half-way, so nothing is lost and a
 * re-run opens only the rest.
 */
async function openTrackingIssues(id: string, options: PostmortemOptions): Promise<void> {
  const { now, root, state, source, relative } = await locatePostmortem(id, options);
  const file = state.files.find((f) => f.path === relative);
  if (!file) throw new RefusedError(`${relative} does not exist yet (write it with "kabar postmortem ${source.id}", have it reviewed and published, then run --issues)`);
  const parsed = parseMarkdownFile(relative, file.text);
  if (!parsed.ok) throw new RefusedError(`${relative} cannot be read:\n${parsed.problems.map(formatProblem).join('\n')}`);
  const postmortem = source.postmortem;
  if (!postmortem) throw new RefusedError(`${relative} has errors (run "kabar check ${relative}" to see them)`);
  if (postmortem.status !== 'published') {
    throw new RefusedError(`${relative} is "${postmortem.status}"; --issues opens tracking issues once the postmortem is published (set "status: published" and "published: <date>", merge it, then run this again)`);
  }
  // Offsets of the action items are in the body; the body is the end of the file.
  const { body } = parsed.doc;
  if (!file.text.endsWith(body)) throw new RefusedError(`${relative}: could not locate the body after the frontmatter; nothing was changed`);
  const bodyOffset = file.text.length - body.length;
  const table = readActionItems(body);
  if (table.missing) throw new RefusedError(`${relative}: ${table.missing} (expected the table the template starts with: | Action | Type | Owner | Priority | Tracking issue |)`);
  const todo = table.items.filter(needsTrackingIssue);
  const placeholders = table.items.filter(isPlaceholder);
  for (const p of placeholders) console.log(`Skipped line ${parsed.doc.bodyLine + p.line - 1}: "${p.action || '(empty)'}" is not an action yet`);
  if (todo.length === 0) {
    console.log(`Every action item in ${relative} has a tracking issue already; nothing to do.`);
    return;
  }

  const token = tokenFromEnv(process.env);
  if (!token) throw new RefusedError(`no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a token with "issues: write" and run this again; nothing was changed`);
  const url = (await isGitRepo(root)) ? await remoteUrl(root, 'origin') : undefined;
  const target = repositoryFromEnv(process.env) ?? (url ? parseGitHubRemote(url) : undefined);
  if (!target) throw new RefusedError(`cannot tell the GitHub repository (no GitHub "origin" remote): set KABAR_GITHUB_REPOSITORY=owner/repo and run this again; nothing was changed`);

  const model = buildStatusModel(state.incidents, state.config, now);
  const incident = model.byId.get(source.id)!;
  const urls = createSiteUrls(state.config, {});
  const page = urls.perDomain ? urls.absolute(state.config.defaultLocale, postmortemPath(source.id)) : undefined;
  const octokit = createOctokit(token, apiBaseFromEnv(process.env));
  const created: { item: ActionItem; link: string }[] = [];
  let failure: string | undefined;
  for (const item of todo) {
    const issue = actionItemIssue(item, incident, state.config, { file: relative, line: parsed.doc.bodyLine + item.line - 1, ...(page && { page }) });
    try {
      const { data } = await octokit.rest.issues.create({ ...target, title: issue.title, body: issue.body, labels: issue.labels });
      created.push({ item, link: `[#${data.number}](${data.html_url})` });
      console.log(`Opened issue #${data.number} for "${item.action}": ${data.html_url}`);
      if (issue.assignees.length) {
        // Assigned separately: GitHub refuses a new issue whose assignee cannot be assigned, and the issue matters more.
        const assigned = await octokit.rest.issues.addAssignees({ ...target, issue_number: data.number, assignees: issue.assignees }).then(
          (r) => (r.data.assignees ?? []).map((a) => a.login),
          () => [] as string[],
        );
        const missed = issue.assignees.filter((a) => !assigned.includes(a));
        if (missed.length) console.error(`Warning: could not assign #${data.number} to ${missed.map((a) => `@${a}`).join(', ')} (not a collaborator?); assign it on GitHub`);
      }
    } catch (error) {
      failure = classifyGitHubError(error, `${target.owner}/${target.repo}`, CREATE_ISSUES).message;
      break;
    }
  }
  if (created.length > 0) {
    // Re-read: never write over a change made while the issues were being opened.
    await refuseSymlinkedWrites(root, [relative]);
    const current = await readFile(path.join(root, relative), 'utf8');
    if (current !== file.text) {
      console.error(`${relative} changed while the issues were opened; it was left as it is. Add these links to the Tracking issue column yourself:`);
      for (const c of created) console.error(`  line ${parsed.doc.bodyLine + c.item.line - 1}: ${c.link}`);
      process.exitCode = 1;
      return;
    }
    await writeFile(path.join(root, relative), file.text.slice(0, bodyOffset) + withTrackingLinks(body, created), 'utf8');
    console.log(`Wrote ${created.length} tracking link${created.length === 1 ? '' : 's'} into ${relative}.`);
  }
  if (failure) {
    console.error(`Issue not opened for "${todo[created.length]!.action}": ${failure}`);
    console.error(`${todo.length - created.length} action item${todo.length - created.length === 1 ? '' : 's'} still without a tracking issue. Next: fix the cause, then run "kabar postmortem ${source.id} --issues" again (rows with a link are skipped).`);
    process.exitCode = 1;
  }
  if (created.length > 0) console.log(`Next: commit ${relative} (git add ${relative} && git commit -m "Postmortem: tracking issues for action items"), and open a pull request.`);
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
    return `the pull request lookup failed: ${classifyGitHubError(error, `${target.owner}/${target.repo}`, READ_PULL_REQUESTS).message}`;
  }
}
