import type { LocalizedText } from './types.ts';

/**
 * Expands a text to every locale: the translation where there is one, else the
 * default locale's text flagged as untranslated (so pages can set `lang` and
 * say "not translated yet").
 */
export function localizeText(base: string, translationOf: (locale: string) => string | undefined, locales: readonly string[], defaultLocale: string): LocalizedText {
  const out: Record<string, { text: string; lang: string; untranslated: boolean }> = {};
  for (const locale of locales) {
    const translated = locale === defaultLocale ? undefined : translationOf(locale);
    out[locale] =
      locale === defaultLocale
        ? { text: base, lang: defaultLocale, untranslated: false }
        : translated !== undefined
          ? { text: translated, lang: locale, untranslated: false }
          : { text: base, lang: defaultLocale, untranslated: true };
  }
  return out;
}
