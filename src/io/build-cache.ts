import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageVersion, PACKAGE_DIR } from './package-info.ts';

/**
 * What the last build of an output directory rendered each reusable page from (see
 * core/build/page-keys.ts). Kept in the status repository's `.kabar-cache/` (git-ignored; the
 * deploy workflow keeps it between runs with the output), never inside the published site.
 */
export interface BuildManifest {
  version: 1;
  /** The output directory it describes: another one shares nothing. */
  out: string;
  /** Output file (relative to `out`) → key. */
  keys: Record<string, string>;
}

/** One manifest per output directory (`dist`, a preview's temporary one, …). */
export const manifestFile = (cacheDir: string, out: string): string => path.join(cacheDir, `build-${createHash('sha256').update(out).digest('hex').slice(0, 12)}.json`);

export async function readManifest(cacheDir: string, out: string): Promise<BuildManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(manifestFile(cacheDir, out), 'utf8')) as BuildManifest;
    return manifest.version === 1 && manifest.out === out && typeof manifest.keys === 'object' ? manifest : undefined;
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

let engine: Promise<string> | undefined;

/**
 * The engine's identity: Kabar's version, Astro's, and the sources the site is rendered from.
 * A rebuild with a different engine renders every page.
 */
export function engineIdentity(): Promise<string> {
  engine ??= (async () => {
    const hash = createHash('sha256').update(packageVersion());
    const astro = JSON.parse(await readFile(createRequire(path.join(PACKAGE_DIR, 'package.json')).resolve('astro/package.json'), 'utf8')) as { version: string };
    hash.update(astro.version);
    const src = path.join(PACKAGE_DIR, 'src');
    const files = (await readdir(src, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    for (const file of files) hash.update(path.relative(src, file)).update(await readFile(file));
    return hash.digest('base64url');
  })();
  return engine;
}

/** Puts the previous build's files into the new output: hard links (no copy, nothing changes in place), else copies. */
export async function reuseFiles(from: string, to: string, files: readonly string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const file of files) {
    const target = path.join(to, file);
    const dir = path.dirname(target);
    if (!dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      dirs.add(dir);
    }
    await link(path.join(from, file), target).catch(() => copyFile(path.join(from, file), target));
  }
}

/** The previous output still holds the file (a deploy may have pruned it). */
export const stillThere = (out: string, file: string): boolean => existsSync(path.join(out, file));
