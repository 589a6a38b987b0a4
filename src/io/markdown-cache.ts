import path from 'node:path';
import { readCacheFile, replaceCacheFile } from './cache-file.ts';

/**
 * The feeds' Markdown as the last build rendered it (core/markdown.ts recurringMarkdown): every
 * build renders each feed's newest entries again, nearly all of them unchanged, and Markdown is
 * most of a feed's cost. Kept in `.kabar-cache/` with the engine that rendered it: another
 * engine's HTML is never taken. A committed cache is not read at all (a build that finds one
 * reuses nothing, see committed-cache.ts): its HTML would be anyone's claim.
 */
interface MarkdownCacheFile {
  version: 1;
  engine: string;
  rendered: [markdown: string, html: string][];
}

export interface RenderedMarkdown {
  /** The engine that rendered it (src/io/build-cache.ts engineIdentity). */
  engine: string;
  rendered: [markdown: string, html: string][];
}

const markdownCacheFile = (cacheDir: string): string => path.join(cacheDir, 'markdown.json');

export async function readMarkdownCache(cacheDir: string): Promise<RenderedMarkdown | undefined> {
  const file = await readCacheFile<MarkdownCacheFile>(markdownCacheFile(cacheDir));
  if (file?.version !== 1 || typeof file.engine !== 'string' || !Array.isArray(file.rendered)) return undefined;
  const pairs = file.rendered.filter((pair): pair is [string, string] => Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string');
  return { engine: file.engine, rendered: pairs };
}

/** At most this many texts are kept: the feeds of a site and of each of its components hold a few hundred. */
export const MARKDOWN_KEPT = 5000;

/**
 * What the next build is given: this build's texts, then those of the last build's (the same
 * engine's) that this one did not render. A build renders only the feeds that changed, and a
 * scheduled one with nothing new renders none: the others' texts stay for the build that does.
 */
export function rememberedMarkdown(current: RenderedMarkdown, previous: RenderedMarkdown | undefined): RenderedMarkdown {
  const rendered = current.rendered.slice(0, MARKDOWN_KEPT);
  if (previous?.engine === current.engine) {
    const taken = new Set(rendered.map(([markdown]) => markdown));
    for (const pair of previous.rendered) {
      if (rendered.length >= MARKDOWN_KEPT) break;
      if (!taken.has(pair[0])) rendered.push(pair);
    }
  }
  return { engine: current.engine, rendered };
}

/** Replaces it whole (see replaceCacheFile). */
export async function writeMarkdownCache(cacheDir: string, markdown: RenderedMarkdown): Promise<void> {
  const content: MarkdownCacheFile = { version: 1, ...markdown };
  await replaceCacheFile(markdownCacheFile(cacheDir), content);
}
