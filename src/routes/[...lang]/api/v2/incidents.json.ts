import type { APIRoute } from 'astro';
import { renderApiFile } from '../../../../core/statuspage/endpoints.ts';
import { getSiteContext } from '../../../../site/context.ts';
import { localeStaticPaths } from '../../../../site/locale-paths.ts';

export const getStaticPaths = localeStaticPaths;

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(renderApiFile('incidents.json', model, props.locale, urls));
}) satisfies APIRoute<{ locale: string }>;
