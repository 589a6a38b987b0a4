import type { APIRoute } from 'astro';
import { sitemapPartName } from '../../core/view/sitemaps.ts';
import { siteStaticPaths } from '../../site/locale-paths.ts';
import { sitemapsOf } from './_sitemaps.ts';

/** `sitemap-<n>.xml`: the parts a sitemap index lists, when there are any. */
export async function getStaticPaths() {
  const sites = await siteStaticPaths();
  const out = [];
  for (const { params, props } of sites) {
    const files = await sitemapsOf(props.locales);
    for (let n = 1; files.has(sitemapPartName(n)); n++) out.push({ params: { ...params, part: String(n) }, props });
  }
  return out;
}

export const GET = (async ({ params, props }) => new Response((await sitemapsOf((props as { locales: string[] }).locales)).get(sitemapPartName(Number(params.part))))) satisfies APIRoute;
