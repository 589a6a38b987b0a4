import { uiLanguage } from './bundled.ts';
import { DICTIONARIES } from './dictionaries.ts';
import { en, type UiKey, type UiStrings } from './en.ts';
import { formatMessage, type Message, type MessageVars } from './message.ts';

export type { UiKey, UiStrings };
export { fillPlaceholders, formatMessage, type Message } from './message.ts';
export { LANGUAGES, textDirection } from './languages.ts';
export { bundledLanguage, missingUiKeys, uiLanguage, uiLanguages } from './bundled.ts';

export type Translate = (key: UiKey, vars?: MessageVars) => string;

/** A company's own wording for one locale (`ui` in kabar.config.ts), by key. */
export type UiOverrides = Readonly<Partial<Record<UiKey, Message>>>;

/**
 * `t('incident.nextUpdate', { time })` in the given locale: the company's own wording where the
 * config's `ui` has it, else the bundled language's, else English.
 */
export function useTranslations(locale: string, overrides?: UiOverrides): Translate {
  const lang = uiLanguage(locale);
  const dict: UiStrings = DICTIONARIES[lang] ?? en;
  return (key, vars) => {
    const own = overrides?.[key];
    return own !== undefined ? formatMessage(own, locale, vars) : formatMessage(dict[key], lang, vars);
  };
}
