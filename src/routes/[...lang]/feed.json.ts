import type { APIRoute } from 'astro';
import { renderJsonFeed } from '../../core/feeds/render.ts';
import { feedDocument } from '../../site/feeds.ts';
import { localeFilePaths } from '../../site/locale-paths.ts';

export const getStaticPaths = localeFilePaths('feed.json');

export const GET = (async ({ props }) => new Response(renderJsonFeed(await feedDocument(props.locale)))) satisfies APIRoute<{ locale: string }>;
