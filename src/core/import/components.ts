import type { ComponentConfig, NamedEntry, SiteConfig } from '../config/normalize.ts';
import { slugify } from '../scaffold/ids.ts';
import type { ReportEntry, SourceComponent, SourceGroup } from './model.ts';
import { ownValue } from '../own.ts';

/** A group or component the config lacks, as it will be written into kabar.config.ts. */
export interface NewGroup {
  id: string;
  name: string;
}

export interface NewComponent {
  id: string;
  name: string;
  description?: string;
  group?: string;
}

/**
 * A component an earlier import of this source added without a group (a public page that showed
 * none) that the source now puts in one: its config line, exactly as the import wrote it, gets
 * the group. A line the user has changed is left alone (see config-edit).
 */
export interface RegroupedComponent extends NewComponent {
  group: string;
}

export interface ComponentMapping {
  /** Source group key → Kabar group id. */
  groups: Map<string, string>;
  /** Source component key → Kabar component id. */
  components: Map<string, string>;
  newGroups: NewGroup[];
  newComponents: NewComponent[];
  regrouped: RegroupedComponent[];
  /** The config with the new groups and components, to validate the imported content against. */
  config: SiteConfig;
  notes: ReportEntry[];
}

/** Ids an earlier import gave each source key (from .kabar/imported.json). */
export interface RecordedIds {
  groups: Record<string, string>;
  components: Record<string, string>;
}

/**
 * Finds each source group and component in the config, or plans to add it. A
 * match is, in order: the id an earlier import gave it; a config entry with the
 * same name (in the default locale, ignoring case) or the name's slug as id. Each
 * config entry is matched once, so two source components both named "API" (in
 * different groups) stay two. New ids are the name's slug, then the group's name
 * and the name, then `-2`, `-3`. A component an earlier import added without a group joins
 * the group the source now gives it, when `canRegroup` says its config line can take it.
 */
export function mapComponents(
  sourceGroups: readonly SourceGroup[],
  sourceComponents: readonly SourceComponent[],
  config: SiteConfig,
  recorded: RecordedIds,
  canRegroup: (component: RegroupedComponent) => boolean = () => false,
): ComponentMapping {
  const notes: ReportEntry[] = [];
  const locale = config.defaultLocale;
  const fold = (s: string) => s.trim().toLowerCase();

  const groups = new Map<string, string>();
  const newGroups: NewGroup[] = [];
  const groupIds = new Set(config.groups.map((g) => g.id));
  const claimedGroups = new Set<string>();
  const findGroup = (g: SourceGroup) => {
    const earlier = ownValue(recorded.groups, g.key);
    if (earlier && groupIds.has(earlier) && !claimedGroups.has(earlier)) return earlier;
    return config.groups.find((c) => !claimedGroups.has(c.id) && (fold(c.name[locale] ?? '') === fold(g.name) || c.id === idFrom(g.name, 'group')))?.id;
  };
  for (const g of sourceGroups) {
    const found = findGroup(g) ?? newGroups.find((n) => !claimedGroups.has(n.id) && fold(n.name) === fold(g.name))?.id;
    const id = found ?? uniqueId([idFrom(g.name, 'group')], groupIds);
    if (!found) {
      newGroups.push({ id, name: g.name });
      groupIds.add(id);
    }
    claimedGroups.add(id);
    groups.set(g.key, id);
  }

  const components = new Map<string, string>();
  const newComponents: NewComponent[] = [];
  const regrouped: RegroupedComponent[] = [];
  const unmoved: (RegroupedComponent & { groupName: string })[] = [];
  const componentIds = new Set(config.components.map((c) => c.id));
  const claimed = new Set<string>();
  const groupName = new Map(sourceGroups.map((g) => [g.key, g.name]));
  for (const c of sourceComponents) {
    const earlier = ownValue(recorded.components, c.key);
    const found =
      (earlier && componentIds.has(earlier) && !claimed.has(earlier) ? earlier : undefined) ??
      config.components.find((k) => !claimed.has(k.id) && (fold(k.name[locale] ?? '') === fold(c.name) || k.id === idFrom(c.name, 'component')))?.id;
    const group = c.groupKey === undefined ? undefined : groups.get(c.groupKey);
    const inGroup = c.groupKey && groupName.get(c.groupKey);
    const id = found ?? uniqueId([idFrom(c.name, 'component'), ...(inGroup ? [idFrom(`${inGroup} ${c.name}`, 'component')] : [])], componentIds);
    if (!found) {
      newComponents.push({ id, name: c.name, ...(c.description && { description: c.description }), ...(group && { group }) });
      componentIds.add(id);
    } else if (config.components.some((k) => k.id === id && fold(k.name[locale] ?? '') !== fold(c.name))) {
      notes.push({ kind: 'note', subject: '', message: `the source's component "${c.name}" is the config's "${id}" (matched by id), whose name stays as it is` });
    }
    // Only a group earlier imports of this source never saw: one they saw and did not apply was a choice.
    if (found && group && found === earlier && ownValue(recorded.groups, c.groupKey!) === undefined && config.components.find((k) => k.id === id)?.group === undefined) {
      const entry: RegroupedComponent = { id, name: c.name, ...(c.description && { description: c.description }), group };
      if (canRegroup(entry)) regrouped.push(entry);
      else unmoved.push({ ...entry, groupName: groupName.get(c.groupKey!) ?? group });
    }
    claimed.add(id);
    components.set(c.key, id);
  }

  // A group is added only for the components that go in it: new ones, and ungrouped ones an earlier
  // import of this source added. Any other existing component keeps its place: it is the user's.
  newGroups.splice(0, newGroups.length, ...newGroups.filter((g) => [...newComponents, ...regrouped].some((c) => c.group === g.id)));
  for (const u of unmoved) {
    const groupMissing = !newGroups.some((g) => g.id === u.group) && !config.groups.some((g) => g.id === u.group);
    const how = `give it \`group: '${u.group}'\`${groupMissing ? ` and add the group \`{ id: '${u.group}', name: ${JSON.stringify(u.groupName)} }\`` : ''}`;
    notes.push({ kind: 'note', subject: '', message: `the source puts "${u.name}" (\`${u.id}\`) in its group "${u.groupName}", but its line in the config is not the one an import wrote, so it stays where it is (to group it, ${how})` });
  }

  const tags = config.locales.map((l) => l.tag);
  const everywhere = (text: string) => Object.fromEntries(tags.map((t) => [t, text]));
  const addedGroups: NamedEntry[] = newGroups.map((g) => ({ id: g.id, name: everywhere(g.name) }));
  const addedComponents: ComponentConfig[] = newComponents.map((c, i) => ({
    id: c.id,
    name: everywhere(c.name),
    ...(c.description && { description: everywhere(c.description) }),
    ...(c.group && { group: c.group }),
    uptimeBar: true,
    position: config.components.length + i + 1,
  }));
  return {
    groups,
    components,
    newGroups,
    newComponents,
    regrouped,
    config: {
      ...config,
      groups: [...config.groups, ...addedGroups],
      components: [...config.components.map((k) => ({ ...k, ...(regrouped.some((r) => r.id === k.id) && { group: regrouped.find((r) => r.id === k.id)!.group }) })), ...addedComponents],
    },
    notes,
  };
}

/** The name's slug; `fallback` when nothing of it is ASCII (slugify's own fallback is "incident"). */
function idFrom(name: string, fallback: string): string {
  const slug = slugify(name);
  return slug === 'incident' && !/incident/i.test(name) ? fallback : slug;
}

/** The first candidate not yet taken, else the first with `-2`, `-3`, … */
function uniqueId(candidates: string[], taken: Set<string>): string {
  const free = candidates.find((c) => !taken.has(c));
  if (free) return free;
  for (let n = 2; ; n++) if (!taken.has(`${candidates[0]}-${n}`)) return `${candidates[0]}-${n}`;
}
