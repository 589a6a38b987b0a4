import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { ContentFile, IncidentSource } from '../core/content/types.ts';
import { ContentValidation, type BatchFacts, type ValidatedDir } from '../core/content/validate-repo.ts';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { StatusModel } from '../core/model/types.ts';
import { sortProblems, type Problem } from '../core/problems.ts';
import { readContentCache, readStampCache, writeContentCache } from './content-cache.ts';
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
}

/** Reads and validates a status repository, and builds its model when it is valid. */
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
  if (configResult.config) {
    const known = cacheDir === undefined || options.revalidate ? undefined : await readContentCache(cacheDir, configResult.config);
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
  if (configResult.config && validation !== 'no config') {
    const content = validation.finish();
    problems.push(...content.problems);
    incidents = content.incidents;
    const { config } = configResult;
    if (cacheDir !== undefined && content.validated) {
      const validated = content.validated;
      contentCache = { reused: validated.size - content.revalidated!, validated: content.revalidated!, unread: content.unread! };
      versions = new Map([...validated].map(([id, dir]) => [id, dir.key]));
      // Rewritten only when something changed: a directory validated anew or stamped anew, or one gone.
      if (content.revalidated! > 0 || content.restamped! > 0 || validated.size !== previous!.size) writeCache = () => writeContentCache(cacheDir, config, validated, listedAt);
    }
  }
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  if (configResult.config && errorCount === 0) model = buildStatusModel(incidents, configResult.config, now);
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
 * The validated content of a repository, written once by the build script and
 * read by each locale's build, so years of history are read and validated once
 * per deploy rather than once per locale. Plain data: JSON keeps it whole.
 */
export async function writeContentSnapshot(file: string, incidents: readonly IncidentSource[]): Promise<void> {
  await writeFile(file, JSON.stringify(incidents));
}

/** A repository whose content comes from a snapshot of an identical, already validated read (and its config, when it is being loaded already). */
export async function loadRepoFromSnapshot(root: string, snapshot: string, now: number, config?: Promise<LoadedConfig>): Promise<LoadedRepo> {
  const [configResult, text] = await Promise.all([config ?? loadSiteConfig(root), readFile(snapshot, 'utf8')]);
  const incidents = JSON.parse(text) as IncidentSource[];
  const errorCount = configResult.problems.filter((p) => p.severity === 'error').length;
  const model = configResult.config && errorCount === 0 ? buildStatusModel(incidents, configResult.config, now) : undefined;
  return {
    ...(configResult.config && { config: configResult.config }),
    incidents,
    ...(model && { model }),
    problems: sortProblems(configResult.problems),
    errorCount,
    warningCount: configResult.problems.length - errorCount,
  };
}
