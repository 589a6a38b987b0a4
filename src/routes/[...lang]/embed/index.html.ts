import type { APIRoute } from 'astro';
import { renderEmbedPage } from '../../../core/embed/embed-page.ts';
import { getSiteContext } from '../../../site/context.ts';
import { localeStaticPaths } from '../../../site/locale-paths.ts';

/** `embed/`: the status for an `<iframe>`, without JavaScript (an endpoint: its HTML is rendered by the core, with its own CSP). */
export const getStaticPaths = localeStaticPaths;

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(renderEmbedPage(model, props.locale, urls));
}) satisfies APIRoute<{ locale: string }>;
