import { git } from './git.ts';

/**
 * Working on a branch that exists only on the remote (an open pull request's), without
 * touching the checked-out branch: fetch it, change it in a temporary worktree (withWorktree in
 * git.ts), push the worktree's commit back. A push that is not a fast-forward (someone pushed
 * meanwhile) fails instead of overwriting their work.
 */

/** The remote-tracking ref of `branch` after fetching it: `refs/remotes/<remote>/<branch>`. */
export async function fetchBranch(cwd: string, remote: string, branch: string): Promise<string> {
  const ref = `refs/remotes/${remote}/${branch}`;
  await git(cwd, ['fetch', '--quiet', remote, `+refs/heads/${branch}:${ref}`]);
  return ref;
}

export async function pushHeadTo(cwd: string, remote: string, branch: string): Promise<void> {
  await git(cwd, ['push', '--quiet', remote, `HEAD:refs/heads/${branch}`]);
}
