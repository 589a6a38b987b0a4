import { mkdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { packageVersion } from './package-info.ts';
import { locateRenderer } from './renderer.ts';

/**
 * The engine's identity: Kabar's version and the renderer's (the sources the pages are compiled
 * from, and the Astro that compiled them). A rebuild with a different engine renders every page.
 */
export async function engineIdentity(): Promise<string> {
  return `${packageVersion()} ${(await locateRenderer()).identity}`;
}

/**
 * Makes the previous output the new one: the pages rendered this time (`rendered`, relative to
 * `renderedDir`) move in over their old versions, and the previous build's files that are
 * neither reused nor rendered (`stale`: a deleted incident's page, a list page that no longer
 * exists) go. One rename per rendered page instead of one link per reused page, and no listing
 * of the previous output: with a long history, tens of thousands of files cost seconds of file
 * system work. Synchronous calls: a few hundred small operations, each faster without the thread pool.
 */
export function mergeRendered(previous: string, renderedDir: string, rendered: readonly string[], stale: readonly string[]): void {
  const made = new Set<string>();
  for (const file of rendered) {
    const target = path.join(previous, file);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    renameSync(path.join(renderedDir, file), target);
  }
  for (const file of stale) {
    rmSync(path.join(previous, file), { force: true });
    removeEmptyParents(previous, path.dirname(file));
  }
}

/** A full build would not have the directory of a page that went: nor does the merged output. */
function removeEmptyParents(root: string, dir: string): void {
  for (let d = dir; d !== '.' && d !== ''; d = path.dirname(d)) {
    try {
      rmdirSync(path.join(root, d));
    } catch {
      return; // not empty
    }
  }
}
