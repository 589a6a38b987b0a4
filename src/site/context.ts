import path from 'node:path';
import { ContentError } from '../core/problems.ts';
import { createSiteUrls, type SiteUrls } from '../core/site-urls.ts';
import type { IncidentSource } from '../core/content/types.ts';
import { deriveIncident } from '../core/model/derive-incident.ts';
import type { Incident, StatusModel } from '../core/model/types.ts';
import { resolveNow } from '../core/time.ts';
import { readCachedIncidents } from '../io/content-cache.ts';
import { loadSiteConfig } from '../io/load-config.ts';
import { markTiming } from '../io/timings.ts';
import { loadRepo, loadRepoFromSnapshot, type SnapshotSources } from '../io/load-repo.ts';

/**
 * The one status model of this build, loaded and derived once and shared by
 * every page and endpoint of every locale. Settings come from the environment
 * that the build sets (see src/build/build-site.ts):
 * - KABAR_ROOT: the status repository (default: the working directory);
 * - KABAR_CONTENT_SNAPSHOT: its content as the build validated it (else read and validated here);
 * - KABAR_BASE / KABAR_SITE_URL: base path and origin for single-domain hosting;
 * - KABAR_SINGLE_DOMAIN=1: ignore locale domains and build one site with /<tag>/
 *   prefixes (a local preview, where the sibling domains do not resolve);
 * - SOURCE_DATE_EPOCH: "now", for reproducible builds.
 */
export interface SiteContext {
  /** The status repository. */
  root: string;
  model: StatusModel;
  urls: SiteUrls;
  /** Every locale, each rendered once. */
  locales: string[];
  /**
   * The sites this build writes, each a directory of the output: one per locale domain (named
   * after the domain), or the single site at the output's root (`dir` undefined).
   */
  sites: BuiltSite[];
  /** The `[...lang]` route parameter of a locale's pages: its site's directory, plus `/<tag>` on a single domain. */
  routePrefix(locale: string): string | undefined;
  /** Each incident's version (its directory's hash), when the build's snapshot gave them: what a page's key is made of. */
  versions?: ReadonlyMap<string, string>;
}

export interface BuiltSite {
  dir: string | undefined;
  /** Its locales, the first being the one its root files (404, robots.txt) speak. */
  locales: string[];
}

let loading: Promise<SiteContext> | undefined;
/** What the render child started loading for the build of `root`, with `now` (SnapshotSources). */
let preloaded: { root: string; now: number | undefined; sources: SnapshotSources } | undefined;

/**
 * Starts loading what the context will be made of, while the build still validates the content
 * (the render child does): the site config of `root`, and the incidents of the content cache in
 * `cacheDir`, which the build's snapshot names by id where it took them unchanged. `whole` has
 * the build write the whole snapshot instead, for when another build rewrote that cache meanwhile.
 * Given the build's `now`, the cached incidents are derived too: a rebuild's snapshot names most
 * of them, and deriving 10 000 took 0.8 s that the build would otherwise wait for.
 */
export function preloadSiteContext(root: string, cacheDir?: string, whole?: () => Promise<void>, now?: number): void {
  const resolved = path.resolve(root);
  const config = loadSiteConfig(resolved);
  const cached = cacheDir === undefined ? undefined : readCachedIncidents(cacheDir);
  const derived =
    cached && now !== undefined
      ? Promise.all([config, cached]).then(([{ config: site }, cache]): ReadonlyMap<IncidentSource, Incident> | undefined => {
          if (!site || !cache) return undefined;
          markTiming('cache-read');
          const derived = new Map([...cache.incidents.values()].map((s) => [s, deriveIncident(s, site, now)]));
          markTiming('cache-derived');
          return derived;
        })
      : undefined;
  preloaded = { root: resolved, now, sources: { config, ...(cached && { cached }), ...(whole && { whole }), ...(derived && { derived }) } };
  // Awaited with the context.
  config.catch(() => undefined);
  cached?.catch(() => undefined);
  derived?.catch(() => undefined);
}

export function getSiteContext(): Promise<SiteContext> {
  loading ??= load();
  return loading;
}

async function load(): Promise<SiteContext> {
  const env = process.env;
  const root = path.resolve(env.KABAR_ROOT ?? process.cwd());
  const now = resolveNow(env);
  const ahead = preloaded?.root === root ? preloaded : undefined;
  const { derived, ...taken } = ahead?.sources ?? {};
  // What was derived ahead for another "now" (another SOURCE_DATE_EPOCH, say) is not this model's.
  const sources: SnapshotSources = derived && ahead?.now === now ? { ...taken, derived } : taken;
  const repo = env.KABAR_CONTENT_SNAPSHOT ? await loadRepoFromSnapshot(root, env.KABAR_CONTENT_SNAPSHOT, now, sources) : await loadRepo(root, now);
  // What the cache held besides the snapshot's incidents is no longer needed.
  preloaded = undefined;
  if (!repo.model) throw new ContentError(repo.problems);
  const model = repo.model;
  const single = env.KABAR_SINGLE_DOMAIN === '1';
  const urlConfig = single ? { ...model.config, locales: model.config.locales.map(({ tag, label }) => ({ tag, label })) } : model.config;
  const urls = createSiteUrls(urlConfig, {
    ...(env.KABAR_BASE && { base: env.KABAR_BASE }),
    ...(env.KABAR_SITE_URL && { siteUrl: env.KABAR_SITE_URL }),
  });
  const locales = model.config.locales.map((l) => l.tag);
  const { defaultLocale } = model.config;
  const versions = repo.versions && { versions: repo.versions };
  if (urls.perDomain) {
    const domainOf = (locale: string) => model.config.locales.find((l) => l.tag === locale)!.domain!;
    return { root, model, urls, locales, sites: locales.map((l) => ({ dir: domainOf(l), locales: [l] })), routePrefix: domainOf, ...versions };
  }
  return { root, model, urls, locales, sites: [{ dir: undefined, locales }], routePrefix: (l) => (l === defaultLocale ? undefined : l), ...versions };
}
