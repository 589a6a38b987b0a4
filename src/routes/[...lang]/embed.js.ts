import type { APIRoute } from 'astro';
import { localeStaticPaths } from '../../site/locale-paths.ts';
import { getSiteContext } from '../../site/context.ts';
import { widgetScript } from '../../site/widget-script.ts';

/** The `<kabar-status>` widget, in this locale's words (docs/embed.md). */
export const getStaticPaths = localeStaticPaths;

export const GET = (async ({ props }) => {
  const { model } = await getSiteContext();
  return new Response(widgetScript(props.locale, model.config.ui[props.locale]));
}) satisfies APIRoute<{ locale: string }>;
