import { lstatSync, realpathSync, statSync } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Paths inside a status repository, checked by where they really lead: content arrives in pull
 * requests, and a symlink in one could otherwise publish any file of the machine that builds it.
 * Policy (docs/content-format.md): a symlink to a file inside the repository is followed; one that
 * leads outside it, or to a directory, is an error and is never read.
 */
export type InsidePath = { ok: true; real: string } | { ok: false; message: string };

/** The repository root as the file system sees it (itself maybe reached through a symlink). */
export function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    return path.resolve(root);
  }
}

export const isInside = (realRootDir: string, real: string): boolean => {
  const rel = path.relative(realRootDir, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Where `absolute` leads, if that is a regular file inside the repository; else why it cannot be read. */
export function resolveRepoFile(realRootDir: string, absolute: string): InsidePath {
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch {
    return { ok: false, message: 'is a symlink that leads nowhere (expected a file in the repository)' };
  }
  if (!isInside(realRootDir, real)) return { ok: false, message: 'is a symlink that points outside the repository (expected a file inside it; nothing outside the repository is ever read)' };
  const stat = statSync(real);
  if (stat.isDirectory()) return { ok: false, message: 'is a symlink to a directory (expected a real directory: only symlinks to files inside the repository are followed)' };
  if (!stat.isFile()) return { ok: false, message: 'is not a regular file (expected a file)' };
  return { ok: true, real };
}

/**
 * A file named by the config (relative to the repository root, e.g. the logo), by where it really
 * is: the real path to read, or why it may not be read.
 */
export function locateRepoFile(root: string, relative: string): InsidePath {
  const rootReal = realRoot(root);
  const absolute = path.resolve(rootReal, relative.replace(/^\/+/, ''));
  if (!isInside(rootReal, absolute)) return { ok: false, message: 'is outside the repository (expected a file inside it, e.g. logo.svg)' };
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch {
    return { ok: false, message: 'does not exist (expected an image file in the repository, relative to its root, e.g. logo.svg)' };
  }
  if (stat.isSymbolicLink()) return resolveRepoFile(rootReal, absolute);
  return stat.isFile() ? { ok: true, real: absolute } : { ok: false, message: 'is not a file (expected an image file, e.g. logo.svg)' };
}

/** A path that would be written (or read back) through a symlink: refused before anything is written. */
export class SymlinkedPathError extends Error {}

/**
 * Throws SymlinkedPathError when any component of any of `relatives` (paths inside the
 * repository) below `root`, the last one included, is a symlink, checked with lstat level by
 * level: nothing is written through a symlink, as a committed one could lead anywhere on the
 * machine. A missing component ends the walk: what is below it will be created.
 */
export async function refuseSymlinks(root: string, relatives: readonly string[]): Promise<void> {
  const exists = new Map<string, boolean>();
  for (const relative of relatives) {
    const parts = path.normalize(relative).split(path.sep);
    for (let i = 1; i <= parts.length; i++) {
      const current = parts.slice(0, i).join(path.sep);
      let known = exists.get(current);
      if (known === undefined) {
        const info = await lstat(path.join(root, current)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return undefined;
          throw error;
        });
        if (info?.isSymbolicLink()) {
          const last = i === parts.length;
          throw new SymlinkedPathError(
            `${parts.slice(0, i).join('/')} is a symlink${last ? '' : ` on the way to ${parts.join('/')}`}: Kabar never writes through a symlink (it may lead outside the repository). Replace it with a real ${last ? 'file' : 'directory'} or remove it, then try again`,
          );
        }
        exists.set(current, (known = info !== undefined));
      }
      if (!known) break;
    }
  }
}
