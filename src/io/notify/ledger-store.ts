import { LEDGER_FILE, parseLedger, serializeLedger, type Ledger } from '../../core/notify/ledger.ts';
import { git, GitError } from '../git.ts';

/**
 * The ledger lives on its own branch of the status repository's `origin`, one small JSON file
 * per commit, written with git's plumbing so the checked-out branch and the working tree are
 * never touched. A push that is not a fast-forward is refused by the remote, which makes the
 * push a compare-and-swap: of two runs that read the same ledger, only one can claim events.
 */
export interface LedgerSnapshot {
  /** The branch's commit the ledger was read from; undefined when the branch does not exist yet. */
  tip?: string;
  ledger?: Ledger;
}

export class LedgerStoreError extends Error {}

export interface LedgerLocation {
  root: string;
  remote: string;
  branch: string;
}

/**
 * Each run fetches the branch into a ref of its own, removed once read: two runs overlapping in
 * one clone would otherwise fight over one ref's lock ("cannot lock ref … but expected").
 */
const fetchRef = (branch: string) => `refs/kabar/${branch}-${process.pid}`;

/** The ledger on the branch; `now` is the run's clock (a ledger written in its future is refused). */
export async function readLedger(at: LedgerLocation, now: number): Promise<LedgerSnapshot> {
  const ref = fetchRef(at.branch);
  let tip: string;
  try {
    await git(at.root, ['fetch', '--quiet', '--no-tags', at.remote, `+refs/heads/${at.branch}:${ref}`]);
    tip = await git(at.root, ['rev-parse', ref]);
  } catch (error) {
    if (error instanceof GitError && /couldn't find remote ref|could not find remote ref/i.test(error.message)) return {};
    throw new LedgerStoreError(`could not read the ledger from branch "${at.branch}" of "${at.remote}": ${gitMessage(error)}`);
  } finally {
    await git(at.root, ['update-ref', '-d', ref]).catch(() => undefined);
  }
  const text = await git(at.root, ['show', `${tip}:${LEDGER_FILE}`]).catch(() => undefined);
  const startOver = `delete the branch to start over (git push ${at.remote} --delete ${at.branch}: the next run records history without sending it)`;
  if (text === undefined) throw new LedgerStoreError(`branch "${at.branch}" of "${at.remote}" has no ${LEDGER_FILE} (expected the ledger kabar notify writes); nothing was sent; ${startOver}`);
  const parsed = parseLedger(text, now);
  if ('error' in parsed) throw new LedgerStoreError(`${at.branch}:${LEDGER_FILE}: ${parsed.error}; nothing was sent; correct the file on branch "${at.branch}", or ${startOver}`);
  return { tip, ledger: parsed.ledger };
}

/** Commits `ledger` on top of `parent` and pushes it: `race` when another run pushed first. */
export async function writeLedger(at: LedgerLocation, ledger: Ledger, parent: string | undefined, message: string): Promise<{ tip: string } | 'race'> {
  const env = await identity(at.root);
  const blob = await git(at.root, ['hash-object', '-w', '--stdin'], { input: serializeLedger(ledger) });
  const tree = await git(at.root, ['mktree'], { input: `100644 blob ${blob}\t${LEDGER_FILE}\n` });
  const commit = await git(at.root, ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message], { env });
  try {
    await git(at.root, ['push', '--quiet', at.remote, `${commit}:refs/heads/${at.branch}`]);
  } catch (error) {
    if (error instanceof GitError && /\[rejected\]|non-fast-forward|fetch first|stale info|already exists|failed to update ref|cannot lock ref|but expected/i.test(error.message)) return 'race';
    throw new LedgerStoreError(`could not push the ledger to branch "${at.branch}" of "${at.remote}": ${gitMessage(error)} (in GitHub Actions the job needs "contents: write")`);
  }
  return { tip: commit };
}

/** The committer of ledger commits: the repository's configured identity, else Kabar's own. */
async function identity(root: string): Promise<Record<string, string>> {
  const configured = await git(root, ['config', 'user.email']).catch(() => '');
  if (configured) return {};
  const name = 'kabar notify';
  const email = 'kabar-notify@users.noreply.github.com';
  return { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email };
}

function gitMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n').filter(Boolean).slice(-2).join(' ');
}
