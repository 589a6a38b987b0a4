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

export interface GitOptions {
  /** Written to git's standard input (for plumbing such as `hash-object --stdin`). */
  input?: string;
  /** Extra environment, e.g. a commit identity. */
  env?: Readonly<Record<string, string>>;
}

/** Runs git in `cwd` without a shell (paths and messages are passed as arguments, never interpolated). */
export function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', [...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new GitError(args, (stderr || stdout || error.message).trim()));
      else resolve(stdout.trim());
    });
    // git may exit before reading its input (or never read it); a closed pipe is not an error here.
    child.stdin?.on('error', () => undefined);
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
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

/**
 * The branch pull requests should target: the remote's default branch (its HEAD), as
 * `git ls-remote --symref` reports it; undefined when the remote cannot be asked.
 */
export async function remoteDefaultBranch(cwd: string, remote: string): Promise<string | undefined> {
  const out = await git(cwd, ['ls-remote', '--symref', remote, 'HEAD']).catch(() => '');
  return /^ref: refs\/heads\/(\S+)\s+HEAD$/m.exec(out)?.[1];
}

/** Branch names on the remote (without `refs/heads/`) that start with `prefix`. */
export async function remoteBranches(cwd: string, remote: string, prefix: string): Promise<string[]> {
  const out = await git(cwd, ['ls-remote', '--heads', remote, `refs/heads/${prefix}*`]).catch(() => '');
  return out.split('\n').flatMap((line) => /\trefs\/heads\/(.+)$/.exec(line)?.[1] ?? []);
}

/** Fetches `branch` from `remote` into `refs/remotes/<remote>/<branch>`; resolves to that ref. */
export async function fetchBranch(cwd: string, remote: string, branch: string): Promise<string> {
  await git(cwd, ['fetch', '--quiet', remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`]);
  return `refs/remotes/${remote}/${branch}`;
}

/** Files under `dir` in the tree of `ref`. */
export async function filesAt(cwd: string, ref: string, dir: string): Promise<string[]> {
  const out = await git(cwd, ['ls-tree', '-r', '--name-only', ref, '--', dir]).catch(() => '');
  return out.split('\n').filter(Boolean);
}

/** Whether `path` is tracked at HEAD. */
export async function trackedAtHead(cwd: string, path: string): Promise<boolean> {
  return git(cwd, ['cat-file', '-e', `HEAD:${path}`]).then(
    () => true,
    () => false,
  );
}

/**
 * Runs `body` in a new worktree on a new branch `branch` starting at `start`, inside the
 * repository's git directory (so the user's checkout, branch and files stay as they are),
 * and removes the worktree afterwards; the branch and its commits are kept.
 */
export async function withBranchWorktree<T>(cwd: string, branch: string, start: string, body: (dir: string) => Promise<T>): Promise<T> {
  const common = await git(cwd, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  const dir = `${common}/kabar-pr-${process.pid}-${Date.now()}`;
  await git(cwd, ['worktree', 'add', '--quiet', '--no-track', '-b', branch, dir, start]);
  try {
    return await body(dir);
  } finally {
    await git(cwd, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
  }
}

/** A file's exact content at `ref` (no trimming: the bytes must match wherever it is committed again). */
export function showFile(cwd: string, ref: string, file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['show', `${ref}:${file}`], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new GitError(['show', `${ref}:${file}`], (stderr || error.message).trim()));
      else resolve(stdout);
    });
  });
}
/** Which of `paths` git tracks (a deleted file stays tracked until the deletion is committed). */
export async function trackedAmong(cwd: string, paths: readonly string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const out = await git(cwd, ['ls-files', '--', ...paths]);
  return out.split('\n').filter(Boolean);
}

/**
 * Pushes the current commit of `cwd` (a worktree of an open pull request's branch) to that branch.
 * Not forced: if someone pushed meanwhile, it fails instead of overwriting their work.
 */
export async function pushHeadTo(cwd: string, remote: string, branch: string): Promise<void> {
  await git(cwd, ['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
}

/**
 * Commits of HEAD's history that changed `file` (relative to `cwd`), newest first, with their
 * committer time (epoch ms). Empty when git cannot tell (not a repository, file never committed).
 * In a shallow clone the oldest one listed is the clone's boundary, not the file's first commit.
 */
export async function commitsOf(cwd: string, file: string): Promise<{ commit: string; at: number }[]> {
  const out = await git(cwd, ['log', '--format=%H %ct', 'HEAD', '--', file]).catch(() => '');
  return out.split('\n').flatMap((line) => {
    const [commit, seconds] = line.split(' ');
    return commit && seconds ? [{ commit, at: Number(seconds) * 1000 }] : [];
  });
}
