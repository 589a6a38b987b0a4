import type { APIRoute } from 'astro';
import { renderHeadersFile, statusSiteHeaderRules } from '../core/headers-file.ts';
import { getSiteContext } from '../site/context.ts';

/**
 * `_headers`, once per site (a parameter, because a route file whose name starts with `_`
 * is a helper): which files other origins may read, for hosts that apply the file.
 */
export function getStaticPaths() {
  return [{ params: { headers: '_headers' } }];
}

export const GET = (async () => {
  const { urls, locales } = await getSiteContext();
  return new Response(renderHeadersFile(statusSiteHeaderRules(locales.map((l) => urls.href(l)))));
}) satisfies APIRoute;
