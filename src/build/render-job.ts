/** The environment variable that carries a render child's RenderJob (src/build/render-child.ts). */
export const CHILD_JOB = 'KABAR_RENDER_JOB';

/** What the render child is started with: enough to load the compiled pages. */
export interface RenderJob {
  /** The compiled renderer's entry module (src/io/renderer.ts). */
  entry: string;
  /** Pages rendered at once: writing one while the next renders keeps the disk busy. */
  concurrency: number;
  /** The status repository: its config is loaded while the child waits for the content. */
  root: string;
  /** The build's content cache: its incidents are read, and derived, while the child waits (see writeContentSnapshot). */
  cacheDir?: string;
  /** The build's output: its previous build's manifest (in cacheDir) is read, and its pages looked for, while the child waits. */
  out?: string;
  /** The build's "now" (whole seconds, as SOURCE_DATE_EPOCH gives it to the pages). */
  now: number;
  /**
   * The pipe on which the child says RENDERED once every page is written: the build goes on at
   * once, instead of waiting for the child to tear its process down.
   */
  doneFd: number;
}

/**
 * What to render, sent as one JSON line on the child's stdin once the content is validated. The
 * child then loads the status model, plans which pages of the previous output it can reuse
 * (src/build/reuse-plan.ts), and renders the others.
 */
export interface RenderGo {
  /** Where every page goes: `<outDir>/<domain>/…`, or the single site's pages. */
  outDir: string;
  /** Origins the pages' forms post to (the email sign-up's list service). */
  formActions: string[];
  /** The KABAR_* settings src/site/context.ts reads, and SOURCE_DATE_EPOCH. */
  env: Record<string, string>;
  reuse: ReuseSettings;
}

/** What the child plans the reuse of the previous output with, and where it says what it did. */
export interface ReuseSettings {
  /** The build's output directory: the previous pages are there, and its manifest names it. */
  out: string;
  /** Where the previous build's manifest is. */
  cacheDir: string;
  /** Reuse nothing (`--full`, or a committed cache). */
  full: boolean;
  perDomain: boolean;
  /** Directory of the single site inside the output. */
  singleSiteDir: string;
  /** What every page shares besides the config: base path, origin, form targets. */
  shared: Record<string, unknown>;
  /** The engine's identity (src/io/build-cache.ts engineIdentity). */
  engine: string;
  /** The directory every site is rendered into (outDir, or its parent for a single site): the paths below are relative to it. */
  sitesDir: string;
  /** Files the build writes there itself (CNAME): the manifest lists them with the rendered ones. */
  ownFiles: string[];
  /** Where the child writes the new manifest (beside the old one), which the build puts in place with the output. */
  manifestFile: string;
  /** Where the child writes the MergeList. */
  mergeFile: string;
}

/** What the build does with the rendered pages (src/io/build-cache.ts mergeRendered), written once they are. */
export interface MergeList {
  /** Pages taken from the previous output: none means the rendered sites are the whole output. */
  reused: number;
  /** With pages reused: every file rendered (and the build's own) but those that came out as the previous output holds them, relative to sitesDir. */
  rendered: string[];
  /** With pages reused: the previous output's files that are neither reused nor rendered (a deleted incident's). */
  stale: string[];
}

/** The line (with JSON of a ReuseSummary) the child writes to its doneFd once it knows what it reuses. */
export const PLANNED = 'planned ';
export interface ReuseSummary {
  reused: number;
  /** Why nothing is reused, when nothing is. */
  fullBecause?: string;
}

/** Calls `handle` with each line `stream` brings (without its newline): both ends of the render child's pipes speak in lines. */
export function onLines(stream: NodeJS.ReadableStream, handle: (line: string) => void): void {
  let input = '';
  stream.on('data', (chunk: Buffer | string) => {
    input += chunk.toString();
    for (let end = input.indexOf('\n'); end >= 0; end = input.indexOf('\n')) {
      const line = input.slice(0, end);
      input = input.slice(end + 1);
      handle(line);
    }
  });
}

/** What the child writes to its doneFd once every page is written. */
export const RENDERED = 'rendered';
/** What the child writes to its doneFd when the snapshot names incidents of a content cache it did not read. */
export const WHOLE_SNAPSHOT_WANTED = 'whole snapshot';
/** The line the build answers it with on the child's stdin, once the whole snapshot is written in its place. */
export const WHOLE_SNAPSHOT_WRITTEN = 'whole snapshot written';
