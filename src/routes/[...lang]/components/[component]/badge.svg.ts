import type { APIRoute } from 'astro';
import { buildComponentBadge } from '../../../../core/badges/badge.ts';
import { getSiteContext } from '../../../../site/context.ts';
import { componentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = componentFilePaths;

export const GET = (async ({ props }) => {
  const { model } = await getSiteContext();
  return new Response(buildComponentBadge(model, props.locale, props.component));
}) satisfies APIRoute<ComponentFileProps>;
