// Which languages are bundled, apart from their dictionaries (src/i18n/dictionaries.ts): checking
// a config needs the tags, and a build's own process never loads 40 dictionaries for them.
import { en, type UiKey } from './en.ts';
import type { UiOverrides } from './index.ts';

/** UI strings exist for these languages; other locales need `ui` in the config, or fall back to English. */
export const uiLanguages: readonly string[] = [
  'ar',
  'bn',
  'ca',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'fa',
  'fi',
  'fil',
  'fr',
  'he',
  'hi',
  'hu',
  'id',
  'it',
  'ja',
  'ko',
  'ms',
  'nb',
  'nl',
  'pl',
  'pt',
  'pt-BR',
  'ro',
  'ru',
  'sk',
  'sr',
  'sv',
  'sw',
  'ta',
  'th',
  'tr',
  'uk',
  'ur',
  'vi',
  'zh-Hans',
  'zh-Hant',
];

/** Older or wider tags that mean a bundled language. */
const ALIASES: Readonly<Record<string, string>> = { no: 'nb', nn: 'nb', tl: 'fil', iw: 'he', in: 'id', zh: 'zh-Hans' };

const byLower = new Map(uiLanguages.map((tag) => [tag.toLowerCase(), tag]));
const bundled = new Map<string, string | undefined>();

/**
 * The bundled language a locale's UI is in: the tag itself (`pt-BR`), its script (`zh-TW` →
 * `zh-Hant`), its language (`de-AT` → `de`), or an alias (`no` → `nb`); undefined when none is.
 */
export function bundledLanguage(locale: string): string | undefined {
  // Asked for on every page: the answer is kept (a locale's likely script costs Intl a lookup).
  if (bundled.has(locale)) return bundled.get(locale);
  const find = (tag: string | undefined) => (tag === undefined ? undefined : byLower.get(tag.toLowerCase()));
  let language = locale.split('-')[0] ?? locale;
  let script: string | undefined;
  try {
    const max = new Intl.Locale(locale).maximize();
    language = max.language;
    script = max.script;
  } catch {
    // not a well-formed tag: only an exact match can help
  }
  const found = find(locale) ?? find(script && `${language}-${script}`) ?? find(language) ?? find(ALIASES[language]);
  bundled.set(locale, found);
  return found;
}

/** The language a locale's UI strings are really in (for `lang` on fallback text): English when none is bundled. */
export function uiLanguage(locale: string): string {
  return bundledLanguage(locale) ?? 'en';
}

/** Keys a locale has no words for: all of them without a bundled language, less those the config's `ui` gives. */
export function missingUiKeys(locale: string, overrides?: UiOverrides): UiKey[] {
  if (bundledLanguage(locale)) return [];
  return (Object.keys(en) as UiKey[]).filter((key) => overrides?.[key] === undefined);
}
