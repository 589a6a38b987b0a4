import { useTranslations, type Translate, type UiKey, type UiOverrides } from '../../i18n/index.ts';

/**
 * Words that only feeds, calendars and badges use (`feed.*` in the dictionaries). Status and
 * component labels come from the site's UI strings so a feed says what the page says.
 */
export type FeedKey = UiKey extends infer K ? (K extends `feed.${infer F}` ? F : never) : never;

export interface FeedWords {
  /** Feed-only words, with `{name}` placeholders filled from `vars`. */
  f(key: FeedKey, vars?: Readonly<Record<string, string>>): string;
  /** The site's UI strings (status and component labels). */
  t: Translate;
}

export function feedWords(locale: string, overrides?: UiOverrides): FeedWords {
  const t = useTranslations(locale, overrides);
  return { f: (key, vars) => t(`feed.${key}`, vars), t };
}
