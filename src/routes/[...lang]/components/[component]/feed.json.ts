import type { APIRoute } from 'astro';
import { renderJsonFeed } from '../../../../core/feeds/render.ts';
import { feedDocument } from '../../../../site/feeds.ts';
import { reusableComponentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = reusableComponentFilePaths('feed.json');

export const GET = (async ({ props }) => new Response(renderJsonFeed(await feedDocument(props.locale, props.component)))) satisfies APIRoute<ComponentFileProps>;
