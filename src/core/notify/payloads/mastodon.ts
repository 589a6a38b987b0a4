import { markdownToText, truncate } from '../markdown-text.ts';
import { breakMentions } from '../mentions.ts';
import type { NotifyMessage } from '../message.ts';
import { notifyWords } from '../strings.ts';
import { TONE_EMOJI } from './style.ts';

/** Mastodon's default limit; every link counts as 23 characters whatever its length. */
export const MASTODON_MAX = 500;
const LINK_WEIGHT = 23;
/** At most this much of a status lists components; the rest is "and N more". */
const COMPONENTS_MAX = 200;
const SEPARATOR = '\n\n';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * A status's length as Mastodon counts it (grapheme clusters, each link 23), for text without the
 * page's link. A link in the text counts as its own length when longer, so the count never falls
 * short whichever part of it Mastodon takes for a link.
 */
export function mastodonLength(text: string): number {
  let length = 0;
  for (const piece of text.split(/(https?:\/\/\S+)/)) {
    length += /^https?:\/\//.test(piece) ? Math.max([...piece].length, LINK_WEIGHT) : [...graphemes.segment(piece)].length;
  }
  return length;
}

/**
 * A status for `POST /api/v1/statuses` (https://docs.joinmastodon.org/methods/statuses/#create),
 * at most 500 characters as Mastodon counts them: the headline, the message (marked when not
 * translated yet) cut to fit, the components (the list cut with "and N more"), and always the
 * link. Every `@` is broken with a word joiner, so nothing mentions (or, with `private`
 * visibility, adds as a recipient) anyone. `language` is the headline's.
 */
export function mastodonStatus(message: NotifyMessage, visibility: string): { status: string; visibility: string; language: string } {
  const n = notifyWords(message.locale, message.ui);
  const head = breakMentions([truncate(`${TONE_EMOJI[message.tone]} ${message.headline}`, 200), ...(message.summaryNote ? [message.summaryNote] : [])].join('\n'));
  const fixed = mastodonLength(head) + SEPARATOR.length + LINK_WEIGHT;
  const components = componentList(message.components.map((c) => breakMentions(`${c.name}: ${c.label}`)), Math.min(COMPONENTS_MAX, MASTODON_MAX - fixed - SEPARATOR.length), n);
  const note = message.untranslatedNote ? `(${message.untranslatedNote})` : '';
  const used = fixed + (components === '' ? 0 : SEPARATOR.length + mastodonLength(components)) + (note === '' ? 0 : SEPARATOR.length + mastodonLength(note));
  const body = fitted(breakMentions(markdownToText(message.body)), MASTODON_MAX - used - SEPARATOR.length);
  const parts = [head, body === '' ? '' : note, body, components, message.url].filter(Boolean);
  return { status: parts.join(SEPARATOR), visibility, language: message.titleLang };
}

/** As many component lines as fit in `room`, then "and N more". */
function componentList(lines: readonly string[], room: number, n: ReturnType<typeof notifyWords>): string {
  for (let shown = lines.length; shown >= 0; shown--) {
    const rest = lines.length - shown;
    const text = [...lines.slice(0, shown), ...(rest > 0 ? [n('andMore', { count: rest })] : [])].join('\n');
    if (mastodonLength(text) <= room) return text;
  }
  return '';
}

/** The text cut to `room` as Mastodon counts, or nothing when too little room is left to say anything. */
function fitted(text: string, room: number): string {
  if (text === '' || room <= 20) return '';
  let max = room;
  let cut = truncate(text, max);
  while (mastodonLength(cut) > room && max > 20) {
    max -= mastodonLength(cut) - room;
    cut = truncate(text, max);
  }
  return mastodonLength(cut) <= room ? cut : '';
}
