import { useTranslations, type UiKey, type UiOverrides } from '../../i18n/index.ts';
import type { MessageVars } from '../../i18n/message.ts';

/**
 * Words only notifications use (`notify.*` in the dictionaries). Status and component labels
 * come from the site's UI strings and the words shared with feeds (impact, workaround, window,
 * the generic provider) from the feed strings, so a Slack message says what the page and the
 * feeds say.
 */
export type NotifyKey = UiKey extends infer K ? (K extends `notify.${infer N}` ? N : never) : never;

/** `n('posted', { time })` in a locale's language (English for locales without strings). */
export function notifyWords(locale: string, overrides?: UiOverrides): (key: NotifyKey, vars?: MessageVars) => string {
  const t = useTranslations(locale, overrides);
  return (key, vars) => t(`notify.${key}`, vars);
}
