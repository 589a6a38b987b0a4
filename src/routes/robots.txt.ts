import type { APIRoute } from 'astro';
import { getSiteContext } from '../site/context.ts';

/** One robots.txt per host, pointing at the sitemap of this build. */
export const GET = (async () => {
  const { urls, locales } = await getSiteContext();
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute(locales[0]!, 'sitemap.xml')}\n`);
}) satisfies APIRoute;
