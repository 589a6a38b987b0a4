import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentFile } from '../core/content/types.ts';
import type { PullRequestText } from '../core/scaffold/pull-request.ts';
import { commitPaths, currentBranch, fetchBranch, filesAt, freeBranchName, git, GitError, isGitRepo, parseGitHubRemote, remoteDefaultBranch, remoteUrl, trackedAmong, withBranchWorktree } from '../io/git.ts';
import { apiBaseFromEnv, classifyGitHubError, createOctokit, GitHubError, openPullRequest, repositoryFromEnv, tokenFromEnv, webBaseFromEnv, type GitHubTarget } from '../io/github.ts';

const REMOTE = 'origin';

export interface PullRequestOutcome {
  ok: boolean;
  /** What was done, step by step. */
  lines: string[];
  /** On failure: what went wrong, what is kept, and exactly what to do next. */
  failure?: string[];
  url?: string;
  /** The opened pull request, and who opened it. */
  pull?: { number: number; author?: string };
  /** The repository it was opened on. */
  target?: GitHubTarget;
}

/** What goes into the pull request. */
export interface PullRequestFiles {
  /** `incidents/<id>` (or the directory the change is about). */
  incidentDir: string;
  /** Files this command wrote into the working tree. */
  written: readonly string[];
  /** Files this command deleted from the working tree (an import retracting what its source dropped). */
  removed?: readonly string[];
  /**
   * Whether a written file may replace one the default branch has (an import refreshing what it
   * wrote before). Otherwise a file the default branch already has with other content is refused:
   * someone posted under that name first.
   */
  replaces?: boolean;
  /**
   * The incident's other files as this command saw them (from the working tree, or from the
   * branch of its own pull request when that is not merged yet): those the base branch lacks go
   * in too, so the pull request passes its check whichever is merged first.
   */
  incident: readonly ContentFile[];
}

class WouldOverwrite extends Error {}

const SUFFIX_LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const branchSuffix = (): string => [...randomBytes(4)].map((b) => SUFFIX_LETTERS[b % SUFFIX_LETTERS.length]).join('');

/**
 * `--pr`: a branch from the repository's default branch, one commit, push, the pull request,
 * its labels. The user's checkout is never switched: the branch is made in a worktree of its
 * own. Each step that succeeded is kept; a failure later on leaves the files written (and
 * committed on the branch), and the message lists the remaining steps as commands to copy.
 * Once the pull request is open, the files this command wrote leave the working tree (they live
 * on the branch), so pulling the merged change later meets no untracked copies.
 */
export async function createPullRequest(root: string, files: PullRequestFiles, text: PullRequestText, env: Record<string, string | undefined>): Promise<PullRequestOutcome> {
  const lines: string[] = [];
  const { written } = files;
  let committed = false;
  const fail = (why: string, next: string[]): PullRequestOutcome => ({
    ok: false,
    lines,
    failure: [`Pull request not opened: ${why}`, `The files are written in your working tree${committed ? ' and committed on the branch' : ''}.`, 'Next:', ...next.map((n) => `  ${n}`)],
  });
  if (!(await isGitRepo(root))) return fail('this directory is not a git repository', ['git init && git remote add origin <url>, then commit the files and open a pull request']);

  const current = await currentBranch(root);
  const url = await remoteUrl(root, REMOTE);
  const target = repositoryFromEnv(env) ?? (url ? parseGitHubRemote(url) : undefined);
  const repoName = target ? `${target.owner}/${target.repo}` : undefined;
  // Every pull request targets the default branch: one based on an unmerged branch would publish nothing when merged.
  const baseBranch = env.KABAR_BASE_BRANCH?.trim() || (url ? await remoteDefaultBranch(root, REMOTE) : undefined) || current || 'main';
  let start = 'HEAD';
  if (url) {
    try {
      start = await fetchBranch(root, REMOTE, baseBranch);
    } catch (error) {
      return fail(`could not fetch ${baseBranch} from ${REMOTE} (${error instanceof GitError ? error.message : String(error)})`, [`git fetch ${REMOTE} ${baseBranch}`, 'then run the command again with --pr']);
    }
  }
  // A short random suffix: two people posting to one incident in the same minute get two branches.
  // Letters only, so it never reads as the "-2" of a second update name in the same minute.
  const branch = await freeBranchName(root, `${text.branch}-${branchSuffix()}`);
  const web = webBaseFromEnv(env);
  const manual = `open ${repoName ? `${web}/${repoName}/compare/${baseBranch}...${branch}?expand=1` : `a pull request from ${branch} into ${baseBranch}`} (or: gh pr create --base ${baseBranch} --head ${branch})`;

  let pushError: string | undefined;
  try {
    await withBranchWorktree(root, branch, start, async (dir) => {
      const atBase = new Set(await filesAt(dir, 'HEAD', files.incidentDir));
      const toCommit: { path: string; text: string }[] = [];
      for (const file of written) {
        const text = await readFile(path.join(root, file), 'utf8');
        const before = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
        if (before === text) continue;
        if (before !== undefined && !files.replaces) throw new WouldOverwrite(file);
        toCommit.push({ path: file, text });
      }
      const companions = files.incident.filter((f) => !atBase.has(f.path) && !written.includes(f.path));
      if (companions.length > 0) lines.push(`Also in the pull request, as ${baseBranch} does not have them yet: ${companions.map((f) => f.path).join(', ')}`);
      toCommit.push(...companions);
      for (const file of toCommit) {
        await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
        await writeFile(path.join(dir, file.path), file.text);
      }
      const gone = [];
      for (const file of files.removed ?? []) if (await rm(path.join(dir, file)).then(() => true, () => false)) gone.push(file);
      const sha = await commitPaths(dir, [...toCommit.map((f) => f.path), ...gone], text.commitMessage);
      committed = true;
      lines.push(`Committed ${sha.slice(0, 7)} on a new branch ${branch}, from ${url ? `${REMOTE}/` : ''}${baseBranch} (your checkout stays on ${current ?? 'its detached HEAD'})`);
      if (!url) return;
      try {
        await git(dir, ['push', '--quiet', '--set-upstream', REMOTE, `refs/heads/${branch}:refs/heads/${branch}`]);
        lines.push(`Pushed ${branch} to ${REMOTE}`);
      } catch (error) {
        pushError = error instanceof GitError ? error.message : String(error);
      }
    });
  } catch (error) {
    if (error instanceof WouldOverwrite) {
      return fail(`${baseBranch} already has ${error.message} with other content (someone posted there first)`, [`git pull, then run the command again: it picks a free name`]);
    }
    const message = error instanceof GitError ? error.message : String(error);
    return fail(`git could not commit (${message})`, [`git add ${written.join(' ')}`, `git commit -m ${JSON.stringify(text.title)}`, 'then push a branch and open a pull request']);
  }
  if (!url) return fail(`there is no "${REMOTE}" remote to push to`, [`git remote add ${REMOTE} <url of the status repository>`, `git push -u ${REMOTE} ${branch}`, manual]);
  if (pushError !== undefined) {
    // git's own words in full: a rejected push usually says why (protected branch, no permission, hooks).
    return fail(`git push of ${branch} was refused:\n${pushError.replace(/^/gm, '    ')}`, [`git push -u ${REMOTE} ${branch}`, manual]);
  }

  const token = tokenFromEnv(env);
  const labelsHint = `add the labels: ${text.labels.join(', ')}`;
  if (!token) return fail('no GitHub token (set GITHUB_TOKEN or GH_TOKEN)', [manual, labelsHint]);
  if (!target) {
    return fail(`cannot tell the GitHub repository from the remote URL "${url}"`, [`set KABAR_GITHUB_REPOSITORY=owner/repo and open the pull request for ${branch}`, labelsHint]);
  }
  try {
    const pr = await openPullRequest(createOctokit(token, apiBaseFromEnv(env)), { ...target, head: branch, base: baseBranch, title: text.title, body: text.body, labels: text.labels });
    lines.push(`Opened pull request #${pr.number}: ${pr.url}`);
    if (pr.labelWarning) lines.push(`Warning: ${pr.labelWarning} (add them on the pull request page)`);
    await restoreCheckout(root, [...written, ...(files.removed ?? [])]);
    lines.push(`The change lives on ${branch} now; your working tree is as it was before (to change it: git switch ${branch}).`);
    return { ok: true, lines, url: pr.url, pull: { number: pr.number, ...(pr.author && { author: pr.author }) }, target };
  } catch (error) {
    const gh = error instanceof GitHubError ? error : classifyGitHubError(error, repoName ?? '');
    const retry = gh.kind === 'rate-limited' || gh.kind === 'offline' ? [`or retry later: ${manual}`] : [];
    return fail(gh.message, [`the branch ${branch} is pushed; ${manual}`, labelsHint, ...retry]);
  }
}

/**
 * Puts back what this command changed in the working tree, now that it lives on the branch: new
 * files go (and the directories that held only them), changed or deleted tracked files return to
 * the checked-out commit. Pulling the merged change later then meets nothing in the way.
 */
async function restoreCheckout(root: string, paths: readonly string[]): Promise<void> {
  const tracked = await trackedAmong(root, paths);
  if (tracked.length > 0) await git(root, ['checkout', 'HEAD', '--', ...tracked]);
  for (const file of paths.filter((p) => !tracked.includes(p))) await rm(path.join(root, file), { force: true });
  for (const dir of new Set(paths.map((f) => path.dirname(path.join(root, f))))) await rmdir(dir).catch(() => undefined);
}
