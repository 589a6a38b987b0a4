import { z } from 'zod';
import { FIELD_LIMITS } from '../content/limits.ts';
import { notificationsSchema, subscribeSchema } from './notifications-schema.ts';
import { alertsSchema } from './alerts-schema.ts';
import { deployListSchema } from './deploy-schema.ts';

const ID = /^[a-z0-9][a-z0-9-]*$/;
const idField = (what: string) =>
  z.string().regex(ID, { message: `expected a ${what} id of lowercase letters, digits and dashes, e.g. "api-gateway"` });

/** Names and descriptions: short, so one of them cannot make every page of the site heavy. */
const configText = z.string().min(1).max(FIELD_LIMITS.configText);

/** Text in one language for every locale (`"API"`), or per locale tag (`{ en: "Payments", id: "Pembayaran" }`). */
const localizedText = z.union([configText, z.record(z.string(), configText)]);

const LINK_PROTOCOLS = new Set(['https:', 'http:', 'mailto:']);
/**
 * A link customers follow from every page: `https:`, `http:` or `mailto:` only, so a config
 * change can never put a `javascript:` or `data:` URL behind a link.
 */
export const linkUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return LINK_PROTOCOLS.has(url.protocol) && (url.protocol === 'mailto:' || url.hostname !== '') && !/\s/.test(value);
      } catch {
        return false;
      }
    },
    { message: 'expected an https:// (or http://) URL or a mailto: address' },
  );

/** A calendar day in the site's time zone, as written in the config. */
const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date such as "2026-12-05"' });

/** One UI message in `ui`: a text, or plural forms chosen by the number in the placeholder `plural` names. */
const uiMessage = z.union([
  z.string().max(2000),
  z.strictObject({
    plural: z.string().regex(/^\w+$/, { message: 'expected the name of the placeholder whose number chooses the form, e.g. "days"' }),
    zero: z.string().max(2000).optional(),
    one: z.string().max(2000).optional(),
    two: z.string().max(2000).optional(),
    few: z.string().max(2000).optional(),
    many: z.string().max(2000).optional(),
    other: z.string().max(2000),
  }),
]);

const localeSchema = z.strictObject({
  /** BCP 47 language tag, e.g. `en`, `id`, `pt-BR`; also the suffix of translation files (`index.id.md`). */
  tag: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'expected a BCP 47 language tag such as "en" or "pt-BR"' }),
  /** Name of the language in itself, shown in the language switcher, e.g. `Bahasa Indonesia`. */
  label: configText,
  /** Host name this locale's site is served on, e.g. `status.example.co.id`; omit to serve every locale under one domain with `/<tag>/` paths. */
  domain: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, {
      message: 'expected a bare host name such as "status.example.com" (no scheme, no path)',
    })
    .optional(),
  /** Where this locale's site is published (docs/deploy.md); default: the site config's `deploy`. */
  deploy: deployListSchema.optional(),
});

const groupSchema = z.strictObject({
  /** Stable id, used in URLs and in content; never rename it. */
  id: idField('group'),
  /** Display name. */
  name: localizedText,
});

const componentSchema = z.strictObject({
  /** Stable id used in incident frontmatter (`components: { api: major_outage }`), URLs and the JSON API. */
  id: idField('component'),
  /** Display name. */
  name: localizedText,
  /** One line telling customers what the component covers. */
  description: localizedText.optional(),
  /** Id of the group it is listed under. */
  group: idField('group').optional(),
  /** Whether the page shows its 90-day uptime bar (renamed from `uptime` in Kabar 0.2.0). */
  uptimeBar: z.boolean().default(true),
  /** The day its status started being published, when later than the site's `since`: uptime before it is "no data", not 100 %. */
  since: calendarDate.optional(),
});

const regionSchema = z.strictObject({
  /** Stable id used in incident frontmatter (`regions: [ap-southeast]`). */
  id: idField('region'),
  /** Display name. */
  name: localizedText,
});

const LOGO_EXTENSIONS = /\.(svg|png|webp|avif|jpe?g|gif)$/i;

/** Where the logo is served in every built site: `logo` plus the file's extension. */
export const logoOutputName = (logo: string): string => `logo${LOGO_EXTENSIONS.exec(logo)?.[0]?.toLowerCase() ?? ''}`;

export const siteConfigSchema = z.strictObject({
  /** The product's name, shown in titles, feeds and the JSON API. */
  name: z.string().min(1).max(100),
  /**
   * An image file in the status repository, relative to its root (e.g. `logo.svg`): SVG, PNG, WebP,
   * AVIF, JPEG or GIF. It is copied into every site, so the page never depends on another host.
   * Omit for the name alone.
   */
  logo: z
    .string()
    .trim()
    .min(1)
    .refine((v) => !/^[a-z][a-z0-9+.-]*:/i.test(v), { message: 'a URL (expected a file in the repository, e.g. logo.svg: the page must not depend on another host during an outage)' })
    .refine((v) => LOGO_EXTENSIONS.test(v), { message: 'not an image file name (expected .svg, .png, .webp, .avif, .jpg, .jpeg or .gif)' })
    .optional(),
  /** Where customers go next: the product itself and a way to reach support. */
  links: z
    .strictObject({
      /** The product's main site, e.g. `https://example.com`. */
      website: linkUrl.optional(),
      /** Support contact: a `https://` page or a `mailto:` address. */
      support: linkUrl.optional(),
    })
    .default({}),
  /**
   * The day the page started (`YYYY-MM-DD`, in `timeZone`; `kabar init` writes the day it ran).
   * Uptime bars show the days before it as "no data" instead of 100 %, and the percentages count
   * only the days since. Without it, every day of the bars counts.
   */
  since: calendarDate.optional(),
  /** IANA time zone that day boundaries (uptime bars, history months) use, e.g. `Asia/Jakarta`. */
  timeZone: z.string().default('UTC'),
  /** Languages the page is published in; the first is the default and the fallback for untranslated content. */
  locales: z.array(localeSchema).min(1, { message: 'expected at least one locale' }),
  /** Headings that components are listed under, in display order. */
  groups: z.array(groupSchema).default([]),
  /** Everything customers can see the status of, in display order. */
  components: z.array(componentSchema).min(1, { message: 'expected at least one component' }),
  /** Regions an incident can be limited to; an incident without `regions` affects everyone. */
  regions: z.array(regionSchema).default([]),
  /**
   * Where the built site is published (docs/deploy.md): `{ to: 'github-pages' }`, `{ to: 'cloudflare-pages', project }`,
   * `{ to: 'netlify', site }`, `{ to: 's3', bucket, region, endpoint }`. Two or more hosts are redundancy.
   * A locale's own `deploy` replaces it for that locale's domain. Default: GitHub Pages.
   */
  deploy: deployListSchema.optional(),
  /** Where `kabar notify` tells customers and teams about incidents and maintenance (docs/notifications.md). */
  notifications: notificationsSchema.prefault({}),
  /** The "Get updates" section of the home page: email sign-up and chat or social accounts, next to the feeds and calendar. */
  subscribe: subscribeSchema.prefault({}),
  /**
   * A company's own wording, per locale tag and UI key (`ui: { de: { 'component.operational': 'Alles in Ordnung' } }`):
   * a text, or plural forms `{ plural: 'days', one: '…', other: '…' }`. The keys are those of
   * Kabar's English dictionary (docs/translations.md); a language Kabar does not bundle needs them all.
   */
  ui: z.record(z.string(), z.record(z.string(), uiMessage)).default({}),
  /** How `kabar ingest` drafts incidents from monitoring alerts: label rules, severities, wording (docs/alerts.md). */
  alerts: alertsSchema.optional(),
});

/** A component as written in the config, with the names that still work after a rename (see renamed-fields.ts). */
export type ComponentInput = z.input<typeof componentSchema> & {
  /** @deprecated Renamed to `uptimeBar` in Kabar 0.2.0; read with a warning until 1.0.0. */
  uptime?: boolean;
};

/** What a site-config file is written as (input to `defineConfig`). */
export type SiteConfigInput = Omit<z.input<typeof siteConfigSchema>, 'components'> & { components: ComponentInput[] };
/** A validated site config, before localised text is expanded. */
export type ParsedSiteConfig = z.output<typeof siteConfigSchema>;
