import type { APIRoute } from 'astro';
import { buildFeed, renderJsonFeed } from '../../../../core/feeds/render.ts';
import { getSiteContext } from '../../../../site/context.ts';
import { componentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = componentFilePaths;

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(renderJsonFeed(buildFeed(model, props.locale, urls, { component: props.component })));
}) satisfies APIRoute<ComponentFileProps>;
