import { DateTime } from 'luxon';
import type { SiteConfig } from '../config/normalize.ts';
import { SEVERITIES, type Severity } from '../content/schema.ts';
import type { Incident } from '../model/types.ts';
import { parseTimestamp } from '../time.ts';
import { communicationReview, formatDuration } from './history.ts';

/**
 * `kabar report`: a stakeholder summary of the incident history. Pure: the
 * model's incidents, the config and `now` in; numbers, Markdown or CSV out.
 *
 * Definitions (also printed in the Markdown, documented in the docs):
 * - Only incidents count; maintenance is left out (and how many is said).
 * - An incident belongs to the month, in the site's time zone, in which it started;
 *   `--since` keeps incidents that started at or after that instant.
 * - Time to resolve runs from `started` to the resolving update. Percentiles are
 *   nearest-rank over resolved incidents: the value at rank ⌈p/100 × n⌉ of the sorted
 *   times, always one of the real times. Ongoing incidents are counted, not ranked.
 * - A component's impacted time is the union of the spans in which incidents put it
 *   in a non-operational status (overlapping incidents counted once; ongoing ones until now).
 * - A promise (`next_update`) is kept when the next update came by then, missed when it
 *   came later or when an ongoing incident is past it, and not yet due otherwise.
 */

/** Worst first: a stakeholder reads the severe column before the negligible one. */
export const REPORT_SEVERITIES: readonly Severity[] = [...SEVERITIES].reverse();
/** Valid content always has a severity; `unset` only keeps a hand-built model from being miscounted. */
export type SeverityKey = Severity | 'unset';

export interface MonthRow {
  /** `YYYY-MM` in the site's time zone. */
  month: string;
  counts: Record<SeverityKey, number>;
  total: number;
}

export interface SeverityStats {
  severity: SeverityKey | 'all';
  incidents: number;
  resolved: number;
  ongoing: number;
  /** Nearest-rank percentiles of time to resolve (ms); absent when nothing resolved. */
  p50?: number;
  p90?: number;
  max?: number;
}

export interface ComponentStats {
  id: string;
  /** In the default locale. */
  name: string;
  incidents: number;
  impactedMs: number;
}

export interface MissedPromises {
  id: string;
  title: string;
  severity: SeverityKey;
  promises: number;
  missed: number;
}

export interface Report {
  siteName: string;
  timeZone: string;
  now: number;
  since?: number;
  /** First day covered: `since`, else the first incident's start; undefined without either. */
  from?: number;
  incidents: number;
  ongoing: number;
  maintenanceExcluded: number;
  /** Severity columns: every severity, worst first (plus `unset` if some incident lacks one). */
  severities: SeverityKey[];
  /** Every month from the first covered to the current one, zero months included. Oldest first. */
  months: MonthRow[];
  /** Severities that have incidents, worst first, then `all`. */
  timeToResolve: SeverityStats[];
  /** Affected components: most incidents first, then most impacted time, then config order. */
  components: ComponentStats[];
  /** `incidents`: those with a missed promise, oldest first. */
  promises: { kept: number; missed: number; notYetDue: number; incidents: MissedPromises[] };
}

const severityOf = (i: Incident): SeverityKey => i.severity ?? 'unset';

/** Nearest-rank percentile of ascending values: the value at rank ⌈p/100 × n⌉ (1-based). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export type SinceParse = { ok: true; ms: number } | { ok: false; reason: string };

export const SINCE_EXPECTED = (timeZone: string) => `a date such as 2026-08-01, meaning midnight in the site time zone ${timeZone}, or a time such as 2026-08-01T00:00:00+07:00 (without an offset, in ${timeZone})`;

/** `--since`: `YYYY-MM-DD` is the start of that day in the site's time zone; a time without an offset is read there too, as everywhere. */
export function parseSince(value: string, timeZone: string): SinceParse {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone: timeZone });
    return day.isValid ? { ok: true, ms: day.startOf('day').toMillis() } : { ok: false, reason: `"${text}" is not a real date` };
  }
  const parsed = parseTimestamp(text, timeZone);
  if (parsed.ok) return parsed;
  return { ok: false, reason: /^\d{4}-\d{2}-\d{2}[T ]/.test(text) ? parsed.reason : `"${text}" is not a date` };
}

/** Total length of the union of [from, to) spans. */
function unionLength(spans: { from: number; to: number }[]): number {
  const sorted = spans.filter((s) => s.to > s.from).sort((a, b) => a.from - b.from);
  let total = 0;
  let end = -Infinity;
  for (const s of sorted) {
    if (s.to <= end) continue;
    total += s.to - Math.max(s.from, end);
    end = s.to;
  }
  return total;
}

function monthKeys(from: number, to: number, timeZone: string): string[] {
  const keys: string[] = [];
  const last = DateTime.fromMillis(to, { zone: timeZone }).startOf('month');
  for (let m = DateTime.fromMillis(from, { zone: timeZone }).startOf('month'); m <= last; m = m.plus({ months: 1 })) keys.push(m.toFormat('yyyy-MM'));
  return keys;
}

function stats(severity: SeverityStats['severity'], incidents: readonly Incident[]): SeverityStats {
  const times = incidents.filter((i) => i.resolvedAt !== undefined).map((i) => i.resolvedAt! - i.startedAt).sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p90 = percentile(times, 90);
  return {
    severity,
    incidents: incidents.length,
    resolved: times.length,
    ongoing: incidents.length - times.length,
    ...(p50 !== undefined && { p50 }),
    ...(p90 !== undefined && { p90 }),
    ...(times.length > 0 && { max: times.at(-1)! }),
  };
}

export function buildReport(all: readonly Incident[], config: SiteConfig, now: number, options: { since?: number } = {}): Report {
  const { since } = options;
  const inPeriod = all.filter((i) => since === undefined || i.startedAt >= since);
  const incidents = inPeriod.filter((i) => i.type === 'incident').sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const tz = config.timeZone;
  const severities: SeverityKey[] = [...REPORT_SEVERITIES, ...(incidents.some((i) => i.severity === undefined) ? (['unset'] as const) : [])];

  const from = since ?? incidents[0]?.startedAt;
  const to = Math.max(now, incidents.at(-1)?.startedAt ?? now);
  const months = new Map<string, MonthRow>();
  // A --since after now covers nothing, not the current month.
  for (const month of from === undefined || from > to ? [] : monthKeys(from, to, tz)) {
    months.set(month, { month, counts: Object.fromEntries(severities.map((s) => [s, 0])) as Record<SeverityKey, number>, total: 0 });
  }
  for (const i of incidents) {
    const row = months.get(DateTime.fromMillis(i.startedAt, { zone: tz }).toFormat('yyyy-MM'))!;
    row.counts[severityOf(i)] += 1;
    row.total += 1;
  }

  const timeToResolve = severities.map((s) => stats(s, incidents.filter((i) => severityOf(i) === s))).filter((s) => s.incidents > 0);
  if (incidents.length > 0) timeToResolve.push(stats('all', incidents));

  const components = config.components
    .map((c) => {
      const hit = incidents.filter((i) => i.componentIds.includes(c.id));
      const spans = hit.flatMap((i) => i.segments.filter((s) => s.component === c.id).map((s) => ({ from: s.from, to: Number.isFinite(s.to) ? s.to : now })));
      return { id: c.id, name: c.name[config.defaultLocale] ?? c.id, incidents: hit.length, impactedMs: unionLength(spans) };
    })
    .filter((c) => c.incidents > 0)
    // Array#sort is stable, so ties keep the config order.
    .sort((a, b) => b.incidents - a.incidents || b.impactedMs - a.impactedMs);

  const promises: Report['promises'] = { kept: 0, missed: 0, notYetDue: 0, incidents: [] };
  for (const i of incidents) {
    const review = communicationReview(i, now);
    promises.kept += review.kept;
    promises.missed += review.missed;
    // communicationReview leaves out the last update's promise while it is still ahead.
    const last = i.updates.at(-1);
    const pending = i.active && last?.nextUpdate !== undefined && now <= last.nextUpdate ? 1 : 0;
    promises.notYetDue += pending;
    if (review.missed > 0) {
      promises.incidents.push({ id: i.id, title: i.title[config.defaultLocale]?.text ?? i.id, severity: severityOf(i), promises: review.promises.length + pending, missed: review.missed });
    }
  }

  return {
    siteName: config.name,
    timeZone: tz,
    now,
    ...(since !== undefined && { since }),
    ...(from !== undefined && { from }),
    incidents: incidents.length,
    ongoing: incidents.filter((i) => i.resolvedAt === undefined).length,
    // Scheduled maintenance that has not begun is not history yet.
    maintenanceExcluded: inPeriod.filter((i) => i.type === 'maintenance' && !i.upcoming).length,
    severities,
    months: [...months.values()],
    timeToResolve,
    components,
    promises,
  };
}

// ---------------------------------------------------------------- Markdown

const dur = (ms: number | undefined): string => (ms === undefined ? '—' : formatDuration(ms));
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
/** A table cell: a `|` would end the cell, a newline the row. */
const cell = (text: string | number): string => String(text).replace(/\r?\n|\r/g, ' ').replace(/\|/g, '\\|');
const row = (cells: (string | number)[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], align: ('l' | 'r')[], rows: (string | number)[][]): string =>
  [row(head), `|${align.map((a) => (a === 'r' ? ' ---: |' : ' --- |')).join('')}`, ...rows.map(row)].join('\n');
/** Incidents with missed promises named in the Markdown; the CSV has them all. */
export const MISSED_LISTED = 10;
const percent = (part: number, whole: number): string => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);

export function reportMarkdown(report: Report): string {
  const day = (ms: number) => DateTime.fromMillis(ms, { zone: report.timeZone }).toFormat('yyyy-MM-dd');
  const asOf = DateTime.fromMillis(report.now, { zone: report.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const out: string[] = [`# Incident report: ${report.siteName}`];
  const period =
    report.since !== undefined
      ? `Incidents that started on or after ${DateTime.fromMillis(report.since, { zone: report.timeZone }).toFormat('yyyy-MM-dd HH:mm')}`
      : report.from !== undefined
        ? `All incidents, from ${day(report.from)}`
        : 'All incidents';
  out.push(`${period}, as of ${asOf} (${report.timeZone}).`);
  out.push(
    [
      `- Incidents: ${report.incidents} (${report.ongoing} ongoing)`,
      `- Maintenance is not counted: ${plural(report.maintenanceExcluded, 'maintenance window')} left out`,
      `- Promised updates: ${report.promises.kept} kept, ${report.promises.missed} missed (${percent(report.promises.kept, report.promises.kept + report.promises.missed)} kept)`,
    ].join('\n'),
  );

  out.push('## Incidents per month and severity');
  if (report.months.length === 0) out.push('No incidents in this period.');
  else {
    out.push('Each incident counts in the month it started, in the site time zone; months without incidents are listed too.');
    const totals = report.severities.map((s) => report.months.reduce((sum, m) => sum + m.counts[s], 0));
    out.push(
      table(
        ['Month', ...report.severities, 'Total'],
        ['l', ...report.severities.map(() => 'r' as const), 'r'],
        [...report.months.map((m) => [m.month, ...report.severities.map((s) => m.counts[s]), m.total]), ['Total', ...totals, report.incidents]],
      ),
    );
  }

  out.push('## Time to resolve');
  if (report.timeToResolve.length === 0) out.push('No incidents in this period.');
  else {
    out.push(
      `From the start of an incident to its resolved update. p50 and p90 are nearest-rank percentiles over resolved incidents; ${plural(report.ongoing, 'ongoing incident is', 'ongoing incidents are')} counted but left out of them.`,
    );
    out.push(
      table(
        ['Severity', 'Incidents', 'Resolved', 'Ongoing', 'p50', 'p90', 'Max'],
        ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
        report.timeToResolve.map((t) => [t.severity === 'all' ? 'All' : t.severity, t.incidents, t.resolved, t.ongoing, dur(t.p50), dur(t.p90), dur(t.max)]),
      ),
    );
  }

  out.push('## Most affected components');
  if (report.components.length === 0) out.push('No component was affected.');
  else {
    out.push('Time impacted: how long incidents kept the component from being operational (overlapping incidents counted once, ongoing ones until now).');
    out.push(table(['Component', 'Incidents', 'Time impacted'], ['l', 'r', 'r'], report.components.map((c) => [c.name, c.incidents, formatDuration(c.impactedMs)])));
  }

  out.push('## Promised updates');
  const p = report.promises;
  out.push(
    'A promise is the `next_update` time of an update: kept when the next update came by then, missed when it came later or an ongoing incident is past it.',
  );
  out.push(table(['Kept', 'Missed', 'Not yet due', 'Kept (%)'], ['r', 'r', 'r', 'r'], [[p.kept, p.missed, p.notYetDue, percent(p.kept, p.kept + p.missed)]]));
  if (p.incidents.length > 0) {
    // Worst first, then newest: the ones to ask about. A long history would otherwise bury the summary.
    const listed = p.incidents
      .map((i, order) => ({ i, order }))
      .sort((a, b) => b.i.missed - a.i.missed || b.order - a.order)
      .slice(0, MISSED_LISTED)
      .map(({ i }) => i);
    out.push(
      p.incidents.length > listed.length
        ? `The ${listed.length} incidents with the most missed promises, of ${p.incidents.length} with any (--csv lists them all):`
        : 'Incidents with missed promises, most missed first, then newest:',
    );
    out.push(table(['Incident', 'Severity', 'Promises', 'Missed'], ['l', 'l', 'r', 'r'], listed.map((i) => [`${i.title} (${i.id})`, i.severity, i.promises, i.missed])));
  }
  return `${out.join('\n\n')}\n`;
}

// ---------------------------------------------------------------- CSV

export const CSV_COLUMNS = ['section', 'month', 'severity', 'component_id', 'component', 'incident', 'metric', 'value'] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/** RFC 4180: a field with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvField(value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const minutes = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.floor(ms / 60_000));

/**
 * One long ("tidy") table with a `section` column, so it opens as one sheet and
 * pivots: every row is one number (`value`) described by the other columns.
 * Durations are whole minutes, as in the Markdown. Lines end in CRLF (RFC 4180).
 */
export function reportCsv(report: Report): string {
  const rows: CsvRow[] = [
    { section: 'summary', metric: 'incidents', value: report.incidents },
    { section: 'summary', metric: 'ongoing', value: report.ongoing },
    { section: 'summary', metric: 'maintenance_excluded', value: report.maintenanceExcluded },
  ];
  for (const m of report.months) for (const s of report.severities) rows.push({ section: 'incidents_per_month', month: m.month, severity: s, metric: 'incidents', value: m.counts[s] });
  for (const t of report.timeToResolve) {
    const base = { section: 'time_to_resolve', severity: t.severity };
    rows.push(
      { ...base, metric: 'incidents', value: t.incidents },
      { ...base, metric: 'resolved', value: t.resolved },
      { ...base, metric: 'ongoing', value: t.ongoing },
      { ...base, metric: 'p50_minutes', value: minutes(t.p50) },
      { ...base, metric: 'p90_minutes', value: minutes(t.p90) },
      { ...base, metric: 'max_minutes', value: minutes(t.max) },
    );
  }
  for (const c of report.components) {
    const base = { section: 'components', component_id: c.id, component: c.name };
    rows.push({ ...base, metric: 'incidents', value: c.incidents }, { ...base, metric: 'impacted_minutes', value: minutes(c.impactedMs) });
  }
  const p = report.promises;
  rows.push({ section: 'promises', metric: 'kept', value: p.kept }, { section: 'promises', metric: 'missed', value: p.missed }, { section: 'promises', metric: 'not_yet_due', value: p.notYetDue });
  for (const i of p.incidents) rows.push({ section: 'missed_promises', severity: i.severity, incident: i.id, metric: 'missed', value: i.missed });
  return [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))].map((line) => `${line}\r\n`).join('');
}
