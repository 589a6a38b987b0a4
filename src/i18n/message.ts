/**
 * One UI message: a text with `{name}` placeholders, or plural forms chosen by the number in
 * one placeholder, by the language's own rules (`Intl.PluralRules`: Arabic has six forms,
 * Japanese one, English two). Numbers are written in the language's digits and separators.
 * Pure: no I/O, no Astro.
 */

export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/** Plural forms of a message; `plural` names the placeholder whose number chooses the form. */
export type PluralMessage = { readonly plural: string; readonly other: string } & Readonly<Partial<Record<Exclude<PluralCategory, 'other'>, string>>>;

export type Message = string | PluralMessage;

export type MessageVars = Readonly<Record<string, string | number>>;

const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();

function numberFormat(lang: string): Intl.NumberFormat {
  let format = numberFormats.get(lang);
  if (!format) numberFormats.set(lang, (format = new Intl.NumberFormat(lang)));
  return format;
}

function pluralCategory(lang: string, n: number): PluralCategory {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(n) as PluralCategory;
}

/** The forms a message has, for checking a translation against English. */
export const messageForms = (message: Message): string[] =>
  typeof message === 'string' ? [message] : (['zero', 'one', 'two', 'few', 'many', 'other'] as const).flatMap((c) => (message[c] === undefined ? [] : [message[c]!]));

/** The `{name}` placeholders of a text, sorted and without repeats. */
export const placeholdersOf = (text: string): string[] => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

/** `text` with its `{name}` placeholders filled (numbers in `lang`'s digits); unknown ones are left as they are. */
export function fillPlaceholders(text: string, vars?: MessageVars, lang = 'en'): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!vars || !(name in vars)) return whole;
    const value = vars[name]!;
    return typeof value === 'number' ? numberFormat(lang).format(value) : value;
  });
}

/** The message in `lang` with `vars` filled in: the plural form its number calls for, or `other`. */
export function formatMessage(message: Message, lang: string, vars?: MessageVars): string {
  if (typeof message === 'string') return fillPlaceholders(message, vars, lang);
  const n = Number(vars?.[message.plural]);
  const form = Number.isFinite(n) ? message[pluralCategory(lang, n)] : undefined;
  return fillPlaceholders(form ?? message.other, vars, lang);
}
