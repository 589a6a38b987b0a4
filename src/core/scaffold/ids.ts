import { DateTime } from 'luxon';
import { parseTimestamp, timestampExpected, type TimestampParse } from '../time.ts';

/**
 * Derived names: incident ids `YYYY-MM-DD-slug` (start date in the site's time
 * zone) and update files `YYYY-MM-DDTHHMMZ.md` (UTC). Both are derived, never
 * typed by hand under pressure, and never reuse a name that exists.
 */

const MAX_SLUG = 60;

/** ASCII, lowercase, dash-separated slug of a title; `incident` when nothing is left. */
export function slugify(title: string): string {
  const ascii = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const cut = ascii.length > MAX_SLUG ? ascii.slice(0, MAX_SLUG).replace(/-[^-]*$/, '') || ascii.slice(0, MAX_SLUG) : ascii;
  return cut.replace(/-+$/, '') || 'incident';
}

/** `YYYY-MM-DD-slug`, with `-2`, `-3`, ... when the id is taken (compared ignoring case, as `check` does). */
export function deriveIncidentId(title: string, startMs: number, timeZone: string, taken: Iterable<string>): string {
  const date = DateTime.fromMillis(startMs, { zone: timeZone }).toISODate();
  const base = `${date}-${slugify(title)}`;
  const used = new Set([...taken].map((t) => t.toLowerCase()));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Update file base name `YYYY-MM-DDTHHMMZ`; seconds are added only when that name is taken. */
export function deriveUpdateName(atMs: number, taken: Iterable<string>): string {
  const utc = DateTime.fromMillis(atMs, { zone: 'utc' });
  const used = new Set(taken);
  const minute = utc.toFormat("yyyy-MM-dd'T'HHmm'Z'");
  if (!used.has(minute)) return minute;
  const second = utc.toFormat("yyyy-MM-dd'T'HHmmss'Z'");
  if (!used.has(second)) return second;
  for (let n = 2; ; n++) if (!used.has(`${second}-${n}`)) return `${second}-${n}`;
}

/**
 * A timestamp as Kabar writes it: to the second at most (never milliseconds, which
 * nobody reads and the docs never show), with the site time zone's offset
 * (`2026-11-20T10:05:00+07:00`).
 */
export function formatTimestamp(ms: number, timeZone: string): string {
  const text = DateTime.fromMillis(Math.floor(ms / 1000) * 1000, { zone: timeZone }).toISO({ suppressMilliseconds: true, includeOffset: true });
  if (!text) throw new Error(`cannot format ${ms} in time zone ${timeZone}`);
  return text.replace(/Z$/, '+00:00');
}

/**
 * Parses a time typed at the prompt or in a flag: a timestamp as files take it
 * (with an offset, or without one in the site's zone: the same rule, see
 * parseTimestamp), a time of day today in the site's zone (`10:05`), or a
 * relative one (`+30m`, `+2h`, `-15m`).
 */
export function parseTimeInput(input: string, now: number, timeZone: string): TimestampParse {
  const text = input.trim();
  const relative = /^([+-])(\d+)\s*(m|min|h)$/i.exec(text);
  if (relative) {
    const amount = Number(relative[2]) * (relative[3]!.toLowerCase() === 'h' ? 3_600_000 : 60_000);
    return { ok: true, ms: relative[1] === '+' ? now + amount : now - amount };
  }
  if (/^\d{1,2}:\d{2}$/.test(text)) {
    const [h, m] = text.split(':').map(Number) as [number, number];
    if (h > 23 || m > 59) return { ok: false, reason: `"${text}" is not a time of day` };
    const today = DateTime.fromMillis(now, { zone: timeZone }).toISODate();
    // Padded, so "9:05" reads as 09:05; a time the clocks skip today is refused like any other.
    return parseTimestamp(`${today}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, timeZone);
  }
  return parseTimestamp(text, timeZone);
}

export function timeInputExpected(timeZone: string): string {
  return `${timestampExpected(timeZone)}; a time of day today such as 10:05; or a relative time such as +30m or -15m`;
}
