import { createHash } from 'node:crypto';
import type { NotificationChannel } from '../config/normalize-notifications.ts';
import type { StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import type { NotifyEvent } from './events.ts';
import { buildMessage, type NotifyMessage } from './message.ts';
import { discordPayload } from './payloads/discord.ts';
import { buttondownEmail, emailContent, type EmailContent } from './payloads/email.ts';
import { mastodonStatus } from './payloads/mastodon.ts';
import { slackPayload } from './payloads/slack.ts';
import { teamsPayload } from './payloads/teams.ts';
import { statuspageWebhookBody } from './payloads/webhook.ts';

/** Where a request goes: an address read from an environment variable (it is the secret), or a fixed one. */
export type Target = { env: string } | { url: string };

export interface HttpDelivery {
  transport: 'http';
  target: Target;
  headers: Record<string, string>;
  /** The exact bytes sent (and signed). */
  body: string;
  /** `Authorization: <scheme> <value of env>`. */
  auth?: { env: string; scheme: 'Bearer' | 'Token' };
  /** Sign the body with the secret in this variable (generic webhooks). */
  signWith?: string;
}

export interface SmtpDelivery {
  transport: 'smtp';
  /** Variable holding the SMTP server URL (with its credentials). */
  env: string;
  from: string;
  to: string[];
  email: EmailContent;
}

export type Delivery = (HttpDelivery | SmtpDelivery) & { deliveryId: string; message: NotifyMessage };

/**
 * The delivery id: the same for a channel and an event in every run and every retry, so a
 * receiver can drop a repeat (at-least-once delivery) — UUID-shaped, from SHA-256.
 */
export function deliveryId(channel: string, event: string): string {
  const hex = createHash('sha256').update(`${channel}\n${event}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const json = (value: unknown) => JSON.stringify(value);
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

/**
 * What one channel is sent for one event (standing for `summarizes` events of its incident, itself
 * the newest): pure, so `--dry-run` prints exactly this.
 */
export function buildDelivery(channel: NotificationChannel, model: StatusModel, event: NotifyEvent, urls: SiteUrls, summarizes = 1): Delivery {
  const message = buildMessage(model, event, channel.locale, urls, summarizes);
  const id = deliveryId(channel.id, event.id);
  const common = { deliveryId: id, message };
  switch (channel.type) {
    case 'slack':
      return { ...common, transport: 'http', target: { env: channel.env }, headers: JSON_TYPE, body: json(slackPayload(message)) };
    case 'discord':
      return { ...common, transport: 'http', target: { env: channel.env }, headers: JSON_TYPE, body: json(discordPayload(message)) };
    case 'teams':
      return { ...common, transport: 'http', target: { env: channel.env }, headers: JSON_TYPE, body: json(teamsPayload(message)) };
    case 'mastodon':
      // Mastodon drops a second status with the same Idempotency-Key (kept for an hour): a retry never double-posts.
      return { ...common, transport: 'http', target: { url: `${channel.server}/api/v1/statuses` }, auth: { env: channel.env, scheme: 'Bearer' }, headers: { ...JSON_TYPE, 'Idempotency-Key': id }, body: json(mastodonStatus(message, channel.visibility)) };
    case 'webhook':
      return {
        ...common,
        transport: 'http',
        target: { env: channel.env },
        headers: { ...JSON_TYPE, 'X-Kabar-Delivery': id, 'X-Kabar-Event': event.kind },
        body: json(statuspageWebhookBody(model, event, message, urls)),
        signWith: channel.secretEnv,
      };
    case 'buttondown':
      // Buttondown asks for this header before an API key's first real send, so nobody mails a list by accident.
      return { ...common, transport: 'http', target: { url: `${channel.api}/v1/emails` }, auth: { env: channel.env, scheme: 'Token' }, headers: { ...JSON_TYPE, 'X-Buttondown-Live-Dangerously': 'true' }, body: json(buttondownEmail(message)) };
    case 'email':
      return { ...common, transport: 'smtp', env: channel.env, from: channel.from, to: channel.to, email: emailContent(message, id, new URL(message.pageUrl).hostname) };
  }
}

/** Variables a channel reads, in the order it needs them. */
export function channelVariables(channel: NotificationChannel): string[] {
  return channel.type === 'webhook' ? [channel.env, channel.secretEnv] : [channel.env];
}
