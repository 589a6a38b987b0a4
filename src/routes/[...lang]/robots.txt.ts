import type { APIRoute } from 'astro';
import { getSiteContext } from '../../site/context.ts';
import { siteStaticPaths } from '../../site/locale-paths.ts';

export const getStaticPaths = siteStaticPaths;

/** One robots.txt per host, pointing at that host's sitemap. */
export const GET = (async ({ props }) => {
  const { urls } = await getSiteContext();
  const { locales } = props as { locales: string[] };
  return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${urls.absolute(locales[0]!, 'sitemap.xml')}\n`);
}) satisfies APIRoute;
