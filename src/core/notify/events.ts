import { DateTime } from 'luxon';
import type { EventGroup } from '../config/notifications-schema.ts';
import type { ComponentTransition, Incident, StatusModel } from '../model/types.ts';
import { parseTimestamp } from '../time.ts';

export type EventKind =
  | 'incident.created'
  | 'incident.updated'
  | 'incident.resolved'
  | 'maintenance.scheduled'
  | 'maintenance.started'
  | 'maintenance.updated'
  | 'maintenance.completed'
  | 'maintenance.cancelled'
  | 'postmortem.published'
  | 'component.updated';

/** One thing that happened on the page, in no language yet. */
export interface NotifyEvent {
  /**
   * Stable, from the content alone (never a commit): `<incident-id>/<update file>` for an update,
   * `<incident-id>/announced | started | completed | postmortem` for the rest, and
   * `<that id>/<component-id>` for one component's change. The ledger remembers these.
   */
  id: string;
  kind: EventKind;
  group: EventGroup;
  incidentId: string;
  /** The update file it reports, if any. */
  updateId?: string;
  /** When it happened (epoch ms). */
  at: number;
  /** Where its age counts from: `at`, or the end of the day for a postmortem dated by day only. */
  ageFrom: number;
  /** From the maintenance window and the clock, as the page derives it, not from a file. */
  byClock: boolean;
  /** No file dates it (a maintenance announced without a `scheduled` update): it happened when its content was published. */
  undated: boolean;
  /** Components of its incident (for a component change: that component), for channels that follow only some. */
  componentIds: string[];
  /** Component changes it makes (old → new). */
  transitions: ComponentTransition[];
  /** What has happened since makes it moot (a maintenance announced after it began, "started" after it ended). */
  superseded: boolean;
}

/**
 * Every event the content and the clock hold at `now`, oldest first: the updates of
 * incidents and maintenance (as the feeds list them), a maintenance announced without a
 * `scheduled` update, maintenance started and completed by its window, published
 * postmortems, and each component change. Pure: the same content, `now` and commit times give
 * the same events, so a later run finds what an earlier one did not send.
 * `postmortemTimes`: when each postmortem dated by day only became published (its commit), by incident id.
 */
export function deriveEvents(model: StatusModel, postmortemTimes: ReadonlyMap<string, number> = new Map()): NotifyEvent[] {
  const events: NotifyEvent[] = [];
  for (const incident of model.incidents) {
    const own = incident.type === 'incident' ? incidentEvents(incident, model.now) : maintenanceEvents(incident, model.now);
    const pm = postmortemEvent(incident, model, postmortemTimes.get(incident.id));
    if (pm) own.push(pm);
    for (const event of own) {
      events.push(event);
      for (const t of event.transitions) {
        events.push({ ...event, id: `${event.id}/${t.component}`, kind: 'component.updated', group: 'components', componentIds: [t.component], transitions: [t] });
      }
    }
  }
  return events.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const base = (incident: Incident, suffix: string, at: number, fields: Pick<NotifyEvent, 'kind' | 'group'> & Partial<NotifyEvent>): NotifyEvent => ({
  id: `${incident.id}/${suffix}`,
  incidentId: incident.id,
  at,
  ageFrom: at,
  byClock: false,
  undated: false,
  componentIds: incident.componentIds,
  transitions: [],
  superseded: false,
  ...fields,
});

function incidentEvents(incident: Incident, now: number): NotifyEvent[] {
  return incident.updates
    .filter((u) => u.at <= now)
    .map((u, index) =>
      base(incident, u.id, u.at, {
        kind: u.status === 'resolved' ? 'incident.resolved' : index === 0 ? 'incident.created' : 'incident.updated',
        group: 'incidents',
        updateId: u.id,
        transitions: u.transitions,
      }),
    );
}

/**
 * Maintenance follows its window without anyone posting: it starts at the window's start
 * (or an earlier `in_progress` update) and ends at a `completed` update or the window's end.
 * A `completed` update before it began calls it off. Component changes take effect when it
 * starts, not when it was announced.
 */
function maintenanceEvents(incident: Incident, now: number): NotifyEvent[] {
  const start = incident.startedAt;
  const end = incident.scheduledUntil ?? start;
  const completed = incident.updates.find((u) => u.status === 'completed');
  const cancelled = completed !== undefined && completed.at <= start;
  const startUpdate = incident.updates.find((u) => u.status === 'in_progress' && u.at <= start);
  const clockStart = !cancelled && !startUpdate && now >= start;
  const clockEnd = !cancelled && now >= end && !(completed && completed.at <= end);
  const begun = !cancelled && now >= start;
  const over = cancelled || (completed !== undefined && completed.at <= now) || now >= end;
  const initial = initialTransitions(incident, start);
  const events: NotifyEvent[] = [];
  const first = incident.updates[0];
  if (first?.status !== 'scheduled') {
    const at = first?.at ?? start;
    events.push(base(incident, 'announced', at, { kind: 'maintenance.scheduled', group: 'maintenance', undated: true, superseded: begun || cancelled }));
  }
  if (clockStart) events.push(base(incident, 'started', start, { kind: 'maintenance.started', group: 'maintenance', byClock: true, transitions: initial, superseded: over }));
  for (const [index, u] of incident.updates.entries()) {
    if (u.at > now) continue;
    const kind =
      u.status === 'completed' ? (cancelled ? 'maintenance.cancelled' : 'maintenance.completed')
      : u === startUpdate ? 'maintenance.started'
      : u.status === 'scheduled' && index === 0 ? 'maintenance.scheduled'
      : 'maintenance.updated';
    // Before it starts an update changes no component; once the clock has started it, the start carries the initial changes.
    const transitions = u.at < start ? [] : clockStart ? u.transitions.filter((t) => !initial.some((i) => sameTransition(i, t))) : u.transitions;
    events.push(base(incident, u.id, u.at, { kind, group: 'maintenance', updateId: u.id, transitions, superseded: kind === 'maintenance.scheduled' && (begun || cancelled) }));
  }
  if (clockEnd) events.push(base(incident, 'completed', end, { kind: 'maintenance.completed', group: 'maintenance', byClock: true, transitions: finalTransitions(incident, end) }));
  return events;
}

/** Components the maintenance puts under its status when it starts. */
function initialTransitions(incident: Incident, start: number): ComponentTransition[] {
  return incident.segments.filter((s) => s.from === start).map((s) => ({ component: s.component, from: 'operational', to: s.status }));
}

/** Components still held when the window closes return to operational. */
function finalTransitions(incident: Incident, end: number): ComponentTransition[] {
  return incident.segments.filter((s) => s.to === end).map((s) => ({ component: s.component, from: s.status, to: 'operational' }));
}

const sameTransition = (a: ComponentTransition, b: ComponentTransition) => a.component === b.component && a.from === b.from && a.to === b.to;

/** `published: 2026-12-05`: a day, no time. */
export const isDateOnly = (published: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(published.trim());

/**
 * A postmortem is due from its `published` time; one dated by day only, from the start of that
 * day in the site's zone, and it ages from the day's end. It is placed when it became published
 * (its commit, when known), never before the incident's last update: it explains the incident,
 * so a catch-up never sends it first.
 */
function postmortemEvent(incident: Incident, model: StatusModel, committedAt: number | undefined): NotifyEvent | undefined {
  const pm = incident.postmortem;
  if (!pm) return undefined;
  const parsed = parseTimestamp(pm.published);
  const day = DateTime.fromISO(pm.published.slice(0, 10), { zone: model.config.timeZone });
  const due = parsed.ok ? parsed.ms : day.toMillis();
  if (due > model.now) return undefined;
  const lastUpdate = Math.max(-Infinity, ...incident.updates.filter((u) => u.at <= model.now).map((u) => u.at));
  const at = Math.min(model.now, Math.max(due, lastUpdate, !parsed.ok && committedAt !== undefined ? committedAt : -Infinity));
  return base(incident, 'postmortem', at, { kind: 'postmortem.published', group: 'postmortems', ageFrom: parsed.ok ? due : day.endOf('day').toMillis() });
}
