import type { APIRoute } from 'astro';
import { buildPageBadge } from '../../core/badges/badge.ts';
import { getSiteContext } from '../../site/context.ts';
import { localeStaticPaths } from '../../site/locale-paths.ts';

export const getStaticPaths = localeStaticPaths;

export const GET = (async ({ props }) => {
  const { model } = await getSiteContext();
  return new Response(buildPageBadge(model, props.locale));
}) satisfies APIRoute<{ locale: string }>;
