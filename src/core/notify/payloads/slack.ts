import { escapeSlack, markdownToText, truncate } from '../markdown-text.ts';
import { breakBroadcastMentions } from '../mentions.ts';
import type { NotifyMessage } from '../message.ts';
import { notifyWords } from '../strings.ts';
import { TONE_EMOJI } from './style.ts';

/**
 * A Slack incoming-webhook message in Block Kit (https://api.slack.com/block-kit): a header,
 * a context line (what happened, when), the message in mrkdwn, the components and facts as
 * fields, and the link. `text` is the fallback that notifications and screen readers use.
 * Limits: header 150 characters, section text 3 000, fields 10 of 2 000 each.
 * Content is untrusted: every mrkdwn text and `text` are escaped (no `<!channel>`, no `<url|text>`
 * but the page's link), `verbatim` stops Slack from linking names itself, and `@channel`,
 * `@here` and `@everyone` are broken with a word joiner.
 */
export function slackPayload(message: NotifyMessage): Record<string, unknown> {
  const n = notifyWords(message.locale, message.ui);
  const esc = (text: string) => breakBroadcastMentions(escapeSlack(text));
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text, verbatim: true });
  const fields = [
    ...message.components.map((c) => `*${esc(c.name)}*\n${esc(c.label)}`),
    ...message.facts.map((f) => `*${esc(f.label)}*\n${esc(f.value)}`),
  ].slice(0, 10);
  const body = breakBroadcastMentions(markdownToText(message.body, 'slack'));
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${TONE_EMOJI[message.tone]} ${breakBroadcastMentions(message.title)}`, 150), emoji: true } },
    { type: 'context', elements: [mrkdwn([`*${esc(message.label)}*`, esc(message.siteName), esc(message.atText), ...[message.untranslatedNote, message.summaryNote].flatMap((note) => (note ? [`_${esc(note)}_`] : []))].join(' · '))] },
  ];
  if (body !== '') blocks.push({ type: 'section', text: mrkdwn(truncate(body, 3000)) });
  if (fields.length > 0) blocks.push({ type: 'section', fields: fields.map((text) => mrkdwn(truncate(text, 2000))) });
  blocks.push({ type: 'context', elements: [mrkdwn(`<${message.url}|${esc(n(message.kind === 'postmortem.published' ? 'readPostmortem' : 'view'))}>`)] });
  return { text: esc(`${message.headline} — ${message.siteName}`), blocks, unfurl_links: false, unfurl_media: false };
}
