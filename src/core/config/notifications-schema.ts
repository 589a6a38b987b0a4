import { z } from 'zod';
import { isSafeEndpoint, isSecretVariable, SECRET_PREFIX } from '../notify/secrets.ts';

/**
 * The `notifications` and `subscribe` parts of the site config. Secrets never
 * appear here: a channel names at most the environment variable it reads
 * (docs/notifications.md lists each channel's variables).
 */

const ID = /^[a-z0-9][a-z0-9-]*$/;
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

const channelId = z.string().regex(ID, { message: 'expected a channel id of lowercase letters, digits and dashes, e.g. "team-slack"' });
/** Only `KABAR_NOTIFY_*`: the notify workflow passes no other secret, and a config change in a pull request must not be able to send the deploy token anywhere. */
const envName = z
  .string()
  .regex(ENV_NAME, { message: 'expected an environment variable name in capitals, digits and "_", e.g. "KABAR_NOTIFY_STATUS_WEBHOOK"' })
  .refine(isSecretVariable, { message: `expected a variable name starting with ${SECRET_PREFIX}, e.g. "KABAR_NOTIFY_STATUS_WEBHOOK", not one of kabar notify's own settings; no other secret is ever read` });
const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as "https://mastodon.social"' });
/** Where a channel posts its secret to: https only (plain http only to 127.0.0.1 or localhost, for trials). */
const endpointUrl = z.string().refine((value) => URL.canParse(value) && isSafeEndpoint(new URL(value)), {
  message: 'expected an https:// URL such as "https://mastodon.social"; plain http only to 127.0.0.1 or localhost',
});
/** A URL for every locale, or one per locale tag. */
const localizedUrl = z.union([httpUrl, z.record(z.string(), httpUrl)]);
const localizedText = z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]);

/** Which events a channel gets: incidents, maintenance, postmortems, and (webhooks) single component changes. */
export const EVENT_GROUPS = ['incidents', 'maintenance', 'postmortems', 'components'] as const;
export type EventGroup = (typeof EVENT_GROUPS)[number];

const common = {
  /** Stable id: the ledger remembers what each channel was sent by it, and its default variable is `KABAR_NOTIFY_<ID>`. Never rename one that is live. */
  id: channelId,
  /** Locale tag of the text it gets; default: the site's default locale. */
  locale: z.string().optional(),
  /** Only incidents and maintenance affecting one of these component ids; default: everything. */
  components: z.array(z.string()).min(1, { message: 'has no components (expected at least one component id, or leave the field out for all)' }).optional(),
  /** Which events it gets; default: incidents, maintenance and postmortems (webhooks: also components). */
  events: z.array(z.enum(EVENT_GROUPS)).min(1, { message: 'has no events (expected at least one of: incidents, maintenance, postmortems, components)' }).optional(),
  /** Environment variable holding its secret (webhook URL, token, or SMTP URL); default `KABAR_NOTIFY_<ID>`. */
  env: envName.optional(),
};

const slack = z.strictObject({ ...common, /** A Slack incoming webhook (Block Kit message). */ type: z.literal('slack') });
const discord = z.strictObject({ ...common, /** A Discord channel webhook (one embed). */ type: z.literal('discord') });
const teams = z.strictObject({ ...common, /** A Microsoft Teams Workflows webhook ("Send webhook alerts to a channel"), given an Adaptive Card. */ type: z.literal('teams') });
const mastodon = z.strictObject({
  ...common,
  /** A Mastodon account: posts a status with the access token from the environment. */
  type: z.literal('mastodon'),
  /** The account's server, e.g. `https://mastodon.social`. */
  server: endpointUrl,
  /** Who sees the posts: `public` (default), `unlisted` or `private` (followers only). */
  visibility: z.enum(['public', 'unlisted', 'private']).default('public'),
});
const webhook = z.strictObject({
  ...common,
  /** A JSON POST in Atlassian Statuspage's webhook shape, signed with HMAC-SHA256. */
  type: z.literal('webhook'),
  /** Environment variable holding the shared signing secret; default `KABAR_NOTIFY_<ID>_SECRET`. */
  secretEnv: envName.optional(),
});
const address = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/, { message: 'expected an email address, e.g. "status@example.com" or "Acme Status <status@example.com>"' });
const email = z.strictObject({
  ...common,
  /** Email through SMTP to a list address; the variable holds the server as a URL, `smtps://user:password@smtp.example.com:465`. */
  type: z.literal('email'),
  /** Sender, e.g. `"Acme Status <status@example.com>"`. */
  from: address,
  /** The list address (or addresses) that forward to subscribers. */
  to: z.union([address, z.array(address).min(1)]),
});
const buttondown = z.strictObject({
  ...common,
  /** A Buttondown newsletter: each event is sent to its subscribers through Buttondown's API (sign-up and unsubscribe are Buttondown's). */
  type: z.literal('buttondown'),
  /** API address; default `https://api.buttondown.com`. */
  api: endpointUrl.optional(),
});

export const channelSchema = z.discriminatedUnion('type', [slack, discord, teams, mastodon, webhook, email, buttondown]);
export const CHANNEL_TYPES = ['slack', 'discord', 'teams', 'mastodon', 'webhook', 'email', 'buttondown'] as const;

export const notificationsSchema = z.strictObject({
  /** Where notifications go. `kabar notify` sends each event to each channel once. */
  channels: z.array(channelSchema).default([]),
  /** Events older than this are recorded, never sent (`30m`, `24h`, `2d`); default `24h`. */
  maxAge: z.string().regex(/^\d+(m|h|d)$/, { message: 'expected a duration such as "30m", "24h" or "2d"' }).default('24h'),
  /** Address of the page for links, when locales have no domain (e.g. `https://acme.github.io/status`). */
  siteUrl: httpUrl.optional(),
  /** Branch of the status repository's `origin` that holds the ledger of sent events; default `kabar-notifications`. */
  ledgerBranch: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, { message: 'expected a git branch name such as "kabar-notifications"' }).default('kabar-notifications'),
});

export const subscribeSchema = z.strictObject({
  /** Email sign-up, hosted by a list service (it also handles unsubscribing). */
  email: z
    .strictObject({
      /** The list service's subscribe address: the page shows a plain form that POSTs the address there. */
      form: localizedUrl.optional(),
      /** Name of the form's address field; default `email`. */
      field: z.string().regex(/^[A-Za-z0-9_[\]-]+$/, { message: 'expected a form field name such as "email"' }).default('email'),
      /** Or (also) a link to the list's sign-up page. */
      page: localizedUrl.optional(),
    })
    .refine((e) => e.form !== undefined || e.page !== undefined, { message: 'has neither "form" nor "page" (expected the list service\'s subscribe address in "form", or its sign-up page in "page")' })
    .optional(),
  /** Chat and social accounts that post updates, e.g. `{ name: 'Mastodon', url: 'https://mastodon.social/@acmestatus' }`. */
  links: z.array(z.strictObject({ /** Shown as the link text. */ name: localizedText, /** Where it goes. */ url: localizedUrl })).default([]),
});
