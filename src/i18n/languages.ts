/**
 * The languages Kabar's UI can be bundled in, with their names: `kabar init` offers them, the
 * README lists them. A language is bundled once its dictionary is in dictionaries.ts.
 */
export interface LanguageInfo {
  /** BCP 47 tag, as a locale's `tag` in kabar.config.ts. */
  tag: string;
  /** The language's name in English. */
  english: string;
  /** The language's name for itself: the label of the language switcher. */
  native: string;
}

export const LANGUAGES: readonly LanguageInfo[] = [
  { tag: 'en', english: 'English', native: 'English' },
  { tag: 'ar', english: 'Arabic', native: 'العربية' },
  { tag: 'bn', english: 'Bengali', native: 'বাংলা' },
  { tag: 'cs', english: 'Czech', native: 'Čeština' },
  { tag: 'da', english: 'Danish', native: 'Dansk' },
  { tag: 'de', english: 'German', native: 'Deutsch' },
  { tag: 'el', english: 'Greek', native: 'Ελληνικά' },
  { tag: 'es', english: 'Spanish', native: 'Español' },
  { tag: 'fa', english: 'Persian', native: 'فارسی' },
  { tag: 'fi', english: 'Finnish', native: 'Suomi' },
  { tag: 'fil', english: 'Filipino', native: 'Filipino' },
  { tag: 'fr', english: 'French', native: 'Français' },
  { tag: 'he', english: 'Hebrew', native: 'עברית' },
  { tag: 'hi', english: 'Hindi', native: 'हिन्दी' },
  { tag: 'hu', english: 'Hungarian', native: 'Magyar' },
  { tag: 'id', english: 'Indonesian', native: 'Bahasa Indonesia' },
  { tag: 'it', english: 'Italian', native: 'Italiano' },
  { tag: 'ja', english: 'Japanese', native: '日本語' },
  { tag: 'ko', english: 'Korean', native: '한국어' },
  { tag: 'ms', english: 'Malay', native: 'Bahasa Melayu' },
  { tag: 'nb', english: 'Norwegian Bokmål', native: 'Norsk bokmål' },
  { tag: 'nl', english: 'Dutch', native: 'Nederlands' },
  { tag: 'pl', english: 'Polish', native: 'Polski' },
  { tag: 'pt', english: 'Portuguese (Portugal)', native: 'Português' },
  { tag: 'pt-BR', english: 'Portuguese (Brazil)', native: 'Português (Brasil)' },
  { tag: 'ro', english: 'Romanian', native: 'Română' },
  { tag: 'ru', english: 'Russian', native: 'Русский' },
  { tag: 'sk', english: 'Slovak', native: 'Slovenčina' },
  { tag: 'sr', english: 'Serbian', native: 'Српски' },
  { tag: 'sv', english: 'Swedish', native: 'Svenska' },
  { tag: 'sw', english: 'Swahili', native: 'Kiswahili' },
  { tag: 'ta', english: 'Tamil', native: 'தமிழ்' },
  { tag: 'th', english: 'Thai', native: 'ไทย' },
  { tag: 'tr', english: 'Turkish', native: 'Türkçe' },
  { tag: 'uk', english: 'Ukrainian', native: 'Українська' },
  { tag: 'ur', english: 'Urdu', native: 'اردو' },
  { tag: 'vi', english: 'Vietnamese', native: 'Tiếng Việt' },
  { tag: 'zh-Hans', english: 'Chinese (Simplified)', native: '简体中文' },
  { tag: 'zh-Hant', english: 'Chinese (Traditional)', native: '繁體中文' },
  { tag: 'ca', english: 'Catalan', native: 'Català' },
];

/** Languages written right to left: the page, the widget and embed/ get `dir="rtl"`. */
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'sd', 'ug', 'yi', 'dv', 'ckb', 'iw']);

/** `rtl` for a locale whose language is written right to left (`ar`, `he-IL`, `fa-AF`), else `ltr`. */
export function textDirection(locale: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale.toLowerCase().split('-')[0]!) ? 'rtl' : 'ltr';
}
