import type { APIRoute } from 'astro';
import { escapeXml } from '../core/text-safety.ts';
import { pagePaths } from '../core/view/page-paths.ts';
import { getSiteView } from '../core/view/site-view.ts';
import { getSiteContext } from '../site/context.ts';


/** sitemaps.org 0.9, with xhtml:link hreflang alternates (Google's per-URL form) for sibling locales. */
export const GET = (async () => {
  const { model, urls, locales } = await getSiteContext();
  const paths = pagePaths(model, getSiteView(model));
  const all = model.config.locales.map((l) => l.tag);
  const entries = locales.flatMap((locale) =>
    paths.map((path) => [
      `<url><loc>${escapeXml(urls.absolute(locale, path))}</loc>`,
      ...all.map((tag) => `<xhtml:link rel="alternate" hreflang="${tag}" href="${escapeXml(urls.absolute(tag, path))}"/>`),
      '</url>',
    ].join('')),
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`;
  return new Response(xml);
}) satisfies APIRoute;
