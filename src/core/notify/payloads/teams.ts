import { truncate } from '../markdown-text.ts';
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
 * MessageCards, were retired in 2026. TextBlocks render a Markdown subset (bold, italic,
 * lists, links), enough for an update's text.
 */
export function teamsPayload(message: NotifyMessage): Record<string, unknown> {
  const n = notifyWords(message.locale);
  const facts = [...message.components.map((c) => ({ title: c.name, value: c.label })), ...message.facts.map((f) => ({ title: f.label, value: f.value }))];
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: message.title, size: 'Large', weight: 'Bolder', wrap: true },
    { type: 'TextBlock', text: `${message.label} · ${message.atText}`, color: TONE_TEXT_COLOR[message.tone], weight: 'Bolder', spacing: 'None', wrap: true },
  ];
  if (message.untranslatedNote) body.push({ type: 'TextBlock', text: message.untranslatedNote, isSubtle: true, size: 'Small', wrap: true });
  if (message.body !== '') body.push({ type: 'TextBlock', text: truncate(message.body, 5000), wrap: true });
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
