// The compiled renderer's entry module (the "server entrypoint" of Kabar's own adapter, see
// renderer-compile.ts): Astro's route manifest of every page, and the App that renders them.
// @ts-expect-error: a module Astro provides while it compiles, with no declared types.
import { manifest } from 'virtual:astro:manifest';
import { App } from 'astro/app';

export { App, manifest };
