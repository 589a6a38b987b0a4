import type { APIRoute } from 'astro';
import favicon from '../../../public/favicon.svg?raw';
import { siteStaticPaths } from '../../site/locale-paths.ts';

export const getStaticPaths = siteStaticPaths;

/** Kabar's icon, in every site (a route rather than a public file, so each domain's directory gets one). */
export const GET = (() => new Response(favicon)) satisfies APIRoute;
