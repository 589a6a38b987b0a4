/**
 * Characters no output may carry. XML 1.0 (§2.2 Char) forbids the C0 controls but tab, newline
 * and carriage return, U+FFFE, U+FFFF and unpaired surrogates: one of them makes a whole feed or
 * badge ill-formed, and readers then reject it. RFC 5545 (§3.3.11) forbids controls in calendar
 * text too, and in HTML they are parse errors. Content may contain none of them (carriage returns
 * included: line ends are normalised to newlines when a file is read), so `kabar check` reports
 * them; the writers of XML and iCalendar strip them as well, so no output is ever ill-formed.
 */
export const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What writers strip: the same, but carriage returns, which XML allows and iCalendar needs at every line end. */
const UNWRITABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `U+0007` for a character, as the Unicode charts name it. */
export const codePointName = (char: string): string => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first forbidden character of `text`, if any, with its index. */
export function firstForbiddenChar(text: string): { index: number; char: string } | undefined {
  const match = FORBIDDEN_CHARS.exec(text);
  return match ? { index: match.index, char: match[0] } : undefined;
}

/** What `kabar check` says about one. */
export const forbiddenCharMessage = (char: string): string =>
  `contains the control character ${codePointName(char)}, which feeds, badges and calendars cannot carry (expected printable text: delete it; it is often pasted in invisibly from a terminal or chat)`;

/** `text` without forbidden characters: the last line of defence of every XML and iCalendar writer. */
export const stripForbiddenChars = (text: string): string => text.replace(UNWRITABLE, '');

/** Every string inside a parsed value, with its path. */
export function* stringsIn(value: unknown, path: PropertyKey[] = []): Generator<{ path: PropertyKey[]; text: string }> {
  if (typeof value === 'string') yield { path, text: value };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], [...path, i]);
  else if (value && typeof value === 'object') for (const [key, v] of Object.entries(value)) yield* stringsIn(v, [...path, key]);
}

/** Text and attribute values for hand-written XML (badges, sitemaps): escaped, and stripped of what XML cannot carry. */
export const escapeXml = (text: string): string =>
  stripForbiddenChars(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Right-to-left letters and explicit direction controls (UAX #9): text that can reorder what surrounds it. */
const BIDI_SENSITIVE = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200F\u202A-\u202E\u2066-\u2069]/;

/**
 * User text for a place that holds text only (`<title>`, feed titles, calendar summaries):
 * wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE (UAX #9) when it could reorder its
 * surroundings, so "‮evil" cannot reverse the rest of a title. The isolate also ends any
 * override left open inside it. Left-to-right text is returned as it is.
 */
export const isolateBidi = (text: string): string => (BIDI_SENSITIVE.test(text) ? `\u2068${text}\u2069` : text);
