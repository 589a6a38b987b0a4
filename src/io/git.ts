import { execFile } from 'node:child_process';

/** A failed git command, with git's own message (it usually names the fix). */
export class GitError extends Error {
  readonly args: readonly string[];
  constructor(args: readonly string[], message: string) {
    super(message);
    this.name = 'GitError';
    this.args = args;
  }
}

/** Runs git in `cwd` without a shell (paths and messages are passed as arguments, never interpolated). */
export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, (stderr || stdout || error.message).trim()));
      else resolve(stdout.trim());
    });
  });
}

export async function isGitRepo(cwd: string): Promise<boolean> {
  try {
    return (await git(cwd, ['rev-parse', '--is-inside-work-tree'])) === 'true';
  } catch {
    return false;
  }
}

/** The checked-out branch, or undefined on a detached HEAD. */
export async function currentBranch(cwd: string): Promise<string | undefined> {
  const name = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']).catch(() => 'HEAD');
  return name === 'HEAD' ? undefined : name;
}

export async function branchExists(cwd: string, branch: string): Promise<boolean> {
  return git(cwd, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]).then(
    () => true,
    () => false,
  );
}

/** A branch name not used yet locally: `name`, else `name-2`, ... */
export async function freeBranchName(cwd: string, name: string): Promise<string> {
  if (!(await branchExists(cwd, name))) return name;
  for (let n = 2; ; n++) if (!(await branchExists(cwd, `${name}-${n}`))) return `${name}-${n}`;
}

/** Creates `branch` at HEAD and switches to it; the working tree (with the new files) comes along. */
export async function switchToNewBranch(cwd: string, branch: string): Promise<void> {
  await git(cwd, ['switch', '-c', branch]);
}

/** Commits exactly `paths`, whatever else is staged or modified in the working tree. */
export async function commitPaths(cwd: string, paths: readonly string[], message: string): Promise<string> {
  await git(cwd, ['add', '--', ...paths]);
  await git(cwd, ['commit', '--quiet', '-m', message, '--only', '--', ...paths]);
  return git(cwd, ['rev-parse', 'HEAD']);
}

export async function pushBranch(cwd: string, remote: string, branch: string): Promise<void> {
  await git(cwd, ['push', '--quiet', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
}

export async function remoteUrl(cwd: string, remote: string): Promise<string | undefined> {
  return git(cwd, ['remote', 'get-url', remote]).catch(() => undefined);
}

/**
 * `owner/repo` of a GitHub remote URL in its usual forms: https://host/o/r(.git),
 * git@host:o/r(.git), ssh://git@host(:port)/o/r(.git). Undefined for anything else
 * (a local path, for instance).
 */
export function parseGitHubRemote(url: string): { owner: string; repo: string } | undefined {
  const patterns = [
    /^https?:\/\/(?:[^@/]+@)?[^/]+\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/,
    /^ssh:\/\/(?:[^@/]+@)?[^/]+\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/,
    /^(?:[^@/]+@)?[^:/]+:([^/]+)\/([^/]+?)(?:\.git)?\/?$/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(url.trim());
    if (match) return { owner: match[1]!, repo: match[2]! };
  }
  return undefined;
}

/** Top directory of the working tree containing `cwd`. */
export function topLevel(cwd: string): Promise<string> {
  return git(cwd, ['rev-parse', '--show-toplevel']);
}

/**
 * Checks `ref` out into a detached worktree inside the repository's git
 * directory (so a config importing packages still finds node_modules above it),
 * runs `body` with its path, and removes it again.
 */
export async function withWorktree<T>(cwd: string, ref: string, body: (dir: string) => Promise<T>): Promise<T> {
  const common = await git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  const dir = `${common}/kabar-preview-${process.pid}-${Date.now()}`;
  await git(cwd, ['worktree', 'add', '--quiet', '--detach', dir, ref]);
  try {
    return await body(dir);
  } finally {
    await git(cwd, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
  }
}

/** Files that differ between `ref` and the working tree (untracked ones included), relative to the top level. */
export async function changedSince(cwd: string, ref: string): Promise<string[]> {
  const [diff, untracked] = await Promise.all([
    git(cwd, ['diff', '--name-only', '--no-renames', ref, '--']),
    git(cwd, ['ls-files', '--others', '--exclude-standard']),
  ]);
  return [...new Set([...diff.split('\n'), ...untracked.split('\n')].filter(Boolean))].sort();
}

/** Files under `dir` (relative to `cwd`) that git does not track yet, relative to `cwd`. */
export async function untrackedUnder(cwd: string, dir: string): Promise<string[]> {
  const out = await git(cwd, ['ls-files', '--others', '--exclude-standard', '--', dir]);
  return out.split('\n').filter(Boolean).sort();
}

/** Which of `paths` git tracks (a deleted file stays tracked until the deletion is committed). */
export async function trackedAmong(cwd: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const out = await git(cwd, ['ls-files', '--', ...paths]);
  return out.split('\n').filter(Boolean);
}
