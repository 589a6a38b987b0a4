import type { AlertsConfig } from './alerts-schema.ts';
import { hostLabel, type DeployHost } from './deploy-schema.ts';
import type { Problem } from '../problems.ts';
import { isValidTimeZone, startOfDate } from '../time.ts';
import { en, type UiKey } from '../../i18n/en.ts';
import { missingUiKeys, uiLanguages } from '../../i18n/bundled.ts';
import type { UiOverrides } from '../../i18n/index.ts';
import { messageForms, placeholdersOf } from '../../i18n/message.ts';
import { firstForbiddenChar, forbiddenCharMessage, stringsIn } from '../text-safety.ts';
import { fieldPath, issuesToProblems } from '../zod-problems.ts';
import { normalizeNotifications, normalizeSubscribe, type NotificationsConfig, type SubscribeConfig } from './normalize-notifications.ts';
import { applyRenames, RENAMED_CONFIG_FIELDS, renamedFieldMessage } from './renamed-fields.ts';
import { siteConfigSchema, type ParsedSiteConfig } from './schema.ts';

/** Text for every configured locale; untranslated entries hold the default locale's text. */
export type Localized = Readonly<Record<string, string>>;

export interface Locale {
  tag: string;
  label: string;
  domain?: string;
  /** Where this locale's site is published, when it has its own `deploy` (see hostsOf). */
  deploy?: DeployHost[];
}

export interface ComponentConfig {
  id: string;
  name: Localized;
  description?: Localized;
  group?: string;
  /** Whether the page shows its 90-day uptime bar. */
  uptimeBar: boolean;
  /** The day (`YYYY-MM-DD`) its uptime starts counting: its own `since`, else the site's. */
  since?: string;
  /** 1-based display position, as in Statuspage's `position`. */
  position: number;
}

export interface NamedEntry {
  id: string;
  name: Localized;
}

/** A validated site config with every localised text expanded to all locales. */
export interface SiteConfig {
  name: string;
  logo?: string;
  links: { website?: string; support?: string };
  timeZone: string;
  locales: Locale[];
  defaultLocale: string;
  groups: NamedEntry[];
  components: ComponentConfig[];
  regions: NamedEntry[];
  /** Channels `kabar notify` delivers to, and how. */
  notifications: NotificationsConfig;
  /** The home page's "Get updates" section. */
  subscribe: SubscribeConfig;
  /** The company's own wording by locale tag (every locale has an entry, empty when it has none). */
  ui: Readonly<Record<string, UiOverrides>>;
  /** The `alerts` section, defaults filled in; absent when the config has none (see defaultAlertsConfig). */
  alerts?: AlertsConfig;
  /** Where the site is published, as written (a locale's own `deploy` is on the locale; see hostsOf). */
  deploy?: DeployHost[];
}

export type ConfigResult = { config: SiteConfig; problems: Problem[] } | { config: undefined; problems: Problem[] };

/**
 * Validates a site config value. `source` is the config file's text, used only
 * to point problems at a line.
 */
export function normalizeSiteConfig(value: unknown, file: string, source: string): ConfigResult {
  const lineOf = (path: readonly PropertyKey[]) => locateInSource(source, value, path);
  const renamed = applyRenames(value, RENAMED_CONFIG_FIELDS);
  const renameProblems: Problem[] = renamed.uses.map((use) => ({
    file,
    line: lineOf(use.path),
    field: fieldPath(use.path),
    message: renamedFieldMessage(use),
    severity: use.conflict ? 'error' : 'warning',
  }));
  const parsed = siteConfigSchema.safeParse(renamed.value, { reportInput: true });
  if (!parsed.success) {
    return { config: undefined, problems: [...renameProblems, ...issuesToProblems(parsed.error.issues, file, lineOf, knownFieldsAt, RENAMED_CONFIG_FIELDS)] };
  }
  const problems: Problem[] = [...renameProblems];
  for (const { path, text } of stringsIn(value)) {
    const found = firstForbiddenChar(text);
    if (found) problems.push({ file, line: lineOf(path), field: fieldPath(path), message: forbiddenCharMessage(found.char), severity: 'error' });
  }
  const error = (path: PropertyKey[], field: string, message: string) =>
    problems.push({ file, line: lineOf(path), field, message, severity: 'error' });
  const raw: ParsedSiteConfig = parsed.data;
  const tags = raw.locales.map((l) => l.tag);
  const defaultLocale = tags[0]!;

  if (!isValidTimeZone(raw.timeZone)) error(['timeZone'], 'timeZone', `found "${raw.timeZone}" (expected an IANA time zone such as "UTC" or "Asia/Jakarta")`);
  const checkDate = (date: string | undefined, path: PropertyKey[]) => {
    if (date !== undefined && startOfDate(date, 'UTC') === undefined) error(path, pathText(path), `found "${date}", which is not a day of the calendar (expected a date such as "2026-12-05")`);
  };
  checkDate(raw.since, ['since']);
  raw.components.forEach((c, i) => checkDate(c.since, ['components', i, 'since']));
  duplicates(tags).forEach((i) => error(['locales', i, 'tag'], `locales[${i}].tag`, `"${tags[i]}" is listed twice (expected each locale once)`));
  const domains = raw.locales.map((l) => l.domain);
  if (domains.some((d) => d) && domains.some((d) => !d)) {
    raw.locales.forEach((l, i) => {
      if (!l.domain) error(['locales', i], `locales[${i}].domain`, `missing while other locales have one (expected a domain for every locale, or for none to use /<tag>/ paths)`);
    });
  }
  duplicates(domains.filter((d): d is string => !!d)).forEach((i) =>
    error(['locales', i, 'domain'], `locales[${i}].domain`, `"${domains[i]}" is used by two locales (expected one domain per locale)`),
  );
  for (const [key, list] of [['groups', raw.groups], ['components', raw.components], ['regions', raw.regions]] as const) {
    duplicates(list.map((e) => e.id)).forEach((i) =>
      error([key, i, 'id'], `${key}[${i}].id`, `"${list[i]!.id}" is used twice (expected unique ids)`),
    );
  }
  const groupIds = new Set(raw.groups.map((g) => g.id));
  raw.components.forEach((c, i) => {
    if (c.group !== undefined && !groupIds.has(c.group)) {
      error(['components', i, 'group'], `components[${i}].group`, `unknown group "${c.group}" (expected one of: ${[...groupIds].join(', ') || 'no groups are defined'})`);
    }
  });

  const componentIds = new Set(raw.components.map((c) => c.id));
  raw.alerts?.components.forEach((rule, i) => {
    rule.components.forEach((id, j) => {
      if (!componentIds.has(id)) {
        // Rules have no id to find them by: the line that spells the unknown id is the one to fix.
        const after = lineOf(['alerts', 'components']);
        const at = source.split('\n').findIndex((line, n) => n + 1 >= after && new RegExp(`['"\`]${escapeRegExp(id)}['"\`]`).test(line));
        problems.push({ file, line: at >= 0 ? at + 1 : after, field: `alerts.components[${i}].components[${j}]`, message: `unknown component "${id}" (expected one of: ${[...componentIds].join(', ')})`, severity: 'error' });
      }
    });
  });

  const localize = (text: string | Record<string, string>, path: PropertyKey[]): Localized => {
    if (typeof text === 'string') return Object.fromEntries(tags.map((t) => [t, text]));
    for (const tag of Object.keys(text)) {
      if (!tags.includes(tag)) error([...path, tag], `${pathText(path)}.${tag}`, `unknown locale "${tag}" (expected one of: ${tags.join(', ')})`);
    }
    if (text[defaultLocale] === undefined) {
      error(path, pathText(path), `has no text for the default locale "${defaultLocale}" (expected an entry for "${defaultLocale}", the fallback for other locales)`);
    }
    const fallback = text[defaultLocale] ?? Object.values(text)[0] ?? '';
    return Object.fromEntries(tags.map((t) => [t, text[t] ?? fallback]));
  };

  const ui = checkUi(raw.ui, tags, { file, lineOf, problems });

  const siteDeploy: DeployHost[] = raw.deploy ?? [{ to: 'github-pages' }];
  // Each host once per list: a second copy of one would only upload the same files twice.
  const deployLists: [PropertyKey[], DeployHost[]][] = [[['deploy'], siteDeploy], ...raw.locales.flatMap((l, i): [PropertyKey[], DeployHost[]][] => (l.deploy ? [[['locales', i, 'deploy'], l.deploy]] : []))];
  for (const [path, list] of deployLists) {
    const labels = list.map(hostLabel);
    duplicates(labels).forEach((i) => error([...path, i], pathText([...path, i]), `"${labels[i]}" is listed twice (expected each host once)`));
  }
  const notifyContext = { tags, componentIds: new Set(raw.components.map((c) => c.id)), error, localize };
  const config: SiteConfig = {
    name: raw.name,
    ...(raw.logo !== undefined && { logo: raw.logo }),
    links: { ...(raw.links.website && { website: raw.links.website }), ...(raw.links.support && { support: raw.links.support }) },
    timeZone: raw.timeZone,
    locales: raw.locales.map((l) => ({ tag: l.tag, label: l.label, ...(l.domain && { domain: l.domain.toLowerCase() }), ...(l.deploy && { deploy: l.deploy }) })),
    defaultLocale,
    groups: raw.groups.map((g, i) => ({ id: g.id, name: localize(g.name, ['groups', i, 'name']) })),
    components: raw.components.map((c, i) => ({
      id: c.id,
      name: localize(c.name, ['components', i, 'name']),
      ...(c.description !== undefined && { description: localize(c.description, ['components', i, 'description']) }),
      ...(c.group !== undefined && { group: c.group }),
      uptimeBar: c.uptimeBar,
      ...((c.since ?? raw.since) !== undefined && { since: c.since ?? raw.since }),
      position: i + 1,
    })),
    regions: raw.regions.map((r, i) => ({ id: r.id, name: localize(r.name, ['regions', i, 'name']) })),
    notifications: normalizeNotifications(raw.notifications, notifyContext),
    subscribe: normalizeSubscribe(raw.subscribe, notifyContext),
    ui,
    ...(raw.alerts && { alerts: raw.alerts }),
    ...(raw.deploy && { deploy: raw.deploy }),
  };
  return problems.some((p) => p.severity === 'error') ? { config: undefined, problems } : { config, problems };
}

/** A schema node, as far as finding the fields allowed at a path needs to know it (zod 4: optional, default, array, object). */
interface SchemaNode {
  unwrap?: () => SchemaNode;
  element?: SchemaNode;
  shape?: Record<string, SchemaNode>;
}

/** The fields allowed where an unknown one was found, for "did you mean" and the list in the message. */
function knownFieldsAt(path: readonly PropertyKey[]): readonly string[] {
  const bare = (node: SchemaNode | undefined) => {
    while (node && !node.shape && !node.element && node.unwrap) node = node.unwrap();
    return node;
  };
  let node: SchemaNode | undefined = siteConfigSchema as unknown as SchemaNode;
  for (const key of path) node = typeof key === 'number' ? bare(node)?.element : bare(node)?.shape?.[String(key)];
  const shape = bare(node)?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * The `ui` overrides, checked: locales the config has, keys English has, the same placeholders
 * as English's. A locale whose language Kabar does not bundle, and whose `ui` does not give every
 * key, is warned about with the keys missing: those would show in English.
 */
function checkUi(ui: ParsedSiteConfig['ui'], tags: readonly string[], at: { file: string; lineOf: (path: readonly PropertyKey[]) => number; problems: Problem[] }): Record<string, UiOverrides> {
  const report = (path: PropertyKey[], message: string, severity: Problem['severity'] = 'error') =>
    at.problems.push({ file: at.file, line: at.lineOf(path), field: pathText(path), message, severity });
  const keys = Object.keys(en) as UiKey[];
  for (const [tag, messages] of Object.entries(ui)) {
    if (!tags.includes(tag)) report(['ui', tag], `unknown locale "${tag}" (expected one of: ${tags.join(', ')})`);
    for (const [key, message] of Object.entries(messages)) {
      if (!Object.hasOwn(en, key)) {
        const near = keys.filter((k) => k.split('.')[0] === key.split('.')[0]).slice(0, 8);
        report(['ui', tag, key], `unknown UI key "${key}" (expected a key of Kabar's English dictionary${near.length > 0 ? `, e.g. ${near.join(', ')}` : ''}; see docs/translations.md)`);
        continue;
      }
      const expected = placeholdersOf(messageForms(en[key as UiKey]).join(' '));
      const found = [...new Set(messageForms(message).flatMap(placeholdersOf))].sort();
      const unknown = found.filter((p) => !expected.includes(p));
      if (unknown.length > 0) report(['ui', tag, key], `uses ${unknown.map((p) => `{${p}}`).join(', ')}, which "${key}" does not fill (expected only ${expected.map((p) => `{${p}}`).join(', ') || 'no placeholders'})`);
    }
  }
  const out: Record<string, UiOverrides> = {};
  tags.forEach((tag, i) => {
    const own = (Object.hasOwn(ui, tag) ? ui[tag] : {}) as UiOverrides;
    out[tag] = own;
    const missing = missingUiKeys(tag, own);
    if (missing.length > 0) {
      report(
        ['locales', i, 'tag'],
        `Kabar has no UI strings in "${tag}" and ui.${tag} lacks ${missing.length} of ${keys.length} keys (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): those show in English (expected a bundled language — ${uiLanguages.join(', ')} — or every key in ui.${tag}; see docs/translations.md)`,
        'warning',
      );
    }
  });
  return out;
}

function duplicates(values: readonly (string | undefined)[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v === undefined) return;
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/**
 * Best-effort line of a config path in TypeScript source: list entries are
 * found by their `id` (or `tag`), keys by `key:` at or after that line. A
 * config is code, so there is no parser position to use; 1 when not found.
 */
export function locateInSource(source: string, value: unknown, path: readonly PropertyKey[]): number {
  const lines = source.split('\n');
  let from = 0;
  let node: unknown = value;
  for (const key of path) {
    if (typeof key === 'number' && Array.isArray(node)) {
      const entry = node[key] as Record<string, unknown> | undefined;
      const anchor = entry && typeof entry === 'object' ? (entry.id ?? entry.tag) : undefined;
      if (typeof anchor === 'string') {
        // Entries with the same id (a duplicate) are told apart by how many came before.
        const earlier = node.slice(0, key).filter((e: Record<string, unknown>) => e && (e.id ?? e.tag) === anchor).length;
        const pattern = new RegExp(`\\b(id|tag)\\s*:\\s*['"\`]${escapeRegExp(anchor)}['"\`]`);
        let at = findLine(lines, from, pattern);
        for (let i = 0; i < earlier && at >= 0; i++) at = findLine(lines, at + 1, pattern);
        if (at >= 0) from = at;
      }
      node = entry;
      continue;
    }
    const at = findLine(lines, from, new RegExp(`(^|[\\s{,])['"]?${escapeRegExp(String(key))}['"]?\\s*:`));
    if (at >= 0) from = at;
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
  }
  return from + 1;
}

function findLine(lines: readonly string[], from: number, pattern: RegExp): number {
  for (let i = from; i < lines.length; i++) if (pattern.test(lines[i]!)) return i;
  return -1;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
