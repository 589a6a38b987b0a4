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
  /** The build's content cache: its incidents are read while the child waits (see writeContentSnapshot). */
  cacheDir?: string;
  /**
   * The pipe on which the child says RENDERED once every page is written: the build goes on at
   * once, instead of waiting for the child to tear its process down.
   */
  doneFd: number;
}

/**
 * What to render, sent as one JSON line on the child's stdin once the content is validated. The
 * child then loads the status model, and renders once a second line (RENDER_READY) says that the
 * list of pages to reuse is written.
 */
export interface RenderGo {
  /** Where every page goes: `<outDir>/<domain>/…`, or the single site's pages. */
  outDir: string;
  /** Origins the pages' forms post to (the email sign-up's list service). */
  formActions: string[];
  /** The KABAR_* settings src/site/context.ts reads, and SOURCE_DATE_EPOCH. */
  env: Record<string, string>;
}

/** The second line: the reuse list (KABAR_REUSE) is written, rendering may start. */
export const RENDER_READY = 'ready';

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
