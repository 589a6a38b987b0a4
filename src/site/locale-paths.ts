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
