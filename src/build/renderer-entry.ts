// The compiled renderer's entry module (the "server entrypoint" of Kabar's own adapter, see
// renderer-compile.ts): Astro's route manifest of every page, the App that renders them, the
// build's status model they share (loaded ahead, while the build validates the content), and
// the plan of which pages the previous output holds already, made from that same model.
// @ts-expect-error: a module Astro provides while it compiles, with no declared types.
import { manifest } from 'virtual:astro:manifest';
import { App } from 'astro/app';

import { writeFile } from 'node:fs/promises';
import { recurringMarkdown, seedRenderedMarkdown } from '../core/markdown.ts';
import { writePendingManifest } from '../io/build-manifest.ts';
import { readMarkdownCache, rememberedMarkdown, writeMarkdownCache, type RenderedMarkdown } from '../io/markdown-cache.ts';
import { markTiming } from '../io/timings.ts';
import { getSiteContext, preloadSiteContext } from '../site/context.ts';
import { skipRendering } from '../site/reuse.ts';
import { afterRendering, planReuse, readPreviousOutput, type PreviousOutput, type ReusePlan } from './reuse-plan.ts';
import type { ReuseSettings } from './render-job.ts';

let previousOutput: Promise<PreviousOutput | undefined> | undefined;
let previousMarkdown: Promise<RenderedMarkdown | undefined> | undefined;

/**
 * Starts reading the previous build of `out` (its manifest, which of its pages are there, and the
 * feeds' Markdown as it rendered it) while the build validates.
 */
function preloadPreviousOutput(cacheDir: string, out: string): void {
  previousOutput = readPreviousOutput(cacheDir, out).then((found) => {
    markTiming('previous-output-read');
    return found;
  });
  previousOutput.catch(() => undefined);
  previousMarkdown = readMarkdownCache(cacheDir);
}

/** Plans the reuse of the previous output, and has the pages skip what it reuses (and the feeds the Markdown rendered already). */
async function planRendering(settings: ReuseSettings): Promise<ReusePlan> {
  const { model, versions } = await getSiteContext();
  const plan = await planReuse(model, versions, settings, previousOutput);
  skipRendering(plan.reused);
  const markdown = settings.full ? undefined : await previousMarkdown;
  if (markdown?.engine === settings.engine) seedRenderedMarkdown(markdown.rendered);
  return plan;
}

/**
 * Once every page is rendered (`rendered`, relative to the output; `unchanged`, those of them not
 * written because the previous output holds them byte for byte): the new manifest and the merge
 * list, for the build.
 */
async function recordRendering(plan: ReusePlan, rendered: readonly string[], unchanged: ReadonlySet<string>, settings: ReuseSettings): Promise<void> {
  const { manifest: built, merge } = afterRendering(plan, [...rendered, ...settings.ownFiles], settings.out, unchanged);
  await Promise.all([
    writePendingManifest(settings.manifestFile, built),
    writeFile(settings.mergeFile, JSON.stringify(merge)),
    writeMarkdownCache(settings.cacheDir, rememberedMarkdown({ engine: settings.engine, rendered: recurringMarkdown() }, settings.full ? undefined : await previousMarkdown)),
  ]);
}

export { App, getSiteContext, manifest, planRendering, preloadPreviousOutput, preloadSiteContext, recordRendering };
