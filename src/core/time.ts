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
  const fast = fastParse(text);
  if (fast !== undefined) return { ok: true, ms: fast };
  const parsed = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  if (!parsed.isValid) {
    return { ok: false, reason: `"${text}" is not a real date and time` };
  }
  return { ok: true, ms: parsed.toMillis() };
}

/**
 * The common shape (`2026-11-20T10:05:00+07:00`, `…Z`, optional milliseconds) read
 * without luxon: a long history holds hundreds of thousands of timestamps, and this
 * is about ten times faster. Anything unusual or out of range returns undefined and
 * is left to luxon, so both paths accept and reject exactly the same text.
 */
const COMMON = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/i;

function fastParse(text: string): number | undefined {
  const m = COMMON.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0, milli = 0] = m.slice(1, 8).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth || hour! > 23 || minute! > 59 || second > 59 || Number(m[10] ?? 0) > 23 || Number(m[11] ?? 0) > 59) return undefined;
  const utc = Date.UTC(year!, month! - 1, day!, hour!, minute!, second, milli);
  // Date.UTC maps years 0–99 to 1900–1999; leave those to luxon.
  if (year! < 100) return undefined;
  return utc - offset * 60_000;
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
