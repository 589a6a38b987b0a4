import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageVersion } from './package-info.ts';
import { locateRenderer } from './renderer.ts';

/**
 * What the last build of an output directory rendered each reusable page from (see
 * core/build/page-keys.ts). Kept in the status repository's `.kabar-cache/` (git-ignored; the
 * deploy workflow keeps it between runs with the output), never inside the published site.
 */
export interface BuildManifest {
  version: 2;
  /** The output directory it describes: another one shares nothing. */
  out: string;
  /** Output file (relative to `out`) → key. */
  keys: Record<string, string>;
  /** The output's other files (rendered by every build): with `keys`, every file the build wrote. */
  unkeyed: string[];
}

/** One manifest per output directory (`dist`, a preview's temporary one, …). */
export const manifestFile = (cacheDir: string, out: string): string => path.join(cacheDir, `build-${createHash('sha256').update(out).digest('hex').slice(0, 12)}.json`);

export async function readManifest(cacheDir: string, out: string): Promise<BuildManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestFile(cacheDir, out), 'utf8')) as BuildManifest;
    return manifest.version === 2 && manifest.out === out && typeof manifest.keys === 'object' && Array.isArray(manifest.unkeyed) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Written only after the output is in place: a failed build leaves the previous pair intact. */
export async function writeManifest(cacheDir: string, manifest: BuildManifest): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const file = manifestFile(cacheDir, manifest.out);
  const temp = `${file}.${process.pid}`;
  await writeFile(temp, JSON.stringify(manifest));
  await rename(temp, file);
}

/**
 * The engine's identity: Kabar's version and the renderer's (the sources the pages are compiled
 * from, and the Astro that compiled them). A rebuild with a different engine renders every page.
 */
export async function engineIdentity(): Promise<string> {
  return `${packageVersion()} ${(await locateRenderer()).identity}`;
}

/**
 * Makes the previous output the new one: the pages rendered this time move in over their old
 * versions, and every file of the previous build (as its manifest lists them) that is neither
 * reused nor rendered (a deleted incident's page, a list page that no longer exists) goes. One
 * rename per rendered page instead of one link per reused page, and no listing of the previous
 * output: with a long history, tens of thousands of files cost seconds of file system work.
 * Synchronous calls: a few hundred small operations, each faster without the thread pool.
 * Returns the files rendered.
 */
export function mergeRendered(previous: string, rendered: string, reused: readonly string[], previousFiles: Iterable<string>): string[] {
  const keep = new Set(reused);
  const made = new Set<string>();
  const files = listFiles(rendered);
  for (const file of files) {
    keep.add(file);
    const target = path.join(previous, file);
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    renameSync(path.join(rendered, file), target);
  }
  for (const file of previousFiles) {
    if (keep.has(file)) continue;
    rmSync(path.join(previous, file), { force: true });
    removeEmptyParents(previous, path.dirname(file));
  }
  return files;
}

/** Files under `dir`, relative to it, with `/` separators. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
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

/** The previous output still holds the file (a deploy may have pruned it). */
export const stillThere = (out: string, file: string): boolean => existsSync(path.join(out, file));
