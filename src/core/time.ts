import { DateTime } from 'luxon';

/**
 * ISO 8601 date-time with an explicit offset or `Z`. A timestamp without one
 * means different instants to different readers (and to the build machine), so
 * Kabar refuses it rather than guessing.
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?$/;

export type TimestampParse = { ok: true; ms: number } | { ok: false; reason: string };

export const TIMESTAMP_EXPECTED = 'an ISO 8601 time with an offset, e.g. 2026-11-20T10:05:00+07:00 or 2026-11-20T03:05:00Z';

export function parseTimestamp(value: string): TimestampParse {
  const text = value.trim();
  if (!ISO_WITH_OFFSET.test(text)) {
    if (ISO_WITHOUT_OFFSET.test(text)) {
      return { ok: false, reason: `"${text}" has no timezone offset` };
    }
    return { ok: false, reason: `"${text}" is not a timestamp` };
  }
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  if (!parsed.isValid) {
    return { ok: false, reason: `"${text}" is not a real date and time` };
  }
  return { ok: true, ms: parsed.toMillis() };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The build's notion of "now": `SOURCE_DATE_EPOCH` (seconds, as in the
 * reproducible-builds convention) when set, else the clock.
 */
export function resolveNow(env: Record<string, string | undefined>, clock: () => number = Date.now): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch.trim() !== '') {
    if (!/^\d+$/.test(epoch.trim())) {
      throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (found "${epoch}")`);
    }
    return Number(epoch.trim()) * 1000;
  }
  return clock();
}

/** Start of the calendar day containing `ms` in `timeZone` (DST-aware: days are 23–25 h). */
export function startOfDay(ms: number, timeZone: string): number {
  return DateTime.fromMillis(ms, { zone: timeZone }).startOf('day').toMillis();
}

/** Start of the next calendar day after the one that starts at `dayStart`. */
export function nextDay(dayStart: number, timeZone: string): number {
  return DateTime.fromMillis(dayStart, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
}

/** `YYYY-MM-DD` of `ms` in `timeZone`. */
export function dayKey(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() ?? '';
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
