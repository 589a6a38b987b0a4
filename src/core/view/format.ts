import { dayKey, parseTimestamp } from '../time.ts';

/**
 * Locale-aware formatting of times, durations and numbers for the pages. The
 * formatters are cached: a history of 10 000 incidents formats 10 000 dates,
 * and building an Intl formatter costs far more than using one.
 */
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key);
  if (!value) {
    value = make();
    cache.set(key, value);
  }
  return value as T;
}

/** "20 Nov 2026, 10:10 WIB": a date and time in `timeZone`, with the zone named. */
export function formatDateTime(ms: number, locale: string, timeZone: string): string {
  return cached(`dt|${locale}|${timeZone}`, () =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  ).format(ms) + ` ${zoneName(ms, locale, timeZone)}`;
}

/** Short zone name ("UTC", "WIB", "GMT+7") at `ms`. */
export function zoneName(ms: number, locale: string, timeZone: string): string {
  const parts = cached(`zn|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })).formatToParts(ms);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** "20 Nov 2026" in `timeZone`. */
export function formatDate(ms: number, locale: string, timeZone: string): string {
  return cached(`d|${locale}|${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(ms);
}

/** "Friday, 20 November 2026" for a `YYYY-MM-DD` day key. */
export function formatDayKey(day: string, locale: string): string {
  return cached(`dk|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'UTC' })).format(Date.parse(`${day}T00:00:00Z`));
}

/** "November 2026" for a `YYYY-MM` month key. */
export function formatMonthKey(month: string, locale: string): string {
  return cached(`mk|${locale}`, () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })).format(Date.parse(`${month}-01T00:00:00Z`));
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * "12 minutes ago" / "in 2 hours", relative to `now`. The same rule runs in the
 * browser (see RelativeTimeScript) so the text stays current while the tab is open.
 */
export function formatRelative(ms: number, now: number, locale: string): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  const rtf = cached(`rt|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    if (abs >= size || unit === 'second') return rtf.format(Math.round(diff / size), unit);
  }
  return rtf.format(0, 'second');
}

/** "2 hr 15 min"; "45 min"; "3 days 4 hr". Minutes are the finest unit readers need. */
export function formatDuration(ms: number, locale: string): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = (value: number, u: 'day' | 'hour' | 'minute') =>
    cached(`u|${locale}|${u}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: u === 'day' ? 'long' : 'short' })).format(value);
  const parts: string[] = [];
  if (days) parts.push(unit(days, 'day'));
  if (hours) parts.push(unit(hours, 'hour'));
  if (mins || parts.length === 0) parts.push(unit(days ? 0 : mins, 'minute'));
  return (days ? parts.slice(0, 2) : parts).join(' ');
}

/**
 * "99.95%": uptime rounded DOWN to two decimals, so an outage never shows as
 * "100%" (the Statuspage convention readers know).
 */
export function formatPercent(ratio: number, locale: string): string {
  const floored = Math.floor(ratio * 10_000) / 10_000;
  return cached(`p|${locale}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 })).format(floored);
}

/**
 * A postmortem's publication date as written (`2026-11-20`, or a timestamp with
 * offset) in the reader's locale, "20 Nov 2026" / "20 Nov 2026"; `datetime` keeps
 * the date (in the site's zone for a timestamp) for machines.
 */
export function formatPublished(published: string, locale: string, timeZone: string): { text: string; datetime: string } {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(published) ? published : dayOf(published, timeZone);
  return { text: cached(`pd|${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(Date.parse(`${day}T00:00:00Z`)), datetime: day };
}

function dayOf(timestamp: string, timeZone: string): string {
  const parsed = parseTimestamp(timestamp, timeZone);
  return parsed.ok ? dayKey(parsed.ms, timeZone) : timestamp.slice(0, 10);
}
