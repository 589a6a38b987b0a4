import { getSiteContext } from '../../../../site/context.ts';
import { localeStaticPaths } from '../../../../site/locale-paths.ts';
import { toRender } from '../../../../site/reuse.ts';
import { componentPath } from '../../../../core/view/page-paths.ts';

export interface ComponentFileProps {
  locale: string;
  component: string;
}

type ComponentFilePath = { params: { lang: string | undefined; component: string }; props: ComponentFileProps };

/** One file per locale and component (the `_` keeps this helper out of the routes). */
export async function componentFilePaths(): Promise<ComponentFilePath[]> {
  const { model } = await getSiteContext();
  const locales = await localeStaticPaths();
  return locales.flatMap(({ params, props }) =>
    model.config.components.map((c) => ({ params: { ...params, component: c.id }, props: { locale: props.locale, component: c.id } })),
  );
}

/** componentFilePaths for `file` (a feed, a calendar), but where this build reuses it (src/site/reuse.ts). */
export function reusableComponentFilePaths(file: string): () => Promise<ComponentFilePath[]> {
  return async () => toRender(await componentFilePaths(), (entry) => `${componentPath(entry.props.component)}${file}`);
}
