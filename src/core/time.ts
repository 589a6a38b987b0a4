import { DateTime, Info, type Zone } from 'luxon';

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

export { resolveNow } from './now.ts';

/**
 * Days in a time zone, as luxon counts them, without a luxon DateTime each time: luxon asks Intl
 * for the zone's offset on every call (formatToParts, 15 µs), and a long history's pages and
 * uptime ask for tens of thousands of days. Here the offset is luxon's own, kept per zone and UTC
 * hour when it is the same at both ends of the hour (no zone changes its offset twice in an
 * hour), and the day arithmetic is luxon's (its startOf('day') and plus({ days: 1 }), DST gaps
 * included, and its arithmetic, to the millisecond). Years outside 1000–9999, and zones luxon
 * does not know, are left to luxon.
 */
const HOUR = 3_600_000;
const DAY = 86_400_000;
const FAST_FROM = Date.UTC(1000, 0, 1);
const FAST_UNTIL = Date.UTC(10000, 0, 1) - 2 * DAY;

interface ZoneOffsets {
  zone: Zone;
  /** Offset in minutes by UTC hour (floor(ms / HOUR)), for hours at one offset throughout. */
  byHour: Map<number, number>;
}
const zones = new Map<string, ZoneOffsets | null>();

function offsetsOf(timeZone: string): ZoneOffsets | null {
  let known = zones.get(timeZone);
  if (known === undefined) {
    const zone = Info.normalizeZone(timeZone);
    known = zone.isValid ? { zone, byHour: new Map() } : null;
    zones.set(timeZone, known);
  }
  return known;
}

/** The zone's offset at `ms` in minutes, exactly as luxon's zone.offset(ms) says. */
function offsetAt(offsets: ZoneOffsets, ms: number): number {
  const hour = Math.floor(ms / HOUR);
  const kept = offsets.byHour.get(hour);
  if (kept !== undefined) return kept;
  const first = offsets.zone.offset(hour * HOUR);
  if (first === offsets.zone.offset(hour * HOUR + HOUR - 1)) {
    offsets.byHour.set(hour, first);
    return first;
  }
  return offsets.zone.offset(ms);
}

/** luxon's fixOffset: the instant of a local wall-clock time (`local`, as if UTC), guessing offset `o` first; a time in a DST gap moves forward. */
function instantOf(offsets: ZoneOffsets, local: number, o: number): number {
  let guess = local - o * 60 * 1000;
  const o2 = offsetAt(offsets, guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * 60 * 1000;
  const o3 = offsetAt(offsets, guess);
  if (o2 === o3) return guess;
  return local - Math.min(o2, o3) * 60 * 1000;
}

const fast = (ms: number, timeZone: string): ZoneOffsets | null => (ms >= FAST_FROM && ms < FAST_UNTIL ? offsetsOf(timeZone) : null);

/** Start of the calendar day containing `ms` in `timeZone` (DST-aware: days are 23–25 h). */
export function startOfDay(ms: number, timeZone: string): number {
  const offsets = fast(ms, timeZone);
  if (!offsets) return DateTime.fromMillis(ms, { zone: timeZone }).startOf('day').toMillis();
  const o = offsetAt(offsets, ms);
  return instantOf(offsets, Math.floor((ms + o * 60 * 1000) / DAY) * DAY, o);
}

/** Start of the next calendar day after the one that starts at `dayStart`. */
export function nextDay(dayStart: number, timeZone: string): number {
  const offsets = fast(dayStart, timeZone);
  if (!offsets) return DateTime.fromMillis(dayStart, { zone: timeZone }).plus({ days: 1 }).startOf('day').toMillis();
  const o = offsetAt(offsets, dayStart);
  // luxon takes the day's local date and time (whole milliseconds) and adds a calendar day.
  const tomorrow = instantOf(offsets, Math.trunc(dayStart + o * 60 * 1000) + DAY, o);
  const o2 = offsetAt(offsets, tomorrow);
  return instantOf(offsets, Math.floor((tomorrow + o2 * 60 * 1000) / DAY) * DAY, o2);
}

/** `YYYY-MM-DD` of `ms` in `timeZone`. */
export function dayKey(ms: number, timeZone: string): string {
  const offsets = fast(ms, timeZone);
  if (!offsets) return DateTime.fromMillis(ms, { zone: timeZone }).toISODate() ?? '';
  return new Date(ms + offsetAt(offsets, ms) * 60 * 1000).toISOString().slice(0, 10);
}

/**
 * `YYYY-MM` of instants in `timeZone`, for many instants near one another (a history, in order):
 * each month's bounds are worked out once, and an instant well inside them (more than two days,
 * more than any offset change moves a clock) takes that month without more arithmetic.
 */
export function monthKeys(timeZone: string): (ms: number) => string {
  let inside = { from: Infinity, until: -Infinity, key: '' };
  return (ms) => {
    if (ms >= inside.from && ms < inside.until) return inside.key;
    const key = dayKey(ms, timeZone).slice(0, 7);
    const [year, month] = key.split('-').map(Number) as [number, number];
    // The month's bounds in UTC will do: no offset moves a clock by a day, let alone two.
    inside = { from: new Date(0).setUTCFullYear(year, month - 1, 1) + 2 * DAY, until: new Date(0).setUTCFullYear(year, month, 1) - 2 * DAY, key };
    return key;
  };
}

/** Start of the calendar day `date` (`YYYY-MM-DD`) in `timeZone`, or undefined when there is no such day. */
export function startOfDate(date: string, timeZone: string): number | undefined {
  const day = DateTime.fromISO(date, { zone: timeZone });
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && day.isValid ? day.startOf('day').toMillis() : undefined;
}

/** The runtime's canonical IANA zones: listing them costs 2 ms, where building the first formatter starts ICU's time zones (25 ms). */
let canonicalZones: ReadonlySet<string> | undefined;

/** Whether `zone` names a time zone (a canonical IANA zone, or any other name luxon accepts: "UTC", an alias, an offset). */
export function isValidTimeZone(zone: string): boolean {
  canonicalZones ??= new Set(Intl.supportedValuesOf('timeZone'));
  return canonicalZones.has(zone) || DateTime.local().setZone(zone).isValid;
}
