import type { APIRoute } from 'astro';
import { pagePaths } from '../../core/view/page-paths.ts';
import { getSiteView } from '../../core/view/site-view.ts';
import { sitemapFileNames, sitemapPartName } from '../../core/view/sitemaps.ts';
import { getSiteContext } from '../../site/context.ts';
import { siteStaticPaths, toRenderAtSiteRoot } from '../../site/locale-paths.ts';
import { sitemapsOf } from './_sitemaps.ts';

/** `sitemap-<n>.xml`: the parts a sitemap index lists, when there are any (but those this build reuses). */
export async function getStaticPaths() {
  const { model } = await getSiteContext();
  const paths = pagePaths(model, getSiteView(model)).length;
  const parts = (await siteStaticPaths()).flatMap(({ params, props }) =>
    sitemapFileNames(paths * props.locales.length)
      .slice(1)
      .map((_, i) => ({ params: { ...params, part: String(i + 1) }, props })),
  );
  return toRenderAtSiteRoot(parts, (e) => sitemapPartName(Number(e.params.part)));
}

export const GET = (async ({ params, props }) => new Response((await sitemapsOf((props as { locales: string[] }).locales)).get(sitemapPartName(Number(params.part))))) satisfies APIRoute;
