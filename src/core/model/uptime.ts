import type { ComponentStatus } from '../content/schema.ts';
import { dayKey, nextDay, startOfDay } from '../time.ts';
import { worstStatus } from './status-rank.ts';
import type { StatusSegment, Uptime, UptimeDay } from './types.ts';

export const UPTIME_DAYS = 90;

/**
 * Downtime weights, as Atlassian Statuspage counts them: a major outage is
 * full downtime, a partial outage 30 %, degraded performance and planned
 * maintenance none (the service works, or the downtime was announced).
 */
export const DOWNTIME_WEIGHT: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

/**
 * Per-day uptime of one component over the `days` calendar days ending today
 * (in `timeZone`, so days around DST changes last 23 or 25 hours). Overlapping
 * incidents count once, at the worst status of the moment. Days before `since`
 * (when the page started publishing) have no data: nobody said then whether it worked.
 */
export function computeUptime(segments: readonly StatusSegment[], now: number, timeZone: string, days = UPTIME_DAYS, since = -Infinity): Uptime {
  const calendar = uptimeCalendar(now, timeZone, days);
  const periodStart = calendar[0]!.start;
  const relevant = segments.filter((s) => s.to > periodStart && s.from < now);
  const pieces = flatten(relevant, periodStart, now);

  const out: UptimeDay[] = [];
  let totalLength = 0;
  let totalDown = 0;
  let p = 0;
  for (const { date, start: dayStart, end } of calendar) {
    const start = Math.max(dayStart, since);
    const lengthMs = Math.max(0, end - start);
    let downtimeMs = 0;
    let worst: ComponentStatus = 'operational';
    const incidentIds = new Set<string>();
    while (p < pieces.length && pieces[p]!.to <= start) p++;
    for (let q = p; q < pieces.length && pieces[q]!.from < end; q++) {
      const piece = pieces[q]!;
      const overlap = Math.min(piece.to, end) - Math.max(piece.from, start);
      if (overlap <= 0) continue;
      downtimeMs += overlap * DOWNTIME_WEIGHT[piece.status];
      worst = worstStatus(worst, piece.status);
      piece.incidentIds.forEach((id) => incidentIds.add(id));
    }
    totalLength += lengthMs;
    totalDown += downtimeMs;
    out.push({
      date,
      start: dayStart,
      lengthMs,
      downtimeMs,
      uptime: lengthMs > 0 ? 1 - downtimeMs / lengthMs : null,
      worst,
      incidentIds: [...incidentIds].sort(),
    });
  }
  return { ratio: totalLength > 0 ? 1 - totalDown / totalLength : 1, days: out };
}

interface CalendarDay {
  date: string;
  start: number;
  /** The next day's start, or now for today. */
  end: number;
}

const calendars = new Map<string, CalendarDay[]>();

/**
 * The `days` calendar days ending today, oldest first. The same for every component of a
 * build, and each day boundary costs a time-zone computation: worked out once per build.
 */
function uptimeCalendar(now: number, timeZone: string, days: number): CalendarDay[] {
  const key = `${now}|${timeZone}|${days}`;
  let calendar = calendars.get(key);
  if (!calendar) {
    let dayStart = startOfDay(now, timeZone);
    for (let i = 1; i < days; i++) dayStart = startOfDay(dayStart - 1, timeZone);
    calendar = [];
    for (let i = 0; i < days; i++) {
      const next = nextDay(dayStart, timeZone);
      calendar.push({ date: dayKey(dayStart, timeZone), start: dayStart, end: Math.min(next, now) });
      dayStart = next;
    }
    // One build has one "now": keep the cache from growing over tests or a long-running dev server.
    if (calendars.size > 16) calendars.clear();
    calendars.set(key, calendar);
  }
  return calendar;
}

interface Piece {
  from: number;
  to: number;
  status: ComponentStatus;
  incidentIds: string[];
}

/** Cuts overlapping segments into disjoint pieces, each at the worst status covering it. */
function flatten(segments: readonly StatusSegment[], from: number, to: number): Piece[] {
  const points = [...new Set(segments.flatMap((s) => [Math.max(s.from, from), Math.min(s.to, to)]))].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const covering = segments.filter((s) => s.from <= a && s.to >= b);
    if (covering.length === 0) continue;
    const status = covering.reduce<ComponentStatus>((w, s) => worstStatus(w, s.status), 'operational');
    pieces.push({ from: a, to: b, status, incidentIds: [...new Set(covering.map((s) => s.incidentId))] });
  }
  return pieces;
}
