import { truncate } from '../markdown-text.ts';
import type { NotifyMessage } from '../message.ts';
import { TONE_COLOR } from './style.ts';

/**
 * A Discord webhook message with one embed (https://discord.com/developers/docs/resources/webhook#execute-webhook).
 * Discord renders the Markdown of the description itself. `allowed_mentions` is empty, so text
 * from a pull request can never ping `@everyone` or a role. Limits: title 256, description
 * 4 096, 25 fields of 256/1 024, 6 000 in all.
 */
export function discordPayload(message: NotifyMessage): Record<string, unknown> {
  const fields = [
    ...message.components.map((c) => ({ name: truncate(c.name, 256), value: truncate(c.label, 1024), inline: true })),
    ...message.facts.map((f) => ({ name: truncate(f.label, 256), value: truncate(f.value, 1024), inline: false })),
  ].slice(0, 25);
  return {
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title: truncate(message.headline, 256),
        url: message.url,
        ...(message.body !== '' && { description: truncate(message.body, 3000) }),
        color: TONE_COLOR[message.tone],
        ...(fields.length > 0 && { fields }),
        footer: { text: truncate([message.siteName, message.untranslatedNote, message.summaryNote].filter(Boolean).join(' · '), 200) },
        timestamp: new Date(message.at).toISOString(),
      },
    ],
  };
}
