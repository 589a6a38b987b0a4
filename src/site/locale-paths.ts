import { getSiteContext, type SiteContext } from './context.ts';
import { isRendered, toRender } from './reuse.ts';

/**
 * `getStaticPaths` for pages under `src/routes/[...lang]/`: one per locale. The parameter is
 * where the page goes in the output: the locale's domain directory when every locale has its
 * own domain (all are built at once, then deployed one directory per domain), else nothing for
 * the default locale and `<tag>` for the others.
 */
export async function localeStaticPaths(): Promise<{ params: { lang: string | undefined }; props: { locale: string } }[]> {
  const { locales, routePrefix } = await getSiteContext();
  return locales.map((locale) => ({ params: { lang: routePrefix(locale) }, props: { locale } }));
}

/** `getStaticPaths` for a file every locale has (a feed, a calendar), but where this build reuses it (src/site/reuse.ts). */
export function localeFilePaths(file: string): () => Promise<{ params: { lang: string | undefined }; props: { locale: string } }[]> {
  return async () => toRender(await localeStaticPaths(), () => file);
}

/**
 * `getStaticPaths` for a page per item and locale, e.g. `incidents/[id]` (`pathOf`: the item's
 * page path), without the pages this build reuses: a rebuild of 10 000 incidents renders a few.
 */
export async function localeItemPaths<T>(
  items: (ctx: SiteContext) => readonly T[],
  param: (item: T) => string,
  pathOf: (item: T) => string,
): Promise<{ params: { lang: string | undefined; id: string }; props: { locale: string; item: T } }[]> {
  const ctx = await getSiteContext();
  const langs = await localeStaticPaths();
  return langs.flatMap(({ params, props }) =>
    items(ctx)
      .filter((item) => isRendered(props.locale, pathOf(item)))
      .map((item) => ({ params: { ...params, id: param(item) }, props: { locale: props.locale, item } })),
  );
}

/** `getStaticPaths` for the files every site has once at its root (404 page, robots.txt, sitemap, logo). */
export async function siteStaticPaths(): Promise<{ params: { lang: string | undefined }; props: { locales: string[] } }[]> {
  const { sites } = await getSiteContext();
  return sites.map((site) => ({ params: { lang: site.dir }, props: { locales: site.locales } }));
}

/** siteStaticPaths without the files this build reuses (src/site/reuse.ts): a site's root files are its first locale's. */
export function toRenderAtSiteRoot<T extends { props: { locales: string[] } }>(entries: T[], fileOf: (entry: T) => string): T[] {
  return toRender(entries, fileOf, (e) => e.props.locales[0]!);
}
