import { escapeMarkdown, markdownToText, truncate } from '../markdown-text.ts';
import type { NotifyMessage, Tone } from '../message.ts';
import { notifyWords } from '../strings.ts';

/** Adaptive Card text colours (https://adaptivecards.io/explorer/TextBlock.html). */
const TONE_TEXT_COLOR: Record<Tone, string> = {
  critical: 'Attention',
  major: 'Attention',
  minor: 'Warning',
  none: 'Default',
  maintenance: 'Accent',
  resolved: 'Good',
  info: 'Accent',
};

/**
 * The body a Microsoft Teams Workflows webhook ("Send webhook alerts to a channel") posts as a
 * card: a `message` with one Adaptive Card 1.4 attachment. Office 365 connectors, which took
 * MessageCards, were retired in 2026. TextBlocks and facts render a Markdown subset (bold,
 * italic, lists, links): the update's text goes as safe Markdown (links only to `http(s)`, no
 * images, raw HTML as text), every other field with its Markdown escaped, so a title cannot
 * carry a link or emphasis.
 */
export function teamsPayload(message: NotifyMessage): Record<string, unknown> {
  const n = notifyWords(message.locale, message.ui);
  const md = escapeMarkdown;
  const facts = [...message.components.map((c) => ({ title: md(c.name), value: md(c.label) })), ...message.facts.map((f) => ({ title: md(f.label), value: md(f.value) }))];
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: md(message.title), size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: md(`${message.label} · ${message.atText}`), color: TONE_TEXT_COLOR[message.tone], weight: 'Bolder', spacing: 'None', wrap: true },
  ];
  const notes = [message.summaryNote, message.untranslatedNote].filter(Boolean).join(' · ');
  if (notes !== '') body.push({ type: 'TextBlock', text: md(notes), isSubtle: true, size: 'Small', wrap: true });
  const text = markdownToText(message.body, 'markdown');
  if (text !== '') body.push({ type: 'TextBlock', text: truncate(text, 5000), wrap: true });
  if (facts.length > 0) body.push({ type: 'FactSet', facts });
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          lang: message.locale,
          body,
          actions: [{ type: 'Action.OpenUrl', title: n(message.kind === 'postmortem.published' ? 'readPostmortem' : 'view'), url: message.url }],
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}
