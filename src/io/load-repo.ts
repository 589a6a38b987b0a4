import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { ContentFile, IncidentSource } from '../core/content/types.ts';
import { ContentValidation, type BatchFacts, type ValidatedDir } from '../core/content/validate-repo.ts';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { Incident, StatusModel } from '../core/model/types.ts';
import { sortProblems, type Problem } from '../core/problems.ts';
import { readContentCache, readStampCache, writeContentCache, type CachedIncidents, type KnownContent } from './content-cache.ts';
import { loadSiteConfig, type LoadedConfig } from './load-config.ts';
import { readContentInBatches } from './read-content.ts';

export interface LoadedRepo {
  config?: SiteConfig;
  incidents: IncidentSource[];
  /** Present only when there are no errors. */
  model?: StatusModel;
  problems: Problem[];
  errorCount: number;
  warningCount: number;
  /** With a cache directory: incident directories taken from it, and those validated afresh. */
  contentCache?: { reused: number; validated: number; unread: number };
  /**
   * With a cache directory, when something changed: writes what this run validated, for the next
   * one. Left to the caller, which can do it while it waits on other work (a build, on its pages).
   */
  writeContentCache?: () => Promise<void>;
  /** Each incident's version: the hash of its directory's files, for those validated without a problem. */
  versions?: ReadonlyMap<string, string>;
  /** The incidents taken as they were from the content cache, and the token of the cache's write they came from. */
  cached?: { token: string; ids: ReadonlySet<string> };
}

export interface LoadOptions {
  /**
   * Where validated content is remembered between runs (a build's `.kabar-cache/`): unchanged
   * incident directories are taken from it instead of parsed again. Without it, every file is.
   */
  cacheDir?: string;
  /** Validate every file even so, and remember the result (`kabar build --full`). */
  revalidate?: boolean;
  /** The site config, when the caller has loaded it already. */
  config?: LoadedConfig;
  /** Derive the status model (default). A build leaves that to its render child. */
  model?: boolean;
}

/** Reads and validates a status repository, and builds its model when it is valid (unless told not to). */
export async function loadRepo(root: string, now: number, options: LoadOptions = {}): Promise<LoadedRepo> {
  // The files are validated as they are read (by a worker thread, for a long history). Those
  // read before the config is loaded wait for it; without a valid config they are not validated.
  let validation: ContentValidation | 'no config' | undefined;
  const waiting: [ContentFile[], BatchFacts][] = [];
  const { cacheDir } = options;
  // With the config at hand, the stamps of the last run are read first (a small file): directories
  // whose files carry the same stamps are taken as they were, unread.
  const early = options.config?.config && cacheDir !== undefined && !options.revalidate ? await readStampCache(cacheDir, options.config.config) : undefined;
  const listedAt = Date.now();
  const reading = readContentInBatches(
    root,
    (files, facts) => {
      if (validation === undefined) waiting.push([files, facts]);
      else if (validation !== 'no config') validation.add(files, facts);
    },
    // Stamps are taken whenever there is a cache to remember them in (with --full too, trusting none).
    options.config?.config && cacheDir !== undefined ? { stamps: early?.stamps ?? new Map(), listedAt: early?.listedAt ?? 0 } : undefined,
  );
  reading.catch(() => undefined); // awaited below; not unhandled if the config fails first
  const configResult = await (options.config ?? loadSiteConfig(root));
  let previous: Map<string, ValidatedDir> | undefined;
  let known: KnownContent | undefined;
  if (configResult.config) {
    known = cacheDir === undefined || options.revalidate ? undefined : await readContentCache(cacheDir, configResult.config);
    if (early && early.stamps.size > 0 && known?.token !== early.token) {
      // The stamps came from another write of the cache than its content (a build in between):
      // nothing read on their word can stand. Read everything again, trusting no stamp.
      await reading.catch(() => undefined);
      return loadRepo(root, now, { ...options, revalidate: true });
    }
    previous = cacheDir === undefined ? undefined : (known?.dirs ?? new Map());
    validation = new ContentValidation(configResult.config, now, previous, (file) => readRepoText(root, file));
    for (const [files, facts] of waiting.splice(0)) validation.add(files, facts);
  } else {
    validation = 'no config';
    waiting.length = 0;
  }
  const readProblems = await reading;
  const problems = [...configResult.problems, ...readProblems];
  let incidents: IncidentSource[] = [];
  let model: StatusModel | undefined;
  let contentCache: LoadedRepo['contentCache'];
  let writeCache: LoadedRepo['writeContentCache'];
  let versions: LoadedRepo['versions'];
  let cached: LoadedRepo['cached'];
  if (configResult.config && validation !== 'no config') {
    const content = validation.finish();
    problems.push(...content.problems);
    incidents = content.incidents;
    const { config } = configResult;
    if (cacheDir !== undefined && content.validated) {
      const validated = content.validated;
      contentCache = { reused: validated.size - content.revalidated!, validated: content.revalidated!, unread: content.unread! };
      versions = new Map([...validated].map(([id, dir]) => [id, dir.key]));
      if (known?.token) cached = { token: known.token, ids: new Set([...validated].filter(([id, dir]) => previous!.get(id) === dir).map(([id]) => id)) };
      // Rewritten only when something changed: a directory validated anew or stamped anew, or one gone.
      if (content.revalidated! > 0 || content.restamped! > 0 || validated.size !== previous!.size) writeCache = () => writeContentCache(cacheDir, config, validated, listedAt);
    }
  }
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  if (configResult.config && errorCount === 0 && options.model !== false) model = buildStatusModel(incidents, configResult.config, now);
  return {
    ...(configResult.config && { config: configResult.config }),
    incidents,
    ...(model && { model }),
    problems: sortProblems(problems),
    errorCount,
    warningCount: problems.length - errorCount,
    ...(contentCache && { contentCache }),
    ...(writeCache && { writeContentCache: writeCache }),
    ...(versions && { versions }),
    ...(cached && { cached }),
  };
}

/** A content file's text, for a warning's line in a directory taken unread (its path came from listing the repository). */
function readRepoText(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The validated content of a repository, written once by the build and read by its render
 * child, so years of history are read and validated once per deploy. Plain data: JSON keeps it
 * whole. With `cached`, the incidents the build took unchanged from the content cache are written
 * as their ids, and the child takes them from the cache, which it reads while the build lists the
 * files: the whole of 10 000 incidents took 0.35 s to write, and as long again to read. The
 * versions of the incidents written whole go with them (the cache has those of the others).
 */
export async function writeContentSnapshot(file: string, incidents: readonly IncidentSource[], cached?: LoadedRepo['cached'], versions?: LoadedRepo['versions']): Promise<void> {
  const byId = (i: IncidentSource) => cached?.ids.has(i.id) === true;
  const snapshot: ContentSnapshot = {
    ...(cached && { cache: cached.token }),
    incidents: incidents.map((i) => (byId(i) ? i.id : i)),
    ...(versions && { versions: Object.fromEntries(incidents.flatMap((i) => (byId(i) || !versions.has(i.id) ? [] : [[i.id, versions.get(i.id)!]]))) }),
  };
  await writeFile(file, JSON.stringify(snapshot));
}

interface ContentSnapshot {
  /** The token of the content cache's write that the incidents given by id are taken from. */
  cache?: string;
  incidents: (IncidentSource | string)[];
  /** Versions (LoadedRepo.versions) of the incidents written whole. */
  versions?: Record<string, string>;
}

export interface SnapshotSources {
  /** The site config, when it is being loaded already. */
  config?: Promise<LoadedConfig>;
  /** The content cache's incidents, when they are being read already. */
  cached?: Promise<CachedIncidents | undefined>;
  /**
   * Has the whole snapshot written in the place of one that names incidents of a content cache
   * other than `cached` (another build wrote it in between).
   */
  whole?: () => Promise<void>;
  /** Incidents derived already from the cache's sources, with the same config and `now`. */
  derived?: Promise<ReadonlyMap<IncidentSource, Incident> | undefined>;
}

/** A repository whose content comes from a snapshot of an identical, already validated read. */
export async function loadRepoFromSnapshot(root: string, file: string, now: number, sources: SnapshotSources = {}): Promise<LoadedRepo> {
  const [configResult, { incidents, versions }, derived] = await Promise.all([sources.config ?? loadSiteConfig(root), readSnapshot(file, sources), sources.derived]);
  const errorCount = configResult.problems.filter((p) => p.severity === 'error').length;
  const model = configResult.config && errorCount === 0 ? buildStatusModel(incidents, configResult.config, now, derived) : undefined;
  return {
    ...(configResult.config && { config: configResult.config }),
    incidents,
    ...(model && { model }),
    ...(versions.size > 0 && { versions }),
    problems: sortProblems(configResult.problems),
    errorCount,
    warningCount: configResult.problems.length - errorCount,
  };
}

async function readSnapshot(file: string, sources: SnapshotSources): Promise<{ incidents: IncidentSource[]; versions: Map<string, string> }> {
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as ContentSnapshot;
  const versions = new Map(Object.entries(snapshot.versions ?? {}));
  if (snapshot.cache === undefined) return { incidents: snapshot.incidents as IncidentSource[], versions };
  const cached = await sources.cached;
  const taken = cached?.token === snapshot.cache ? snapshot.incidents.map((i) => (typeof i === 'string' ? cached.incidents.get(i) : i)) : [];
  if (taken.length === snapshot.incidents.length && taken.every((i) => i !== undefined)) {
    for (const i of snapshot.incidents) if (typeof i === 'string' && cached!.versions.has(i)) versions.set(i, cached!.versions.get(i)!);
    return { incidents: taken as IncidentSource[], versions };
  }
  if (!sources.whole) throw new Error(`${file}: names incidents of a content cache this process has not read`);
  await sources.whole();
  return readSnapshot(file, { ...sources, whole: undefined });
}
