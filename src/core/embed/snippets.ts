import type { StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { useTranslations } from '../../i18n/index.ts';

/** The copy-paste snippets for one locale's site, as its widget page shows them (and docs/embed.md explains). */
export interface EmbedSnippets {
  /** The site's origin, for a Content-Security-Policy. */
  origin: string;
  /** Once per page. */
  script: string;
  badge: string;
  banner: string;
  dot: string;
  component: string;
  frame: string;
  image: string;
}

export function embedSnippets(model: StatusModel, locale: string, urls: SiteUrls): EmbedSnippets {
  const t = useTranslations(locale, model.config.ui[locale]);
  const home = urls.absolute(locale);
  const title = t('embed.title', { name: model.config.name });
  const attr = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return {
    origin: new URL(home).origin,
    script: `<script src="${urls.absolute(locale, 'embed.js')}" defer></script>`,
    badge: '<kabar-status></kabar-status>',
    banner: '<kabar-status variant="banner"></kabar-status>',
    dot: '<kabar-status variant="dot"></kabar-status>',
    component: `<kabar-status component="${model.config.components[0]!.id}"></kabar-status>`,
    frame: `<iframe src="${urls.absolute(locale, 'embed/')}" title="${attr(title)}" width="360" height="160" loading="lazy"></iframe>`,
    image: `[![${title.replace(/[[\]]/g, '')}](${urls.absolute(locale, 'badge.svg')})](${home})`,
  };
}
