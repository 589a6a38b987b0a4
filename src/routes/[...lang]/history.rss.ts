import type { APIRoute } from 'astro';
import { renderRss } from '../../core/feeds/render.ts';
import { feedDocument } from '../../site/feeds.ts';
import { localeFilePaths } from '../../site/locale-paths.ts';

export const getStaticPaths = localeFilePaths('history.rss');

export const GET = (async ({ props }) => new Response(renderRss(await feedDocument(props.locale)))) satisfies APIRoute<{ locale: string }>;
