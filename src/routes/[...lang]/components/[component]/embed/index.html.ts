import type { APIRoute } from 'astro';
import { renderEmbedPage } from '../../../../../core/embed/embed-page.ts';
import { getSiteContext } from '../../../../../site/context.ts';
import { componentFilePaths, type ComponentFileProps } from '../_paths.ts';

/** `components/<id>/embed/`: one component's status for an `<iframe>`, without JavaScript. */
export const getStaticPaths = componentFilePaths;

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(renderEmbedPage(model, props.locale, urls, props.component));
}) satisfies APIRoute<ComponentFileProps>;
