// The compiled renderer's entry module (the "server entrypoint" of Kabar's own adapter, see
// renderer-compile.ts): Astro's route manifest of every page, the App that renders them, and the
// build's status model they share (loaded ahead, while the build plans which pages to reuse).
// @ts-expect-error: a module Astro provides while it compiles, with no declared types.
import { manifest } from 'virtual:astro:manifest';
import { App } from 'astro/app';

import { getSiteContext, preloadSiteContext } from '../site/context.ts';

export { App, getSiteContext, manifest, preloadSiteContext };
