import { isSecretVariable } from '../notify/secrets.ts';
import { EVENT_GROUPS, type EventGroup } from './notifications-schema.ts';
import type { ParsedSiteConfig } from './schema.ts';

type Localized = Readonly<Record<string, string>>;

interface ChannelBase {
  id: string;
  /** Locale tag of the text it gets. */
  locale: string;
  /** Only incidents and maintenance touching one of these; undefined means all. */
  components?: string[];
  events: EventGroup[];
  /** Environment variable holding its secret (URL, token or SMTP URL). */
  env: string;
}

export type NotificationChannel =
  | (ChannelBase & { type: 'slack' | 'discord' | 'teams' })
  | (ChannelBase & { type: 'mastodon'; server: string; visibility: 'public' | 'unlisted' | 'private' })
  | (ChannelBase & { type: 'webhook'; secretEnv: string })
  | (ChannelBase & { type: 'email'; from: string; to: string[] })
  | (ChannelBase & { type: 'buttondown'; api: string });

export type ChannelType = NotificationChannel['type'];

export interface NotificationsConfig {
  channels: NotificationChannel[];
  /** Events older than this (ms) are recorded, never sent. */
  maxAgeMs: number;
  siteUrl?: string;
  ledgerBranch: string;
}

export interface SubscribeConfig {
  email?: { form?: Localized; field: string; page?: Localized };
  links: { name: Localized; url: Localized }[];
}

/** The variable a channel reads when the config names none: `KABAR_NOTIFY_<ID>` (`team-slack` → `KABAR_NOTIFY_TEAM_SLACK`). */
export const defaultChannelEnv = (id: string): string => `KABAR_NOTIFY_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
export const parseDuration = (text: string): number => Number(text.slice(0, -1)) * UNIT_MS[text.slice(-1) as keyof typeof UNIT_MS];

export interface NormalizeContext {
  tags: readonly string[];
  componentIds: ReadonlySet<string>;
  error: (path: PropertyKey[], field: string, message: string) => void;
  localize: (text: string | Record<string, string>, path: PropertyKey[]) => Localized;
}

/** Cross-field checks (locales, component ids, unique channel ids) and defaults, after the schema accepted the shape. */
export function normalizeNotifications(raw: ParsedSiteConfig['notifications'], ctx: NormalizeContext): NotificationsConfig {
  const seen = new Set<string>();
  const channels = raw.channels.map((c, i): NotificationChannel => {
    const at = (field: string): PropertyKey[] => ['notifications', 'channels', i, field];
    const name = (field: string) => `notifications.channels[${i}].${field}`;
    if (seen.has(c.id)) ctx.error(at('id'), name('id'), `"${c.id}" is used twice (expected unique channel ids: the ledger keeps what each one was sent)`);
    seen.add(c.id);
    if (c.locale !== undefined && !ctx.tags.includes(c.locale)) ctx.error(at('locale'), name('locale'), `unknown locale "${c.locale}" (expected one of: ${ctx.tags.join(', ')})`);
    for (const component of c.components ?? []) {
      if (!ctx.componentIds.has(component)) ctx.error(at('components'), name('components'), `unknown component "${component}" (expected one of the components in kabar.config.ts: ${[...ctx.componentIds].join(', ')})`);
    }
    // A named `env` is checked by the schema; the default one is made from the id.
    const env = c.env ?? defaultChannelEnv(c.id);
    if (!isSecretVariable(env)) ctx.error(at('id'), name('id'), `would read ${env}, which holds kabar notify's own settings (expected another channel id, or an "env" naming another variable)`);
    const base: ChannelBase = {
      id: c.id,
      locale: c.locale ?? ctx.tags[0]!,
      ...(c.components && { components: c.components }),
      events: c.events ?? EVENT_GROUPS.filter((g) => g !== 'components' || c.type === 'webhook'),
      env,
    };
    switch (c.type) {
      case 'mastodon':
        return { ...base, type: c.type, server: c.server.replace(/\/+$/, ''), visibility: c.visibility };
      case 'webhook':
        return { ...base, type: c.type, secretEnv: c.secretEnv ?? `${defaultChannelEnv(c.id)}_SECRET` };
      case 'email':
        return { ...base, type: c.type, from: c.from, to: typeof c.to === 'string' ? [c.to] : c.to };
      case 'buttondown':
        return { ...base, type: c.type, api: (c.api ?? 'https://api.buttondown.com').replace(/\/+$/, '') };
      default:
        return { ...base, type: c.type };
    }
  });
  return {
    channels,
    maxAgeMs: parseDuration(raw.maxAge),
    ...(raw.siteUrl && { siteUrl: raw.siteUrl.replace(/\/+$/, '') }),
    ledgerBranch: raw.ledgerBranch,
  };
}

export function normalizeSubscribe(raw: ParsedSiteConfig['subscribe'], ctx: NormalizeContext): SubscribeConfig {
  const email = raw.email;
  return {
    ...(email && {
      email: {
        ...(email.form !== undefined && { form: ctx.localize(email.form, ['subscribe', 'email', 'form']) }),
        field: email.field,
        ...(email.page !== undefined && { page: ctx.localize(email.page, ['subscribe', 'email', 'page']) }),
      },
    }),
    links: raw.links.map((l, i) => ({ name: ctx.localize(l.name, ['subscribe', 'links', i, 'name']), url: ctx.localize(l.url, ['subscribe', 'links', i, 'url']) })),
  };
}
