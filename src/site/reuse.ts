import { isSettled } from '../core/build/page-keys.ts';
import type { Incident } from '../core/model/types.ts';

/**
 * Pages this build does not render because the previous output holds them unchanged (the build
 * keeps them there and moves the rendered pages in beside them): set by the render child from
 * its plan (src/build/reuse-plan.ts) before any page is rendered.
 */
let reused = new Set<string>();

const id = (locale: string, path: string) => `${locale}\0${path}`;

export function skipRendering(pages: readonly { locale: string; path: string }[]): void {
  reused = new Set(pages.map((p) => id(p.locale, p.path)));
}

/** Whether this build renders a locale's page (the previous output does not hold it unchanged). */
export const isRendered = (locale: string, path: string): boolean => !reused.has(id(locale, path));

/** `getStaticPaths` entries without the pages that are reused (a page is a locale's; `localeOf` says which, when its props do not). */
export function toRender<T extends { props: object }>(entries: T[], pathOf: (entry: T) => string, localeOf: (entry: T) => string = (e) => (e.props as { locale: string }).locale): T[] {
  return reused.size === 0 ? entries : entries.filter((e) => isRendered(localeOf(e), pathOf(e)));
}

/**
 * For a list page that may be reused (not the first, everything on it over): the time of its
 * newest item, which its freshness notice and footer use instead of the build's clock, so the
 * page stays byte-identical from build to build. Undefined when the page changes with the clock.
 */
export function settledAt(items: readonly Incident[], page: number): number | undefined {
  return page > 1 && items.every(isSettled) ? Math.max(0, ...items.map((i) => i.updatedAt)) : undefined;
}
