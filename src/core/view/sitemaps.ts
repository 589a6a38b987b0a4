import type { StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { escapeXml } from '../text-safety.ts';
import { pagePaths } from './page-paths.ts';
import type { SiteView } from './site-view.ts';

/**
 * URLs per sitemap file. sitemaps.org allows 50 000, but a file that grows with history is what
 * the size budget forbids: a thousand URLs with their hreflang alternates stay around 300 KB.
 */
export const SITEMAP_URLS_PER_FILE = 1000;

const URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">';

/** `sitemap-<n>.xml`, 1-based. */
export const sitemapPartName = (n: number): string => `sitemap-${n}.xml`;

/** A site's sitemap files for `urls` URLs (its page paths times its locales): `sitemap.xml`, and its parts once it is an index. */
export function sitemapFileNames(urls: number): string[] {
  if (urls <= SITEMAP_URLS_PER_FILE) return ['sitemap.xml'];
  return ['sitemap.xml', ...Array.from({ length: Math.ceil(urls / SITEMAP_URLS_PER_FILE) }, (_, i) => sitemapPartName(i + 1))];
}

/**
 * The sitemap of one site (sitemaps.org 0.9, with xhtml:link hreflang alternates, Google's
 * per-URL form): `sitemap.xml` alone while it is small; past SITEMAP_URLS_PER_FILE URLs,
 * `sitemap.xml` is a sitemap index of `sitemap-1.xml`, `sitemap-2.xml`, … Returns file name → XML.
 */
export function buildSitemaps(model: StatusModel, view: SiteView, urls: SiteUrls, locales: readonly string[]): Map<string, string> {
  const paths = pagePaths(model, view);
  const all = model.config.locales.map((l) => l.tag);
  const entries = locales.flatMap((locale) =>
    paths.map((path) =>
      [
        `<url><loc>${escapeXml(urls.absolute(locale, path))}</loc>`,
        ...all.map((tag) => `<xhtml:link rel="alternate" hreflang="${tag}" href="${escapeXml(urls.absolute(tag, path))}"/>`),
        '</url>',
      ].join(''),
    ),
  );
  const urlset = (list: readonly string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n${URLSET}\n${list.join('\n')}\n</urlset>\n`;
  if (entries.length <= SITEMAP_URLS_PER_FILE) return new Map([['sitemap.xml', urlset(entries)]]);
  const files = new Map<string, string>();
  const parts: string[] = [];
  for (let start = 0, n = 1; start < entries.length; start += SITEMAP_URLS_PER_FILE, n++) {
    files.set(sitemapPartName(n), urlset(entries.slice(start, start + SITEMAP_URLS_PER_FILE)));
    parts.push(`<sitemap><loc>${escapeXml(urls.absolute(locales[0]!, sitemapPartName(n)))}</loc></sitemap>`);
  }
  files.set('sitemap.xml', `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${parts.join('\n')}\n</sitemapindex>\n`);
  return files;
}
