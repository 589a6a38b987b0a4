import { TomlDate } from 'smol-toml';
import type { Severity } from '../content/schema.ts';
import type { ImpactStatus } from '../content/types.ts';
import { parseCstateBody, toUpdates } from './cstate-updates.ts';
import { parseFrontMatter } from './front-matter.ts';
import type { ReportEntry, SourceComponent, SourceGroup, SourceHistory, SourceIncident } from './model.ts';
import { parseSourceTime } from './times.ts';
import { ownValue } from '../own.ts';

/** A cState (Hugo) site as read from its directory. */
export interface CstateSite {
  /** The directory as the user named it. */
  origin: string;
  /** The parsed Hugo config (config.yml, config.toml, hugo.toml, …). */
  config: Record<string, unknown>;
  configFile: string;
  /** Files of content/issues/, paths relative to the site. */
  issues: { path: string; text: string }[];
  /** What under content/issues/ was not read (symlinks leading outside the site), and why. */
  skipped?: { path: string; reason: string }[];
}

/**
 * cState → Kabar (docs/import.md has the table): `params.systems` become
 * components and `params.categories` groups (an `untitled` category: no group);
 * each `content/issues/*.md` an incident, its body's `*Label* - text {{< track >}}`
 * blocks its updates. `severity`: down → serious with the affected systems in a
 * major outage, disrupted → significant and partial outage, notice (cState shows
 * it as "Maintenance") → a maintenance window from `date` to `resolvedWhen`.
 * Times without a zone are read in Hugo's `timeZone` setting, UTC by default.
 */
export function mapCstate(site: CstateSite): SourceHistory {
  const notes: ReportEntry[] = (site.skipped ?? []).map((s) => ({ kind: 'skipped', subject: s.path, message: s.reason }));
  const params = record(site.config.params);
  const zone = stringOf(site.config.timeZone ?? site.config.timezone) ?? 'UTC';
  const { groups, components } = systems(params);
  const byName = new Map(components.map((c) => [c.name, c]));
  let zoneless = 0;
  const time = (value: unknown) => {
    const text = value instanceof TomlDate && value.isLocal() ? value.toISOString() : value;
    const parsed = parseSourceTime(text, zone);
    if (parsed && !parsed.hadZone) zoneless++;
    return parsed?.ms;
  };

  const incidents: SourceIncident[] = [];
  const paths = new Set(site.issues.map((f) => f.path));
  // Hugo's translations by file name: `x.id.md` beside `x.md`.
  const translationsOf = new Map<string, { lang: string; file: { path: string; text: string } }[]>();
  for (const file of site.issues) {
    const m = /^(.+)\.([a-z]{2,3}(?:-[a-z0-9]+)*)\.md$/i.exec(file.path);
    if (!m || !paths.has(`${m[1]}.md`)) continue;
    const base = `${m[1]}.md`;
    translationsOf.set(base, [...(translationsOf.get(base) ?? []), { lang: m[2]!, file }]);
    paths.delete(file.path);
  }
  for (const file of [...site.issues].filter((f) => paths.has(f.path)).sort((a, b) => a.path.localeCompare(b.path))) {
    const label = file.path;
    const skip = (message: string) => notes.push({ kind: 'skipped', subject: label, message });
    const parsed = parseFrontMatter(file.text);
    if (!parsed.ok) {
      skip(`${parsed.reason}, so it was left out`);
      continue;
    }
    const data = parsed.data;
    const title = stringOf(data.title);
    if (data.draft === true) {
      skip(`a draft${title ? ` ("${title}")` : ''}, which cState does not publish`);
      continue;
    }
    if (data.informational === true) {
      skip(`an informational post${title ? ` ("${title}")` : ''}: Kabar has incidents and maintenance, not announcements`);
      continue;
    }
    const started = time(data.date);
    if (!title || started === undefined) {
      skip(`${!title ? 'no title' : `no readable date ("${String(data.date ?? '')}")`}, so it was left out`);
      continue;
    }
    const named = `"${title}" (${file.path})`;
    const note = (kind: ReportEntry['kind'], message: string) => notes.push({ kind, subject: named, message });
    const affected = (Array.isArray(data.affected) ? data.affected : data.affected === undefined ? [] : [data.affected]).map((a) => String(a).trim()).filter(Boolean);
    for (const name of affected) {
      if (byName.has(name)) continue;
      const added = { key: name, name };
      components.push(added);
      byName.set(name, added);
      note('note', `it affects "${name}", which is not among the config's systems; it was added as a component`);
    }
    const severityText = stringOf(data.severity) ?? '';
    const resolved = data.resolved === true || data.resolved === 'true';
    const resolvedWhen = time(data.resolvedWhen);
    const maintenance = severityText === 'notice' && resolvedWhen !== undefined;
    const level = ownValue(SEVERITY, severityText);
    if (!level) note('changed', `its severity "${severityText}" is not one of down, disrupted, notice; it was imported as "disrupted"`);
    if (severityText === 'notice' && !maintenance) note('changed', 'a "notice" without resolvedWhen has no end, so it cannot be a maintenance window; it was imported as a negligible incident with its systems under maintenance');
    const { severity, status } = level ?? SEVERITY.disrupted!;
    const componentStatus: ImpactStatus = maintenance ? 'under_maintenance' : status;
    const body = parseCstateBody(parsed.body);
    const translated = readTranslations(translationsOf.get(file.path) ?? [], note);
    const updates = toUpdates(body.blocks, { started, resolved, resolvedWhen, maintenance, time, peek: (v) => parseSourceTime(v, zone)?.ms, note, translations: translated.map((t) => ({ lang: t.lang, blocks: t.body.blocks })) });
    const loose = body.blocks.length === 0 && body.preamble && !maintenance;
    const looseTranslations = Object.fromEntries(translated.filter((t) => t.body.blocks.length === 0 && t.body.preamble).map((t) => [t.lang, t.body.preamble]));
    if (loose) updates.unshift({ key: 'the message', at: started, status: 'investigating', body: body.preamble, ...(Object.keys(looseTranslations).length > 0 && { translations: looseTranslations }) });
    const texts = Object.fromEntries(
      translated.map((t) => [t.lang, { ...(t.title && { title: t.title }), ...(!loose && t.body.blocks.length > 0 && t.body.preamble && { body: t.body.preamble }) }]),
    );
    if (!maintenance && resolved && updates.at(-1)?.status !== 'resolved') {
      if (resolvedWhen === undefined) note('changed', 'resolved without resolvedWhen or a resolved update; it was resolved at its last update');
      const at = resolvedWhen ?? (updates.at(-1)?.at ?? started) + 1000;
      updates.push({ key: 'the resolution (resolvedWhen)', at: Math.max(at, updates.at(-1)?.at ?? at), status: 'resolved', body: '' });
    }
    incidents.push({
      key: file.path,
      label: named,
      type: maintenance ? 'maintenance' : 'incident',
      title,
      ...(!maintenance && { severity, started }),
      ...(maintenance && { window: { start: started, end: resolvedWhen! } }),
      components: Object.fromEntries(affected.map((name) => [byName.get(name)!.key, componentStatus])),
      ...(!loose && body.preamble && { body: body.preamble }),
      updates,
      ...(translated.length > 0 && { translations: texts }),
    });
  }
  if (zoneless > 0) {
    notes.push({ kind: 'note', subject: '', message: `${zoneless} time${zoneless === 1 ? '' : 's'} had no time zone and ${zoneless === 1 ? 'was' : 'were'} read as ${zone} (${site.config.timeZone ?? site.config.timezone ? `the timeZone of ${site.configFile}` : "Hugo's default, as cState shows them; set timeZone in the cState config if they meant another zone"})` });
  }
  return { source: 'cstate', origin: site.origin, via: `its ${site.configFile} and content/issues/`, groups, components, incidents, notes };
}

/** A translation file's title and body. */
function readTranslations(files: { lang: string; file: { path: string; text: string } }[], note: (kind: ReportEntry['kind'], message: string) => void) {
  return files.flatMap(({ lang, file }) => {
    const parsed = parseFrontMatter(file.text);
    if (!parsed.ok) {
      note('skipped', `its "${lang}" translation ${file.path}: ${parsed.reason}, so it was left out`);
      return [];
    }
    return [{ lang, title: stringOf(parsed.data.title), body: parseCstateBody(parsed.body) }];
  });
}

const SEVERITY: Record<string, { severity: Severity; status: ImpactStatus }> = {
  down: { severity: 'serious', status: 'major_outage' },
  disrupted: { severity: 'significant', status: 'partial_outage' },
  notice: { severity: 'negligible', status: 'under_maintenance' },
};

function systems(params: Record<string, unknown>): { groups: SourceGroup[]; components: SourceComponent[] } {
  const categories = list(params.categories);
  const untitled = new Set(categories.filter((c) => c.untitled === true).map((c) => stringOf(c.name)));
  const groups: SourceGroup[] = [];
  const addGroup = (name: string) => {
    if (!untitled.has(name) && !groups.some((g) => g.key === name)) groups.push({ key: name, name });
  };
  for (const c of categories) if (stringOf(c.name)) addGroup(stringOf(c.name)!);
  const components: SourceComponent[] = [];
  for (const s of list(params.systems)) {
    const name = stringOf(s.name);
    if (!name || components.some((c) => c.key === name)) continue;
    const category = stringOf(s.category);
    if (category) addGroup(category);
    const description = stringOf(s.description);
    components.push({ key: name, name, ...(description && { description }), ...(category && !untitled.has(category) && { groupKey: category }) });
  }
  return { groups, components };
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
const list = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.map(record) : []);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);
