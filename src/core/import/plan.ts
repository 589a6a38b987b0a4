import { createHash } from 'node:crypto';
import type { SiteConfig } from '../config/normalize.ts';
import type { ContentFile } from '../content/types.ts';
import { INCIDENTS_DIR } from '../content/validate-repo.ts';
import { deriveIncidentId } from '../scaffold/ids.ts';
import { mapComponents, type ComponentMapping, type RegroupedComponent } from './components.ts';
import { fitIncident } from './fit.ts';
import { dropInvalid } from './plan-check.ts';
import type { ReportEntry, SourceHistory, SourceIncident } from './model.ts';
import { recall, type ImportRecord, type ImportRecordEntry, type Recalled } from './record.ts';
import { renderIncidentFiles } from './render.ts';
import { ownValue } from '../own.ts';

/**
 * What an import does to each file:
 * - `create`: new; `update`: the source changed it and nobody edited it since the
 *   last import; `remove`: an update the source no longer has, unedited;
 * - `unchanged`: already as the source says;
 * - `edited`: changed by someone since the last import: never overwritten (nor removed);
 * - `deleted`: deleted by someone since the last import: not brought back;
 * - `foreign`: exists, but no import wrote it: left as it is.
 */
export type FileAction = 'create' | 'update' | 'remove' | 'unchanged' | 'edited' | 'deleted' | 'foreign';

export interface PlannedFile {
  path: string;
  text: string;
  action: FileAction;
}

export interface PlannedIncident {
  key: string;
  label: string;
  title: string;
  id: string;
  type: 'incident' | 'maintenance';
  updates: number;
  postmortem: boolean;
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped';
  files: PlannedFile[];
}

export interface ImportPlan {
  history: SourceHistory;
  incidents: PlannedIncident[];
  mapping: ComponentMapping;
  notes: ReportEntry[];
  /** Files to create or replace. */
  writes: ContentFile[];
  /** Files to delete (updates the source no longer has, that nobody edited). */
  removes: string[];
  /** The entry to append to .kabar/imported.json. */
  entry: ImportRecordEntry;
  /** False when the repository already holds exactly this import: nothing to write. */
  changes: boolean;
  /** Communication warnings `kabar check` will show for the imported incidents (advice, not errors). */
  warnings: number;
}

export interface PlanInput {
  history: SourceHistory;
  config: SiteConfig;
  /** Every file under incidents/ now. */
  files: readonly ContentFile[];
  record: ImportRecord;
  now: number;
  /** Whether the config's line for a component can take its group (config-edit's regroupable); none without it. */
  canRegroup?: (component: RegroupedComponent) => boolean;
}

export const hashText = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Plans an import without touching anything: ids, files, what happens to each
 * existing file, and validation of the result with the content rules `kabar check`
 * applies. An incident whose files would not pass is left out and reported, so the
 * repository passes `kabar check` after the import.
 */
export function planImport({ history, config, files, record, now, canRegroup }: PlanInput): ImportPlan {
  const recalled = recall(record, history.source, history.origin);
  const mapping = mapComponents(history.groups, history.components, config, recalled, canRegroup);
  const notes: ReportEntry[] = [...history.notes, ...mapping.notes];
  const fitted: SourceIncident[] = [];
  for (const incident of history.incidents) {
    const result = fitIncident(incident, config.defaultLocale);
    notes.push(...result.notes);
    if (result.incident) fitted.push(result.incident);
  }
  const startOf = (i: SourceIncident) => (i.type === 'maintenance' ? i.window!.start : i.started!);
  fitted.sort((a, b) => startOf(a) - startOf(b) || a.key.localeCompare(b.key));

  const others = config.locales.map((l) => l.tag).filter((t) => t !== config.defaultLocale);
  const existing = new Map(files.map((f) => [f.path, f.text]));
  const recordedByDir = new Map<string, [string, string][]>();
  for (const [path, hash] of Object.entries(recalled.files)) {
    const dir = path.split('/').slice(0, 2).join('/');
    recordedByDir.set(dir, [...(recordedByDir.get(dir) ?? []), [path, hash]]);
  }
  const taken = new Set([...files.map((f) => f.path.split('/')[1]!), ...Object.values(recalled.ids)]);
  const incidents: PlannedIncident[] = [];
  for (const incident of fitted) {
    const id = chooseId(incident, recalled, mapping, config.timeZone, existing, taken);
    taken.add(id);
    const rendered = renderIncidentFiles(incident, id, mapping.components, config.timeZone, others);
    notes.push(...translationNotes(incident, config));
    const planned = rendered.map((f): PlannedFile => ({ ...f, action: actionFor(f, existing, recalled) }));
    const produced = new Set(rendered.map((f) => f.path));
    for (const [path, hash] of recordedByDir.get(`${INCIDENTS_DIR}/${id}`) ?? []) {
      const text = existing.get(path);
      if (produced.has(path) || text === undefined) continue;
      planned.push({ path, text, action: hashText(text) === hash ? 'remove' : 'edited' });
      if (hashText(text) !== hash) notes.push({ kind: 'note', subject: incident.label, message: `${path} is no longer in the source, but was edited since the last import, so it was kept` });
    }
    incidents.push({
      key: incident.key,
      label: incident.label,
      title: incident.title,
      id,
      type: incident.type,
      updates: incident.updates.length,
      postmortem: incident.postmortem !== undefined,
      outcome: 'unchanged',
      files: planned,
    });
  }

  const warnings = dropInvalid(incidents, files, mapping.config, now, notes);
  for (const incident of incidents) {
    if (incident.outcome === 'skipped') continue;
    const acts = incident.files.map((f) => f.action);
    if (acts.every((a) => a === 'deleted')) {
      incident.outcome = 'skipped';
      notes.push({ kind: 'skipped', subject: incident.label, message: `incidents/${incident.id}/ was deleted since the last import, so it was not brought back` });
    } else if (acts.some((a) => a === 'create' || a === 'update' || a === 'remove')) {
      incident.outcome = acts.includes('create') && !acts.some((a) => a !== 'create') ? 'created' : 'updated';
    }
  }

  const live = incidents.filter((i) => i.outcome !== 'skipped');
  const all = live.flatMap((i) => i.files);
  const writes = all.filter((f) => f.action === 'create' || f.action === 'update').map(({ path, text }) => ({ path, text }));
  const removes = all.filter((f) => f.action === 'remove').map((f) => f.path);
  const ours = all.filter((f) => f.action === 'create' || f.action === 'update' || f.action === 'unchanged');
  const entry: ImportRecordEntry = {
    source: history.source,
    at: new Date(now).toISOString(),
    origin: history.origin,
    incidents: live.map((i) => i.id),
    files: Object.fromEntries(ours.map((f) => [f.path, hashText(f.text)])),
    ids: Object.fromEntries(live.map((i) => [i.key, i.id])),
    components: Object.fromEntries(mapping.components),
    groups: Object.fromEntries(mapping.groups),
  };
  const changes =
    writes.length > 0 ||
    removes.length > 0 ||
    mapping.newGroups.length > 0 ||
    mapping.newComponents.length > 0 ||
    mapping.regrouped.length > 0 ||
    live.some((i) => !recalled.incidents.has(i.id)) ||
    ours.some((f) => ownValue(recalled.files, f.path) !== hashText(f.text));
  return { history, incidents, mapping, notes, writes, removes, entry, changes, warnings };
}

function chooseId(incident: SourceIncident, recalled: Recalled, mapping: ComponentMapping, timeZone: string, existing: Map<string, string>, taken: Set<string>): string {
  const earlier = ownValue(recalled.ids, incident.key);
  if (earlier) return earlier;
  const start = incident.type === 'maintenance' ? incident.window!.start : incident.started!;
  const base = deriveIncidentId(incident.title, start, timeZone, []);
  // No record (say, .kabar/imported.json was lost) but the directory holds exactly this import: it is ours.
  const index = renderIncidentFiles({ ...incident, updates: [], postmortem: undefined }, base, mapping.components, timeZone)[0]!;
  if (existing.get(index.path) === index.text) return base;
  return deriveIncidentId(incident.title, start, timeZone, taken);
}

/** Translations into a language the site does not have (or into its default language) are left out, and said so. */
function translationNotes(incident: SourceIncident, config: SiteConfig): ReportEntry[] {
  const langs = new Set([...Object.keys(incident.translations ?? {}), ...incident.updates.flatMap((u) => Object.keys(u.translations ?? {}))]);
  const tags = config.locales.map((l) => l.tag);
  return [...langs]
    .filter((lang) => lang === config.defaultLocale || !tags.includes(lang))
    .map((lang) => ({
      kind: 'lost' as const,
      subject: incident.label,
      message:
        lang === config.defaultLocale
          ? `its "${lang}" translation was left out: "${lang}" is the site's default language, whose text is the original's`
          : `its "${lang}" translation was left out: "${lang}" is not a locale of the site (add it to locales in kabar.config.ts and run the import again)`,
    }));
}

function actionFor(file: ContentFile, existing: Map<string, string>, recalled: Recalled): FileAction {
  const current = existing.get(file.path);
  const recorded = ownValue(recalled.files, file.path);
  if (current === undefined) return recorded ? 'deleted' : 'create';
  if (current === file.text) return 'unchanged';
  if (!recorded) return 'foreign';
  return hashText(current) === recorded ? 'update' : 'edited';
}
