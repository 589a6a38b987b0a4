import { en, type UiKey, type UiStrings } from './en.ts';
import { id } from './id.ts';

export type { UiKey };

const dictionaries: Readonly<Record<string, UiStrings>> = { en, id };

/** UI strings exist for these languages; other locales fall back to English. */
export const uiLanguages = Object.keys(dictionaries);

export type Translate = (key: UiKey, vars?: Readonly<Record<string, string | number>>) => string;

/** The language a locale's UI strings are really in (for `lang` on fallback text). */
export function uiLanguage(locale: string): string {
  const base = locale.toLowerCase().split('-')[0] ?? 'en';
  return dictionaries[locale] ? locale : dictionaries[base] ? base : 'en';
}

/** `text` with its `{name}` placeholders filled from `vars` (unknown ones left as they are). */
export const fillPlaceholders = (text: string, vars?: Readonly<Record<string, string | number>>): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (vars && name in vars ? String(vars[name]) : whole));

/**
 * The dictionary of a locale's language among a module's own (feeds, notifications, alert
 * drafts each keep theirs), English for a language none of them has.
 */
export function dictionaryFor<T extends { en: unknown }>(dictionaries: T, locale: string): T['en'] {
  const lang = uiLanguage(locale);
  return lang in dictionaries ? (dictionaries[lang as keyof T] as T['en']) : dictionaries.en;
}

/** `t('incident.nextUpdate', { time })` in the given locale. */
export function useTranslations(locale: string): Translate {
  const dict = dictionaries[uiLanguage(locale)] ?? en;
  return (key, vars) => fillPlaceholders(dict[key], vars);
}
