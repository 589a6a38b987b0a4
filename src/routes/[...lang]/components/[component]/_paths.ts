import { getSiteContext } from '../../../../site/context.ts';
import { localeStaticPaths } from '../../../../site/locale-paths.ts';

export interface ComponentFileProps {
  locale: string;
  component: string;
}

/** One file per locale and component (the `_` keeps this helper out of the routes). */
export async function componentFilePaths(): Promise<{ params: { lang: string | undefined; component: string }; props: ComponentFileProps }[]> {
  const { model } = await getSiteContext();
  const locales = await localeStaticPaths();
  return locales.flatMap(({ params, props }) =>
    model.config.components.map((c) => ({ params: { ...params, component: c.id }, props: { locale: props.locale, component: c.id } })),
  );
}
