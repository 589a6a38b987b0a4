import { COMPONENT_STATUSES, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type ComponentStatus, type Severity, type UpdateStatus } from '../content/schema.ts';
import type { ImpactStatus } from '../content/types.ts';
import type { ReportEntry, SourceComponent, SourceHistory, SourceIncident, SourceUpdate } from './model.ts';
import { statuspageComponents } from './statuspage-components.ts';
import { PUBLIC_API_LIMIT, type SpImportIncident, type StatuspagePayload } from './statuspage-payload.ts';
import { parseSourceTime } from './times.ts';

/**
 * Atlassian Statuspage → Kabar (docs/import.md has the table):
 * - incidents and scheduled maintenances (`scheduled_for` set, or `impact: maintenance`)
 *   keep their title, start (`started_at`), window, every update with its status,
 *   body and display time (`display_at`), and each update's `affected_components`
 *   transitions; a published postmortem becomes postmortem.md.
 * - `impact` → severity: none → negligible, minor → minimal (significant when a
 *   component reached a partial or major outage), major → serious, critical → severe.
 *   Kabar's API maps them back to the same impact.
 * - Kabar follows each incident's components on its own, from operational; where the
 *   source's `old_status` says otherwise (another incident held the component), or a
 *   resolution left a component broken, the report says what Kabar shows instead.
 */
export function mapStatuspage(payload: StatuspagePayload): SourceHistory {
  const notes: ReportEntry[] = [];
  const { groups, components } = statuspageComponents(payload);
  const known = new Map(components.map((c) => [c.key, c]));
  const incidents: SourceIncident[] = [];
  const seen = new Set<string>();
  for (const raw of [...payload.incidents, ...payload.maintenances]) {
    if (seen.has(raw.id)) continue;
    seen.add(raw.id);
    const incident = mapIncident(raw, known, notes);
    if (incident) incidents.push(incident);
  }
  for (const component of known.values()) if (!components.includes(component)) components.push(component);
  if (payload.api === 'public') notes.push(publicLimitNote(payload));
  notes.push({
    kind: 'lost',
    subject: '',
    message: "per-update notification settings (deliver_notifications, tweets), shortlinks, subscriber counts and milliseconds of times have no place in Kabar's content and were left out",
  });
  return {
    source: 'statuspage',
    origin: payload.origin,
    via: payload.api === 'management' ? 'the management API (full history)' : 'the public API v2',
    groups,
    components,
    incidents,
    notes,
  };
}

function publicLimitNote(payload: StatuspagePayload): ReportEntry {
  const full = payload.incidents.length >= PUBLIC_API_LIMIT || payload.maintenances.length >= PUBLIC_API_LIMIT;
  return {
    kind: 'lost',
    subject: '',
    message: full
      ? `the public API returns only the ${PUBLIC_API_LIMIT} newest incidents and the ${PUBLIC_API_LIMIT} newest maintenances, and this page returned that many: anything older is missing. With an API key (STATUSPAGE_API_KEY and --page-id) the import reads the whole history`
      : `the public API returns only the ${PUBLIC_API_LIMIT} newest incidents and the ${PUBLIC_API_LIMIT} newest maintenances; this page returned fewer (${payload.incidents.length} and ${payload.maintenances.length}), so nothing older is missing`,
  };
}

const isComponentStatus = (s: unknown): s is ComponentStatus => (COMPONENT_STATUSES as readonly unknown[]).includes(s);
const UPDATE_STATUSES: readonly string[] = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES];

function mapIncident(raw: SpImportIncident, known: Map<string, SourceComponent>, notes: ReportEntry[]): SourceIncident | undefined {
  const maintenance = !!raw.scheduled_for || raw.impact === 'maintenance' || (MAINTENANCE_STATUSES as readonly string[]).includes(raw.status);
  const label = `"${raw.name}" (Statuspage ${maintenance ? 'maintenance' : 'incident'} ${raw.id})`;
  const note = (kind: ReportEntry['kind'], message: string) => notes.push({ kind, subject: label, message });
  const time = (value: string | null | undefined) => (value ? parseSourceTime(value, 'UTC')?.ms : undefined);

  const updates: SourceUpdate[] = [];
  const state = new Map<string, ComponentStatus>();
  const sorted = [...(raw.incident_updates ?? [])]
    .map((u, i) => ({ u, i, at: time(u.display_at) ?? time(u.created_at) }))
    .sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || b.i - a.i);
  for (const { u, at } of sorted) {
    if (u.status === 'postmortem') {
      note('changed', `its "postmortem" update ${u.id} is not an update in Kabar: the postmortem itself is postmortem.md`);
      continue;
    }
    if (at === undefined) {
      note('skipped', `update ${u.id} has no readable time (display_at "${u.display_at ?? ''}"), so it was left out`);
      continue;
    }
    if (!UPDATE_STATUSES.includes(u.status)) {
      note('skipped', `update ${u.id} has the status "${u.status}", which Kabar does not know, so it was left out`);
      continue;
    }
    const components: Record<string, ComponentStatus> = {};
    for (const affected of u.affected_components ?? []) {
      if (!affected.code || !isComponentStatus(affected.new_status)) continue;
      if (!known.has(affected.code)) {
        known.set(affected.code, { key: affected.code, name: affected.name?.trim() || affected.code });
        note('note', `the component "${affected.name ?? affected.code}" (${affected.code}) is no longer on the page; it was added from the name this incident gives it`);
      }
      const name = known.get(affected.code)!.name;
      const before = state.get(affected.code) ?? 'operational';
      if (isComponentStatus(affected.old_status) && affected.old_status !== before) {
        note('changed', `update ${u.id}: the source has ${name} go ${affected.old_status} → ${affected.new_status}; Kabar follows each incident's components on its own, from operational, so it shows ${before} → ${affected.new_status}`);
      }
      if (affected.new_status !== before) components[affected.code] = affected.new_status;
      state.set(affected.code, affected.new_status);
    }
    updates.push({ key: `update ${u.id}`, at, status: u.status as UpdateStatus, ...(Object.keys(components).length > 0 && { components }), body: (u.body ?? '').trim() });
  }

  const last = updates.at(-1);
  if (last && (last.status === 'resolved' || last.status === 'completed')) {
    const broken = [...state].filter(([, s]) => s !== 'operational');
    if (broken.length > 0 && !(maintenance && last.status === 'completed' && broken.every(([, s]) => s === 'under_maintenance'))) {
      note('changed', `the source left ${broken.map(([k, s]) => `${known.get(k)?.name ?? k} ${s}`).join(', ')} after the resolution; Kabar returns every component of a resolved incident to operational`);
    }
  }

  // Kabar records the first transitions in index.md ("status when it starts") and shows
  // them on the first update, as Statuspage does: move them there so the files read as
  // `kabar new` writes them.
  const carrier = maintenance ? updates.find((u) => u.status !== 'scheduled') : updates[0];
  const initial: Record<string, ImpactStatus> = {};
  if (carrier?.components) {
    for (const [key, status] of Object.entries(carrier.components)) {
      if (status === 'operational') continue;
      initial[key] = status;
      delete carrier.components[key];
    }
    if (Object.keys(carrier.components).length === 0) delete carrier.components;
  }

  // A maintenance that has not started (or never moved a component) still names the
  // components it will take down; Statuspage puts them under maintenance when it starts.
  if (maintenance && Object.keys(initial).length === 0 && !updates.some((u) => u.components) && raw.auto_transition_to_maintenance_state !== false) {
    for (const c of raw.components ?? []) {
      if (!known.has(c.id)) known.set(c.id, { key: c.id, name: c.name?.trim() || c.id });
      initial[c.id] = 'under_maintenance';
    }
  }

  const started = time(raw.started_at) ?? time(raw.created_at) ?? updates[0]?.at;
  const window = maintenance ? { start: time(raw.scheduled_for), end: time(raw.scheduled_until) } : undefined;
  if (maintenance && (window?.start === undefined || window.end === undefined)) {
    note('skipped', `a maintenance without a readable window (scheduled_for "${raw.scheduled_for ?? ''}", scheduled_until "${raw.scheduled_until ?? ''}"), so it was left out`);
    return undefined;
  }
  if (!maintenance && started === undefined) {
    note('skipped', 'no start time and no updates, so it was left out');
    return undefined;
  }
  const postmortemBody = raw.postmortem_body?.trim();
  const published = typeof raw.postmortem_published_at === 'string' ? time(raw.postmortem_published_at) : undefined;
  return {
    key: raw.id,
    label,
    type: maintenance ? 'maintenance' : 'incident',
    title: raw.name.trim() || raw.id,
    ...(!maintenance && { severity: severityOf(raw.impact, updates, initial, note) }),
    ...(!maintenance && { started: started! }),
    ...(maintenance && { window: { start: window!.start!, end: window!.end! } }),
    components: initial,
    updates,
    ...(postmortemBody && { postmortem: { body: postmortemBody, ...(published !== undefined && { published }) } }),
  };
}

/** Statuspage's `impact` → severity; `minor` splits on how badly a component was hit. */
function severityOf(impact: string | null | undefined, updates: SourceUpdate[], initial: Record<string, ImpactStatus>, note: (kind: ReportEntry['kind'], message: string) => void): Severity {
  const statuses = [...Object.values(initial), ...updates.flatMap((u) => Object.values(u.components ?? {}))];
  const outage = statuses.some((s) => s === 'partial_outage' || s === 'major_outage');
  switch (impact) {
    case 'none':
      return 'negligible';
    case 'minor':
      return outage ? 'significant' : 'minimal';
    case 'major':
      return 'serious';
    case 'critical':
      return 'severe';
    default: {
      const severity: Severity = statuses.includes('major_outage') ? 'serious' : outage ? 'significant' : 'minimal';
      note('changed', `its impact "${impact ?? ''}" is not one of none, minor, major, critical; the severity "${severity}" was chosen from its component statuses`);
      return severity;
    }
  }
}
