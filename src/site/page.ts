import { useTranslations, type Translate } from '../i18n/index.ts';
import type { StatusModel } from '../core/model/types.ts';
import type { SiteUrls } from '../core/site-urls.ts';
import { getSiteView, type SiteView } from '../core/view/site-view.ts';
import { getSiteContext } from './context.ts';

/** What every page component needs for one locale, from the one model of this build. */
export interface PageContext {
  locale: string;
  model: StatusModel;
  view: SiteView;
  urls: SiteUrls;
  t: Translate;
  /** Root-relative link within this locale. */
  href: (path?: string) => string;
}

export async function getPageContext(locale: string): Promise<PageContext> {
  const { model, urls } = await getSiteContext();
  return { locale, model, view: getSiteView(model), urls, t: useTranslations(locale, model.config.ui[locale]), href: (path) => urls.href(locale, path) };
}
