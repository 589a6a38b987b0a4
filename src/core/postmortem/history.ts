import { DateTime } from 'luxon';
import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import type { Incident } from '../model/types.ts';
import { componentStatusWord } from '../scaffold/preview.ts';

/**
 * Facts a postmortem is prefilled with, computed from an incident's history
 * alone (no I/O; `now` injected). The CLI adds who committed what.
 */

/** Who committed an update file, and through which pull request when known. */
export interface Authorship {
  sha: string;
  author: string;
  /** Pull request number, when the commit message or GitHub names one. */
  pr?: number;
  /** GitHub login of the pull request's author, when looked up. */
  prAuthor?: string;
  /** GitHub logins that approved or reviewed the pull request, when looked up. */
  prReviewers?: string[];
}

export interface TimelineRow {
  at: number;
  updateId: string;
  file: string;
  status: string;
  /** `component: from → to`, in config names. */
  changes: string[];
  authorship?: Authorship;
}

export interface KeyTimes {
  started: number;
  firstUpdate?: number;
  identified?: number;
  monitoring?: number;
  resolved?: number;
  /** started → first public update */
  timeToCommunicate?: number;
  /** started → monitoring (mitigated) */
  timeToMitigate?: number;
  /** started → resolved */
  timeToResolve?: number;
}

export interface Gap {
  from: number;
  to: number;
  ms: number;
}

export interface PromiseCheck {
  /** The update that promised. */
  updateId: string;
  promised: number;
  /** When the next update really came; undefined when none followed. */
  kept: boolean;
  deliveredAt?: number;
  /** Positive: that late. */
  lateMs?: number;
}

export interface CommunicationReview {
  gaps: Gap[];
  longestGapMs: number;
  promises: PromiseCheck[];
  kept: number;
  missed: number;
}

export interface ComponentTime {
  component: string;
  /** Status → milliseconds spent in it. */
  byStatus: Partial<Record<Exclude<ComponentStatus, 'operational'>, number>>;
}

export interface Related {
  id: string;
  title: string;
  startedAt: number;
  severity?: string;
  sharedComponents: string[];
}

export interface PostmortemFacts {
  incident: Incident;
  timeline: TimelineRow[];
  keyTimes: KeyTimes;
  communication: CommunicationReview;
  componentTimes: ComponentTime[];
  related: Related[];
}

export const RECURRENCE_WINDOW_DAYS = 180;
const DAY = 86_400_000;

const name = (config: SiteConfig, id: string): string => config.components.find((c) => c.id === id)?.name[config.defaultLocale] ?? id;

export function keyTimes(incident: Incident): KeyTimes {
  const first = (status: string) => incident.updates.find((u) => u.status === status)?.at;
  const started = incident.startedAt;
  const firstUpdate = incident.updates[0]?.at;
  const identified = first('identified');
  const monitoring = first('monitoring');
  const resolved = incident.resolvedAt ?? first('resolved');
  const since = (t: number | undefined) => (t === undefined ? undefined : t - started);
  return {
    started,
    ...(firstUpdate !== undefined && { firstUpdate, timeToCommunicate: since(firstUpdate) }),
    ...(identified !== undefined && { identified }),
    ...(monitoring !== undefined && { monitoring, timeToMitigate: since(monitoring) }),
    ...(resolved !== undefined && { resolved, timeToResolve: since(resolved) }),
  };
}

/**
 * Gaps: start → first update, then between consecutive updates. A promise
 * (`next_update`) is kept when the following update came at or before it;
 * the final update's promise, if any, counts as missed only while the
 * incident is still open past it.
 */
export function communicationReview(incident: Incident, now: number): CommunicationReview {
  const times = [incident.startedAt, ...incident.updates.map((u) => u.at)];
  const gaps = times.slice(1).map((to, i) => ({ from: times[i]!, to, ms: to - times[i]! }));
  const promises: PromiseCheck[] = [];
  incident.updates.forEach((u, i) => {
    if (u.nextUpdate === undefined) return;
    const next = incident.updates[i + 1];
    if (next) {
      const kept = next.at <= u.nextUpdate;
      promises.push({ updateId: u.id, promised: u.nextUpdate, kept, deliveredAt: next.at, ...(!kept && { lateMs: next.at - u.nextUpdate }) });
    } else if (incident.active && now > u.nextUpdate) {
      promises.push({ updateId: u.id, promised: u.nextUpdate, kept: false, lateMs: now - u.nextUpdate });
    }
  });
  return {
    gaps,
    longestGapMs: Math.max(0, ...gaps.map((g) => g.ms)),
    promises,
    kept: promises.filter((p) => p.kept).length,
    missed: promises.filter((p) => !p.kept).length,
  };
}

/** Time each component spent in each status, from the incident's segments (open ones until `now`). */
export function componentTimes(incident: Incident, now: number): ComponentTime[] {
  return incident.componentIds.map((component) => {
    const byStatus: ComponentTime['byStatus'] = {};
    for (const s of incident.segments) {
      if (s.component !== component) continue;
      const end = Number.isFinite(s.to) ? s.to : now;
      byStatus[s.status] = (byStatus[s.status] ?? 0) + Math.max(0, end - s.from);
    }
    return { component, byStatus };
  });
}

/** Earlier incidents (not maintenance) sharing a component, started within the window before this one; newest first. */
export function relatedIncidents(incident: Incident, all: readonly Incident[], config: SiteConfig, windowDays = RECURRENCE_WINDOW_DAYS): Related[] {
  const mine = new Set(incident.componentIds);
  return all
    .filter((o) => o.id !== incident.id && o.type === 'incident' && o.startedAt < incident.startedAt && o.startedAt >= incident.startedAt - windowDays * DAY)
    .map((o) => ({ o, shared: o.componentIds.filter((c) => mine.has(c)) }))
    .filter(({ shared }) => shared.length > 0)
    .sort((a, b) => b.o.startedAt - a.o.startedAt)
    .map(({ o, shared }) => ({
      id: o.id,
      title: o.title[config.defaultLocale]?.text ?? o.id,
      startedAt: o.startedAt,
      ...(o.severity && { severity: o.severity }),
      sharedComponents: shared,
    }));
}

export function timeline(incident: Incident, config: SiteConfig, authorship: ReadonlyMap<string, Authorship>): TimelineRow[] {
  return incident.updates.map((u) => {
    const who = authorship.get(u.file);
    return {
      at: u.at,
      updateId: u.id,
      file: u.file,
      status: u.status,
      changes: u.transitions.map((t) => `${name(config, t.component)}: ${componentStatusWord(t.from).toLowerCase()} → ${componentStatusWord(t.to).toLowerCase()}`),
      ...(who && { authorship: who }),
    };
  });
}

export function postmortemFacts(incident: Incident, all: readonly Incident[], config: SiteConfig, authorship: ReadonlyMap<string, Authorship>, now: number): PostmortemFacts {
  return {
    incident,
    timeline: timeline(incident, config, authorship),
    keyTimes: keyTimes(incident),
    communication: communicationReview(incident, now),
    componentTimes: componentTimes(incident, now),
    related: relatedIncidents(incident, all, config),
  };
}

/** "1 h 05 min", "12 min", "2 d 3 h"; exact to the minute (seconds rounded down). */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return `${d} d ${h} h ${String(m).padStart(2, '0')} min`;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  return `${m} min`;
}

/** `2026-11-20 10:05` in the site's time zone: table cells, under a header that names the zone (see zoneLabel). */
export function formatZoned(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
}

/** The zone as a table header says it: `Asia/Jakarta, GMT+7` (its offset at `ms`, since daylight saving changes it). */
export function zoneLabel(timeZone: string, ms: number): string {
  const offset = DateTime.fromMillis(ms, { zone: timeZone }).toFormat('ZZZZ');
  return timeZone === 'UTC' || offset === timeZone ? timeZone : `${timeZone}, ${offset}`;
}
