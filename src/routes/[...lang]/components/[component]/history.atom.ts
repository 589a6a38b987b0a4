import type { APIRoute } from 'astro';
import { renderAtom } from '../../../../core/feeds/render.ts';
import { feedDocument } from '../../../../site/feeds.ts';
import { reusableComponentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = reusableComponentFilePaths('history.atom');

export const GET = (async ({ props }) => new Response(renderAtom(await feedDocument(props.locale, props.component)))) satisfies APIRoute<ComponentFileProps>;
