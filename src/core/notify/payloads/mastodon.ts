import { markdownToText, truncate } from '../markdown-text.ts';
import type { NotifyMessage } from '../message.ts';
import { TONE_EMOJI } from './style.ts';

/** Mastodon's default limit; every link counts as 23 characters whatever its length. */
export const MASTODON_MAX = 500;
const LINK_WEIGHT = 23;

/**
 * A status for `POST /api/v1/statuses` (https://docs.joinmastodon.org/methods/statuses/#create):
 * the headline, the message as plain text cut to fit, the components, and the link.
 */
export function mastodonStatus(message: NotifyMessage, visibility: string): { status: string; visibility: string; language: string } {
  const head = truncate(`${TONE_EMOJI[message.tone]} ${message.headline}`, 300);
  const components = message.components.map((c) => `${c.name}: ${c.label}`).join('\n');
  const fixed = [head, components].filter(Boolean).join('\n\n');
  const room = MASTODON_MAX - [...fixed].length - LINK_WEIGHT - 4;
  const body = markdownToText(message.body);
  const parts = [head, room > 20 && body !== '' ? truncate(body, room) : '', components, message.url].filter(Boolean);
  return { status: parts.join('\n\n'), visibility, language: message.bodyLang };
}
