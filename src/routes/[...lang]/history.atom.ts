import type { APIRoute } from 'astro';
import { renderAtom } from '../../core/feeds/render.ts';
import { feedDocument } from '../../site/feeds.ts';
import { localeFilePaths } from '../../site/locale-paths.ts';

export const getStaticPaths = localeFilePaths('history.atom');

export const GET = (async ({ props }) => new Response(renderAtom(await feedDocument(props.locale)))) satisfies APIRoute<{ locale: string }>;
