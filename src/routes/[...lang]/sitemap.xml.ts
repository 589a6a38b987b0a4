import type { APIRoute } from 'astro';
import { siteStaticPaths, toRenderAtSiteRoot } from '../../site/locale-paths.ts';
import { sitemapsOf } from './_sitemaps.ts';

export const getStaticPaths = async () => toRenderAtSiteRoot(await siteStaticPaths(), () => 'sitemap.xml');

/** The site's sitemap, or its sitemap index once history outgrows one file. */
export const GET = (async ({ props }) => new Response((await sitemapsOf((props as { locales: string[] }).locales)).get('sitemap.xml'))) satisfies APIRoute;
