/**
 * U+2060 WORD JOINER: invisible, and not a character a mention may start with, so `@` followed
 * by it never addresses anyone (Mastodon's `@user@server`, Slack's `@channel`).
 */
export const WORD_JOINER = '\u2060';

/** Every `@` followed by a word joiner: text from a pull request mentions nobody (Mastodon). */
export function breakMentions(text: string): string {
  return text.replace(/@/g, `@${WORD_JOINER}`);
}

/** Slack's broadcast words (`@channel`, `@here`, `@everyone`) broken the same way; other `@` text stays as written. */
export function breakBroadcastMentions(text: string): string {
  return text.replace(/@(?=(?:channel|here|everyone)\b)/gi, `@${WORD_JOINER}`);
}
