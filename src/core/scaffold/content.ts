import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus, Severity, UpdateStatus } from '../content/schema.ts';
import type { ContentFile, ImpactStatus, IncidentSource } from '../content/types.ts';
import { INCIDENTS_DIR } from '../content/validate-repo.ts';
import { deriveIncidentId, deriveUpdateName, formatTimestamp } from './ids.ts';
import { renderMarkdownFile } from './render.ts';

/** What `kabar new` asks for. Times are epoch ms; `now` decides the id when `started` is absent. */
export type NewIncidentInput = Pick<IncidentSource, 'type' | 'title' | 'severity' | 'started' | 'window' | 'components' | 'regions' | 'impact' | 'workaround'> & {
  /** The first public message (body of the first update). */
  message: string;
  status: UpdateStatus;
  /** When the first update is posted. */
  at: number;
  nextUpdate?: number;
};

export interface UpdateInput {
  status: UpdateStatus;
  message: string;
  at: number;
  components?: Record<string, ComponentStatus>;
  nextUpdate?: number;
  eta?: number;
  technical?: string;
}

/** A set of files to create, plus what they are about. */
export interface Scaffold {
  incidentId: string;
  /** Base name of the update written, if any. */
  updateName?: string;
  files: ContentFile[];
}

export function scaffoldNewIncident(input: NewIncidentInput, config: SiteConfig, takenIds: Iterable<string>): Scaffold {
  const tz = config.timeZone;
  const start = input.type === 'maintenance' ? (input.window?.start ?? input.at) : (input.started ?? input.at);
  const incidentId = deriveIncidentId(input.title, start, tz, takenIds);
  const dir = `${INCIDENTS_DIR}/${incidentId}`;
  const index = renderMarkdownFile({
    title: input.title,
    ...(input.type === 'maintenance' && { type: 'maintenance' }),
    severity: input.severity,
    started: input.type === 'incident' ? formatTimestamp(input.started ?? input.at, tz) : undefined,
    window: input.window && { start: formatTimestamp(input.window.start, tz), end: formatTimestamp(input.window.end, tz) },
    components: input.components,
    regions: input.regions && input.regions.length > 0 ? input.regions : undefined,
    impact: input.impact,
    workaround: input.workaround,
  });
  const updateName = deriveUpdateName(input.at, []);
  const update = renderUpdate({ status: input.status, message: input.message, at: input.at, ...(input.nextUpdate !== undefined && { nextUpdate: input.nextUpdate }) }, tz);
  return {
    incidentId,
    updateName,
    files: [
      { path: `${dir}/index.md`, text: index },
      { path: `${dir}/${updateName}.md`, text: update },
    ],
  };
}

function renderUpdate(input: UpdateInput, timeZone: string): string {
  return renderMarkdownFile(
    {
      at: formatTimestamp(input.at, timeZone),
      status: input.status,
      components: input.components,
      next_update: input.nextUpdate !== undefined ? formatTimestamp(input.nextUpdate, timeZone) : undefined,
      eta: input.eta !== undefined ? formatTimestamp(input.eta, timeZone) : undefined,
      technical: input.technical,
    },
    input.message,
  );
}

/** Names already used in an incident directory (update base names, translations, index). */
export function takenNames(incidentId: string, paths: Iterable<string>): string[] {
  const prefix = `${INCIDENTS_DIR}/${incidentId}/`;
  return [...paths].filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).replace(/\.md$/, '').split('.')[0]!);
}

export function scaffoldUpdate(incident: IncidentSource, input: UpdateInput, config: SiteConfig, existingPaths: Iterable<string>): Scaffold {
  const updateName = deriveUpdateName(input.at, takenNames(incident.id, existingPaths));
  return {
    incidentId: incident.id,
    updateName,
    files: [{ path: `${INCIDENTS_DIR}/${incident.id}/${updateName}.md`, text: renderUpdate(input, config.timeZone) }],
  };
}

/** Each component's status after the incident's latest update (the start's components, then every change). */
export function latestComponentStatuses(incident: IncidentSource): Record<string, ComponentStatus> {
  const out: Record<string, ComponentStatus> = { ...incident.components };
  for (const update of incident.updates) Object.assign(out, update.components ?? {});
  return out;
}

/** The components a resolution returns to operational: every one the incident still holds in another status. */
export function componentsToRestore(incident: IncidentSource): Record<string, ComponentStatus> {
  return Object.fromEntries(
    Object.entries(latestComponentStatuses(incident))
      .filter(([, status]) => status !== 'operational')
      .map(([id]) => [id, 'operational' as const]),
  );
}

export const terminalStatus = (type: 'incident' | 'maintenance'): UpdateStatus => (type === 'incident' ? 'resolved' : 'completed');

/**
 * Translation files for every text of the incident that has none in `locale` yet.
 * The source text travels as YAML comments: a copied but untranslated text would
 * be published as if it were the translation, while an empty file simply falls
 * back to the source language until someone fills it in.
 */
export function scaffoldTranslations(incident: IncidentSource, locale: string, config: SiteConfig, existingPaths: Iterable<string>): Scaffold {
  const existing = new Set(existingPaths);
  const dir = `${INCIDENTS_DIR}/${incident.id}`;
  const from = config.defaultLocale;
  const files: ContentFile[] = [];
  const add = (base: string, fields: Record<string, string | undefined>, body: string | undefined) => {
    const path = `${dir}/${base}.${locale}.md`;
    if (existing.has(path)) return;
    const lines = [`# Translate into "${locale}" from "${from}". Uncomment each field and replace the text;`, '# fields left commented out keep showing the original.'];
    for (const [key, value] of Object.entries(fields)) if (value) lines.push(`# ${key}: ${yamlInline(value)}`);
    if (body) {
      lines.push(`# Message (write its translation below the closing "---" line):`);
      for (const line of body.split('\n')) lines.push(`#   ${line}`.trimEnd());
    }
    files.push({ path, text: `---\n${lines.join('\n')}\n---\n` });
  };
  add('index', { title: incident.title, impact: incident.impact, workaround: incident.workaround, compensation: incident.compensation }, incident.body || undefined);
  for (const update of incident.updates) add(update.id, { technical: update.technical }, update.body);
  return { incidentId: incident.id, files };
}

function yamlInline(text: string): string {
  return /^[\w(][^:#\n]*$/.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}
