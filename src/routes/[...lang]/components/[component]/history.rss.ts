import type { APIRoute } from 'astro';
import { renderRss } from '../../../../core/feeds/render.ts';
import { feedDocument } from '../../../../site/feeds.ts';
import { reusableComponentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = reusableComponentFilePaths('history.rss');

export const GET = (async ({ props }) => new Response(renderRss(await feedDocument(props.locale, props.component)))) satisfies APIRoute<ComponentFileProps>;
