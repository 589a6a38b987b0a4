import { createHash, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { IncidentSource } from '../core/content/types.ts';
import type { ValidatedDir } from '../core/content/validate-repo.ts';
import { readCacheFile, replaceCacheFile } from './cache-file.ts';
import { sourceIdentity } from './source-identity.ts';

/**
 * The validated content of the last build, by incident directory (see ValidatedDir), kept in the
 * status repository's `.kabar-cache/` beside the build manifests. It stands only for the engine
 * and config that wrote it: after an upgrade or a config change every file is validated again.
 * Beside it, the directories' stamps alone (`stamps.json`, small): the next build reads them
 * first and starts reading the files at once, while it reads the content itself. A token, new
 * with every write, ties the two: stamps of another write are not trusted.
 */
interface ContentCacheFile {
  version: 3;
  token: string;
  /** Engine and config the entries were validated with. */
  validatedWith: string;
  dirs: Record<string, ValidatedDir>;
}

interface StampFile {
  version: 1;
  token: string;
  validatedWith: string;
  /** When the run that took the stamps began listing the files (epoch ms): see read-content.ts. */
  listedAt: number;
  stamps: Record<string, string>;
}

export const contentCacheFile = (cacheDir: string): string => path.join(cacheDir, 'content.json');
const stampFile = (cacheDir: string): string => path.join(cacheDir, 'stamps.json');

async function validatedWith(config: SiteConfig): Promise<string> {
  return createHash('sha256').update(await sourceIdentity()).update(JSON.stringify(config)).digest('base64url');
}

export interface KnownContent {
  dirs: Map<string, ValidatedDir>;
  /** Of the write it came from. */
  token: string;
}

/** What the last run validated with this engine and config; empty when there is nothing usable. */
export async function readContentCache(cacheDir: string, config: SiteConfig): Promise<KnownContent> {
  const cache = await readCacheFile<ContentCacheFile>(contentCacheFile(cacheDir));
  if (cache?.version !== 3 || typeof cache.token !== 'string' || cache.validatedWith !== (await validatedWith(config)) || typeof cache.dirs !== 'object' || cache.dirs === null) return { dirs: new Map(), token: '' };
  return { dirs: new Map(Object.entries(cache.dirs)), token: cache.token };
}

/**
 * The incidents of the content cache as it is now, by id, and the token of the write they came
 * from: the render child reads them while the build lists the files, and takes from them the
 * incidents a content snapshot names by id (src/io/load-repo.ts).
 */
export async function readCachedIncidents(cacheDir: string): Promise<CachedIncidents | undefined> {
  const cache = await readCacheFile<ContentCacheFile>(contentCacheFile(cacheDir));
  if (cache?.version !== 3 || typeof cache.token !== 'string' || typeof cache.dirs !== 'object' || cache.dirs === null) return undefined;
  const dirs = Object.entries(cache.dirs);
  return { token: cache.token, incidents: new Map(dirs.map(([id, dir]) => [id, dir.incident])), versions: new Map(dirs.map(([id, dir]) => [id, dir.key])) };
}

export interface CachedIncidents {
  token: string;
  incidents: ReadonlyMap<string, IncidentSource>;
  /** Each incident's version: its directory's hash (ValidatedDir.key). */
  versions: ReadonlyMap<string, string>;
}

export interface KnownStampsFile {
  stamps: Map<string, string>;
  listedAt: number;
  token: string;
}

/** The stamps the last run took with this engine and config, if any. */
export async function readStampCache(cacheDir: string, config: SiteConfig): Promise<KnownStampsFile | undefined> {
  const file = await readCacheFile<StampFile>(stampFile(cacheDir));
  if (file?.version !== 1 || typeof file.token !== 'string' || typeof file.listedAt !== 'number' || file.validatedWith !== (await validatedWith(config)) || typeof file.stamps !== 'object' || file.stamps === null) return undefined;
  return { stamps: new Map(Object.entries(file.stamps)), listedAt: file.listedAt, token: file.token };
}

/** Replaces the cache whole (each file written, then renamed into place). */
export async function writeContentCache(cacheDir: string, config: SiteConfig, dirs: ReadonlyMap<string, ValidatedDir>, listedAt: number): Promise<void> {
  const token = randomUUID();
  const validated = await validatedWith(config);
  const cache: ContentCacheFile = { version: 3, token, validatedWith: validated, dirs: Object.fromEntries(dirs) };
  const stamps: StampFile = { version: 1, token, validatedWith: validated, listedAt, stamps: Object.fromEntries([...dirs].flatMap(([id, dir]) => (dir.stamp === undefined ? [] : [[id, dir.stamp]]))) };
  await mkdir(cacheDir, { recursive: true });
  for (const [file, value] of [
    [contentCacheFile(cacheDir), cache],
    [stampFile(cacheDir), stamps],
  ] as const) {
    await replaceCacheFile(file, value);
  }
}
