import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { ValidatedDir } from '../core/content/validate-repo.ts';
import { sourceIdentity } from './source-identity.ts';

/**
 * The validated content of the last build, by incident directory (see ValidatedDir), kept in the
 * status repository's `.kabar-cache/` beside the build manifests. It stands only for the engine
 * and config that wrote it: after an upgrade or a config change every file is validated again.
 */
interface ContentCacheFile {
  version: 2;
  /** Engine and config the entries were validated with. */
  validatedWith: string;
  dirs: Record<string, ValidatedDir>;
}

export const contentCacheFile = (cacheDir: string): string => path.join(cacheDir, 'content.json');

async function validatedWith(config: SiteConfig): Promise<string> {
  return createHash('sha256').update(await sourceIdentity()).update(JSON.stringify(config)).digest('base64url');
}

/** What the last run validated with this engine and config; empty when there is nothing usable. */
export async function readContentCache(cacheDir: string, config: SiteConfig): Promise<Map<string, ValidatedDir>> {
  let cache: ContentCacheFile;
  try {
    cache = JSON.parse(await readFile(contentCacheFile(cacheDir), 'utf8')) as ContentCacheFile;
  } catch {
    return new Map();
  }
  if (cache?.version !== 2 || cache.validatedWith !== (await validatedWith(config)) || typeof cache.dirs !== 'object' || cache.dirs === null) return new Map();
  return new Map(Object.entries(cache.dirs));
}

/** Replaces the cache whole (write, then rename: a reader never sees half of it). */
export async function writeContentCache(cacheDir: string, config: SiteConfig, dirs: ReadonlyMap<string, ValidatedDir>): Promise<void> {
  const cache: ContentCacheFile = { version: 2, validatedWith: await validatedWith(config), dirs: Object.fromEntries(dirs) };
  await mkdir(cacheDir, { recursive: true });
  const file = contentCacheFile(cacheDir);
  const temp = `${file}.${process.pid}`;
  await writeFile(temp, JSON.stringify(cache));
  await rename(temp, file);
}
