import { getSiteContext } from './context.ts';

/**
 * `getStaticPaths` for pages under `src/pages/[...lang]/`: the default locale
 * (and every locale on its own domain) has no prefix (`lang` undefined); other
 * locales in a single-domain build live under `/<tag>/`.
 */
export async function localeStaticPaths(): Promise<{ params: { lang: string | undefined }; props: { locale: string } }[]> {
  const { model, urls, locales } = await getSiteContext();
  return locales.map((locale) => ({
    params: { lang: urls.perDomain || locale === model.config.defaultLocale ? undefined : locale },
    props: { locale },
  }));
}

/** `getStaticPaths` for a page per item and locale, e.g. `incidents/[id]`. */
export async function localeItemPaths<T>(
  items: (ctx: Awaited<ReturnType<typeof getSiteContext>>) => readonly T[],
  param: (item: T) => string,
): Promise<{ params: { lang: string | undefined; id: string }; props: { locale: string; item: T } }[]> {
  const ctx = await getSiteContext();
  const langs = await localeStaticPaths();
  return langs.flatMap(({ params, props }) => items(ctx).map((item) => ({ params: { ...params, id: param(item) }, props: { locale: props.locale, item } })));
}
