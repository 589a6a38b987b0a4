import path from 'node:path';
import { ContentError } from '../core/problems.ts';
import { createSiteUrls, type SiteUrls } from '../core/site-urls.ts';
import type { StatusModel } from '../core/model/types.ts';
import { resolveNow } from '../core/time.ts';
import { loadRepo, loadRepoFromSnapshot } from '../io/load-repo.ts';

/**
 * The one status model of this build, loaded and derived once and shared by
 * every page and endpoint. Settings come from the environment that the build
 * script sets (see scripts/build.ts):
 * - KABAR_ROOT: the status repository (default: the working directory);
 * - KABAR_CONTENT_SNAPSHOT: its content as the build script validated it (else read and validated here);
 * - KABAR_LOCALE: the locale this build renders (per-domain builds);
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
  /** Locales this build renders: one per build with domains, all without. */
  locales: string[];
}

let loading: Promise<SiteContext> | undefined;

export function getSiteContext(): Promise<SiteContext> {
  loading ??= load();
  return loading;
}

async function load(): Promise<SiteContext> {
  const env = process.env;
  const root = path.resolve(env.KABAR_ROOT ?? process.cwd());
  const now = resolveNow(env);
  const repo = env.KABAR_CONTENT_SNAPSHOT ? await loadRepoFromSnapshot(root, env.KABAR_CONTENT_SNAPSHOT, now) : await loadRepo(root, now);
  if (!repo.model) throw new ContentError(repo.problems);
  const model = repo.model;
  const single = env.KABAR_SINGLE_DOMAIN === '1';
  const urlConfig = single ? { ...model.config, locales: model.config.locales.map(({ tag, label }) => ({ tag, label })) } : model.config;
  const urls = createSiteUrls(urlConfig, {
    ...(env.KABAR_BASE && { base: env.KABAR_BASE }),
    ...(env.KABAR_SITE_URL && { siteUrl: env.KABAR_SITE_URL }),
  });
  const all = model.config.locales.map((l) => l.tag);
  const only = env.KABAR_LOCALE;
  if (only && !all.includes(only)) throw new Error(`KABAR_LOCALE="${only}" is not a configured locale (expected one of: ${all.join(', ')})`);
  return { root, model, urls, locales: urls.perDomain ? [only ?? model.config.defaultLocale] : all };
}
