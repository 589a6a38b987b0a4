import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * One build at a time per output directory: two builds replacing the same `dist/` would each
 * report success while one result is silently lost. The lock is `<out>.lock`, refreshed while
 * held; one left by a killed build goes stale after STALE_MS and is taken over.
 */
const STALE_MS = 10_000;
const WAIT_MS = 10 * 60_000;

export class BuildLockError extends Error {}

export async function lockOutput(out: string, log: (line: string) => void): Promise<() => Promise<void>> {
  const options = { realpath: false, lockfilePath: `${out}.lock`, stale: STALE_MS };
  try {
    return await lockfile.lock(out, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
  }
  log(`kabar: another build is writing ${path.basename(out)} (or was killed: its lock expires within ${STALE_MS / 1000} s); waiting…`);
  try {
    return await lockfile.lock(out, { ...options, retries: { retries: WAIT_MS / 1000, factor: 1, minTimeout: 1000, maxTimeout: 1000 } });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    throw new BuildLockError(`another build has been writing ${out} for ${WAIT_MS / 60_000} minutes; nothing was built (stop that build, or delete ${out}.lock if none is running)`);
  }
}

/** A directory name that says which process made it: `<prefix><pid>-<random>`. */
export const ownedName = (prefix: string): string => `${prefix}${process.pid}-`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes what killed builds left behind in `dir`: entries named `<prefix><pid>-…` whose process
 * is gone (or from before names carried a pid). A live build's directories are never touched.
 */
export async function removeStale(dir: string, prefix: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(prefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
