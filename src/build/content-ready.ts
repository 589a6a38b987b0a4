/**
 * The Astro build starts before its content is validated: it compiles its routes meanwhile and
 * waits for this signal before the pages load the content (src/site/context.ts). The parent
 * writes the line to the child's stdin once the content snapshot and the reuse list are written.
 */
export const CONTENT_READY = 'content-ready';

/** The child's promise of that line, kept on globalThis: the pages are bundled apart from astro-child.ts. */
const KEY = Symbol.for('kabar.contentReady');

export function setContentReady(ready: Promise<void>): void {
  (globalThis as Record<symbol, unknown>)[KEY] = ready;
}

/** Resolves once the content may be read; at once outside a build child (the dev server, tests). */
export function contentReady(): Promise<void> {
  return ((globalThis as Record<symbol, unknown>)[KEY] as Promise<void> | undefined) ?? Promise.resolve();
}
