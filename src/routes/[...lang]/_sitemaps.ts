import { getSiteView } from '../../core/view/site-view.ts';
import { buildSitemaps } from '../../core/view/sitemaps.ts';
import { getSiteContext } from '../../site/context.ts';

const bySite = new Map<string, Promise<Map<string, string>>>();

/** A site's sitemap files, built once per site for the index and all its parts. */
export function sitemapsOf(locales: readonly string[]): Promise<Map<string, string>> {
  const key = locales.join(',');
  let files = bySite.get(key);
  if (!files) {
    files = getSiteContext().then(({ model, urls }) => buildSitemaps(model, getSiteView(model), urls, locales));
    bySite.set(key, files);
  }
  return files;
}
