import { createHash } from 'node:crypto';
import type { SiteConfig } from '../core/config/normalize.ts';
import { pageKeysBase, reusablePageKeys, type LocaleOutput, type ReusablePage } from '../core/build/page-keys.ts';
import type { StatusModel } from '../core/model/types.ts';
import { getSiteView } from '../core/view/site-view.ts';
import { manifestStamp, readManifest, stillThere, type BuildManifest } from '../io/build-manifest.ts';
import type { MergeList, ReuseSettings } from './render-job.ts';

/** Which pages of the previous output a build takes over, planned by its render child. */
export interface ReusePlan {
  /** The pages taken from the previous output instead of rendered. */
  reused: ReusablePage[];
  /** Their files, relative to the output. */
  files: string[];
  /** What the keys stand on (pageKeysBase). */
  base: string;
  /** Output file → key of every reusable page of this build: the new manifest's keys. */
  keys: Record<string, string>;
  /** Every file of the previous output, as its manifest lists them (when there is one to reuse from). */
  previousFiles: string[];
  /** Why nothing is reused, when nothing is. */
  fullBecause?: string;
  /** About how many files the build renders (those of the previous build not reused): unknown without one. */
  rendering?: number;
}

/** The previous build of an output: its manifest, and which of its keyed files are still there. */
export interface PreviousOutput {
  /** The manifest's write (manifestStamp) these were read from. */
  stamp: string;
  manifest: BuildManifest;
  present: ReadonlySet<string>;
}

/**
 * Reads the previous build's manifest and checks which of its pages the output still holds. The
 * render child does this while the build validates the content: with 10 000 incidents, that is
 * 22 000 pages to look for, 0.1 s.
 */
export async function readPreviousOutput(cacheDir: string, out: string): Promise<PreviousOutput | undefined> {
  const stamp = manifestStamp(cacheDir, out);
  const manifest = stamp === undefined ? undefined : await readManifest(cacheDir, out);
  if (stamp === undefined || !manifest) return undefined;
  return { stamp, manifest, present: new Set(Object.keys(manifest.keys).filter((file) => stillThere(out, file))) };
}

/** Where each locale's pages go in the output. */
export function localeOutputs(config: SiteConfig, perDomain: boolean, singleSiteDir: string): LocaleOutput[] {
  const tags = config.locales.map((l) => l.tag);
  return config.locales.map((l) => ({
    locale: l.tag,
    dir: perDomain ? l.domain! : l.tag === config.defaultLocale ? singleSiteDir : `${singleSiteDir}/${l.tag}`,
    ...(perDomain ? { siteLocales: [l.tag] } : l.tag === config.defaultLocale && { siteLocales: tags }),
  }));
}

/**
 * Which pages of the previous output this build can take over: those whose key (what they show)
 * is unchanged under the same base (engine and settings), and whose file is still there.
 * Without a manifest for this output, with `--full`, or after an upgrade or a config change,
 * nothing is reused, and the build is a full one. `versions` are the incidents' (their
 * directories' hashes, see reusablePageKeys); `early`, the previous output as read ahead, stands
 * while the manifest is the same write.
 */
export async function planReuse(model: StatusModel, versions: ReadonlyMap<string, string> | undefined, settings: ReuseSettings, early?: Promise<PreviousOutput | undefined>): Promise<ReusePlan> {
  const { config } = model;
  const settingsKey = createHash('sha256').update(JSON.stringify({ config, ...settings.shared })).digest('base64url');
  const base = pageKeysBase({ engine: settings.engine, settings: settingsKey });
  const pages = reusablePageKeys(model, getSiteView(model), localeOutputs(config, settings.perDomain, settings.singleSiteDir), versions);
  const keys: Record<string, string> = {};
  for (const [file, page] of pages) keys[file] = page.key;
  const ahead = settings.full ? undefined : await early;
  const found = settings.full ? undefined : ahead && ahead.manifest.out === settings.out && ahead.stamp === manifestStamp(settings.cacheDir, settings.out) ? ahead : await readPreviousOutput(settings.cacheDir, settings.out);
  if (!found) return { reused: [], files: [], base, keys, previousFiles: [], fullBecause: settings.full ? '--full' : 'no earlier build of this output to reuse' };
  const { manifest: previous, present } = found;
  const files: string[] = [];
  const reused: ReusablePage[] = [];
  if (previous.base === base) {
    for (const [file, page] of pages) {
      if (previous.keys[file] === page.key && present.has(file)) {
        files.push(file);
        reused.push(page);
      }
    }
  }
  const previousFiles = [...Object.keys(previous.keys), ...previous.unkeyed];
  const rendering = previousFiles.length - files.length;
  return { reused, files, base, keys, previousFiles, rendering, ...(files.length === 0 && { fullBecause: 'nothing unchanged since the last build (an upgrade or a config change renders everything)' }) };
}

/**
 * Once the pages are rendered (`rendered`: every file of the new output that is not reused, the
 * build's own included, relative to the output): the manifest of the new output, and what the
 * build does to put it in place. `unchanged` are rendered files that came out byte for byte as
 * the previous output holds them (not written: that file stays).
 */
export function afterRendering(plan: ReusePlan, rendered: readonly string[], out: string, unchanged: ReadonlySet<string> = new Set()): { manifest: BuildManifest; merge: MergeList } {
  const manifest: BuildManifest = { version: 3, out, base: plan.base, keys: plan.keys, unkeyed: rendered.filter((file) => !Object.hasOwn(plan.keys, file)) };
  if (plan.files.length === 0) return { manifest, merge: { reused: 0, rendered: [], stale: [] } };
  const kept = new Set([...plan.files, ...rendered]);
  return { manifest, merge: { reused: plan.files.length, rendered: rendered.filter((file) => !unchanged.has(file)), stale: plan.previousFiles.filter((file) => !kept.has(file)) } };
}
