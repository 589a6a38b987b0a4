import { IMPACT_RANK, PAGE_DESCRIPTIONS } from '../model/status-rank.ts';
import { impactLook, STATUS_SHAPES } from '../view/status-look.ts';
import { textDirection, useTranslations, type UiOverrides } from '../../i18n/index.ts';
import { WIDGET_IMPACTS, widgetStyleSheet } from './widget-style.ts';

/** What the widget is called with: everything it shows that is not data, fixed at build time. */
export interface WidgetSettings {
  /** The site's language, for the widget's `lang`, so screen readers pronounce it right on a host page in another language. */
  lang: string;
  /** Its direction, for the widget's `dir`: an Arabic site's widget reads right to left on an English page. */
  dir: 'ltr' | 'rtl';
  /** Words by status, or by the page's English description (as `summary.json` has it). */
  t: Record<string, string>;
  /** Icon path by an incident's Statuspage impact, and `ok` for all is well. */
  i: Record<string, string>;
  /** How bad each impact is, so the widget shows the worst active incident as summary.json's status does. */
  r: Readonly<Record<string, number>>;
  css: string;
}

/** The statuses an active incident or maintenance in progress can have. */
const ACTIVE_STATUSES = ['investigating', 'identified', 'monitoring', 'in_progress', 'verifying'] as const;

/**
 * Only the words the widget can show. In Kabar a component is only ever out of order through
 * an active incident or maintenance, and then the widget names that instead of a status: so
 * of the page and component statuses only "operational" is ever shown (anything else would
 * fall back to the API's English).
 */
export function widgetSettings(locale: string, overrides?: UiOverrides): WidgetSettings {
  const t = useTranslations(locale, overrides);
  const words: Record<string, string> = {
    [PAGE_DESCRIPTIONS.operational]: t('page.operational'),
    operational: t('component.operational'),
    details: t('embed.details'),
  };
  for (const status of ACTIVE_STATUSES) words[status] = t(`status.${status}`);
  const icons: Record<string, string> = { ok: STATUS_SHAPES.ok };
  for (const impact of WIDGET_IMPACTS) icons[impact] = STATUS_SHAPES[impactLook(impact)];
  return { lang: locale, dir: textDirection(locale), t: words, i: icons, r: IMPACT_RANK, css: widgetStyleSheet() };
}

/**
 * `embed.js` before minification: the widget's source (src/embed/kabar-status.js, a function
 * expression) called with this locale's settings.
 */
export function renderWidgetScript(source: string, locale: string, overrides?: UiOverrides): string {
  return `${source.trim().replace(/;\s*$/, '')}(${JSON.stringify(widgetSettings(locale, overrides))});\n`;
}
