import { DateTime } from 'luxon';

/**
 * ISO 8601 date-time. With an offset or `Z` it is one instant everywhere. Without
 * one (`2026-11-20T10:05`, `2026-11-20 10:05`) it is read in the site's time zone
 * (`timeZone` in kabar.config.ts): the one rule for hand-written files and the
 * CLI alike, because the page, the CLI and the people writing speak the site's
 * time. Kabar itself always writes the offset.
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_LOCAL = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?$/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type TimestampParse = { ok: true; ms: number } | { ok: false; reason: string };

/** What a timestamp may look like, for "expected …" in messages; names the zone when it is known. */
export function timestampExpected(timeZone?: string): string {
  return `an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone${timeZone ? `, ${timeZone}` : ''}`;
}

export const TIMESTAMP_EXPECTED = timestampExpected();

/**
 * Parses a timestamp as written in a file or typed in the CLI. A time without an
 * offset is read in `timeZone` (refused where no zone is given); a local time the clocks skip (the hour lost to
 * daylight saving) does not exist there and is refused rather than moved.
 */
export function parseTimestamp(value: string, timeZone?: string): TimestampParse {
  const text = value.trim();
  if (ISO_WITH_OFFSET.test(text)) {
    const fast = fastParse(text);
    if (fast !== undefined) return { ok: true, ms: fast };
    const parsed = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
    if (!parsed.isValid) return { ok: false, reason: `"${text}" is not a real date and time` };
    return { ok: true, ms: parsed.toMillis() };
  }
  const local = ISO_LOCAL.exec(text);
  if (local && timeZone === undefined) return { ok: false, reason: `"${text}" has no timezone offset` };
  if (local) {
    const parsed = DateTime.fromISO(text.replace(' ', 'T'), { zone: timeZone });
    if (!parsed.isValid) return { ok: false, reason: `"${text}" is not a real date and time` };
    // luxon moves a skipped local time forward; reading it back tells us it never existed.
    if (parsed.toFormat("yyyy-MM-dd'T'HH:mm") !== `${local[1]}T${local[2]}:${local[3]}`) {
      return { ok: false, reason: `"${text}" does not exist in ${timeZone} (the clocks skip it for daylight saving time)` };
    }
    return { ok: true, ms: parsed.toMillis() };
  }
  if (ISO_DATE_ONLY.test(text)) return { ok: false, reason: `"${text}" has no time of day` };
  return { ok: false, reason: `"${text}" is not a timestamp` };
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
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  // Date.UTC maps years 0–99 to 1900–1999; leave those to luxon.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = m[8] ? 0 : (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  return Date.UTC(year, month - 1, day, hour, minute, second, m[7] === undefined ? 0 : Number(m[7])) - offset * 60_000;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number): number => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS_IN_MONTH[month - 1]!);

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * A time as people read it in messages: in the site's time zone, to the minute,
 * with the zone named ("20 Nov 2026, 10:05 GMT+7"), like the page. `seconds`
 * for the rare message comparing two times within one minute.
 */
export function formatSiteTime(ms: number, timeZone: string, options: { seconds?: boolean } = {}): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat(options.seconds ? 'd LLL yyyy, HH:mm:ss ZZZZ' : 'd LLL yyyy, HH:mm ZZZZ');
}

/** Two times for one message: to the minute, or to the second when they share a minute. */
export function formatSiteTimes(a: number, b: number, timeZone: string): [string, string] {
  const seconds = Math.floor(a / 60_000) === Math.floor(b / 60_000);
  return [formatSiteTime(a, timeZone, { seconds }), formatSiteTime(b, timeZone, { seconds })];
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

/** Start of the calendar day `date` (`YYYY-MM-DD`) in `timeZone`, or undefined when there is no such day. */
export function startOfDate(date: string, timeZone: string): number | undefined {
  const day = DateTime.fromISO(date, { zone: timeZone });
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && day.isValid ? day.startOf('day').toMillis() : undefined;
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.local().setZone(zone).isValid;
}
