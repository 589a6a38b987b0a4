import { readFile } from 'node:fs/promises';
import type { APIRoute } from 'astro';
import { logoOutputName } from '../../core/config/schema.ts';
import { renderHeadersFile, statusSiteHeaderRules } from '../../core/headers-file.ts';
import { locateRepoFile } from '../../io/repo-paths.ts';
import { getSiteContext } from '../../site/context.ts';
import { siteStaticPaths } from '../../site/locale-paths.ts';

/**
 * Files at the root of each site whose names are not fixed: the configured logo (`logo.<ext>`),
 * and `_headers` (a parameter, because a route file whose name starts with `_` is a helper).
 */
export async function getStaticPaths() {
  const { model } = await getSiteContext();
  const logo = model.config.logo;
  const names = ['_headers', ...(logo ? [logoOutputName(logo)] : [])];
  return (await siteStaticPaths()).flatMap(({ params, props }) => names.map((file) => ({ params: { ...params, file }, props })));
}

export const GET = (async ({ params, props }) => {
  const { root, model, urls } = await getSiteContext();
  if (params.file === '_headers') {
    // Which files other origins may read, for hosts that apply the file (Netlify, Cloudflare Pages).
    return new Response(renderHeadersFile(statusSiteHeaderRules((props as { locales: string[] }).locales.map((l) => urls.href(l)))));
  }
  // The logo, copied from the status repository (no other host is ever asked), read where the
  // config check found it: never through a symlink out of the repository.
  const found = locateRepoFile(root, model.config.logo!);
  if (!found.ok) throw new Error(`logo "${model.config.logo}": ${found.message}`);
  return new Response(await readFile(found.real));
}) satisfies APIRoute;
