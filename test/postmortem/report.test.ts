import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatusModel } from '../../src/core/model/types.ts';
import { buildReport, csvField, parseSince, percentile, reportMarkdown, type Report } from '../../src/core/postmortem/report.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { NOW, ROOT } from '../cli/cli-harness.ts';
import { sections } from './helpers.ts';

/**
 * buildReport on the model of test/fixtures/report-history at 2026-11-20 10:05
 * in Jakarta. The expected numbers are worked out by hand from the fixture's
 * files (times below are Jakarta's, +07:00):
 *   Feb 01 03:00 serious,     checkout major 2 h                       (Jan 31 in UTC)
 *   Apr 10 10:00 minimal,     api degraded 30 min
 *   Apr 10 10:15 significant, api partial + checkout degraded 90 min   (promises: 10:50 missed, 11:50 kept)
 *   May 10       maintenance, api                                      (left out)
 *   Jul 05 19:00 severe,      checkout major + bank partial 4 h        (promises: 19:40 kept, 20:30 missed)
 *   Aug 03 08:00 significant, api 20 min
 *   Aug 20 13:00 significant, bank 3 h
 *   Oct 01 00:30 significant, api 45 min                               (Sep 30 in UTC)
 *   Nov 19 20:00 significant, bank partial, ongoing                    (promise 21:00 overdue: missed)
 *   Nov 20 09:30 negligible,  notifications, ongoing                   (promise 10:30 not yet due)
 *   Dec 01       maintenance, upcoming                                 (neither counted nor "left out")
 */
const MINUTE = 60_000;
const now = NOW * 1000;

async function fixtureModel(): Promise<StatusModel> {
  const repo = await loadRepo(path.join(ROOT, 'test/fixtures/report-history'), now);
  if (!repo.model) throw new Error(`fixture has errors: ${JSON.stringify(repo.problems.filter((p) => p.severity === 'error'))}`);
  return repo.model;
}

const monthTable = (r: Report) => r.months.map((m) => [m.month, ...r.severities.map((s) => m.counts[s]), m.total]);

describe('buildReport on the fixture history', async () => {
  const model = await fixtureModel();
  const report = buildReport(model.incidents, model.config, now);

  it('counts incidents only, says how many are ongoing and how much maintenance was left out', () => {
    expect(report.incidents).toBe(9);
    expect(report.ongoing).toBe(2);
    expect(report.maintenanceExcluded).toBe(1);
    expect(report.from).toBe(Date.parse('2026-02-01T03:00:00+07:00'));
  });

  it('counts per month in the site time zone, worst severity first, zero months included up to now', () => {
    expect(report.severities).toEqual(['severe', 'serious', 'significant', 'minimal', 'negligible']);
    expect(monthTable(report)).toEqual([
      ['2026-02', 0, 1, 0, 0, 0, 1],
      ['2026-03', 0, 0, 0, 0, 0, 0],
      ['2026-04', 0, 0, 1, 1, 0, 2],
      ['2026-05', 0, 0, 0, 0, 0, 0],
      ['2026-06', 0, 0, 0, 0, 0, 0],
      ['2026-07', 1, 0, 0, 0, 0, 1],
      ['2026-08', 0, 0, 2, 0, 0, 2],
      ['2026-09', 0, 0, 0, 0, 0, 0],
      ['2026-10', 0, 0, 1, 0, 0, 1],
      ['2026-11', 0, 0, 1, 0, 1, 2],
    ]);
  });

  it('puts an incident in the month of the configured time zone, not of UTC', () => {
    const utc = buildReport(model.incidents, { ...model.config, timeZone: 'UTC' }, now);
    const months = Object.fromEntries(utc.months.map((m) => [m.month, m.total]));
    expect(months['2026-01']).toBe(1);
    expect(months['2026-02']).toBe(0);
    expect(months['2026-09']).toBe(1);
    expect(months['2026-10']).toBe(0);
    expect(utc.months.reduce((sum, m) => sum + m.total, 0)).toBe(9);
  });

  it('ranks time to resolve with nearest-rank percentiles over resolved incidents only', () => {
    const byKey = Object.fromEntries(report.timeToResolve.map((t) => [t.severity, t]));
    expect(report.timeToResolve.map((t) => t.severity)).toEqual(['severe', 'serious', 'significant', 'minimal', 'negligible', 'all']);
    // significant: 20, 45, 90, 180 min resolved, one ongoing. Nearest rank: p50 = 2nd (45), p90 = 4th (180).
    expect(byKey.significant).toEqual({ severity: 'significant', incidents: 5, resolved: 4, ongoing: 1, p50: 45 * MINUTE, p90: 180 * MINUTE, max: 180 * MINUTE });
    expect(byKey.severe).toEqual({ severity: 'severe', incidents: 1, resolved: 1, ongoing: 0, p50: 240 * MINUTE, p90: 240 * MINUTE, max: 240 * MINUTE });
    expect(byKey.minimal).toMatchObject({ resolved: 1, p50: 30 * MINUTE });
    expect(byKey.negligible).toEqual({ severity: 'negligible', incidents: 1, resolved: 0, ongoing: 1 });
    // all: 20, 30, 45, 90, 120, 180, 240: p50 = 4th, p90 = 7th.
    expect(byKey.all).toEqual({ severity: 'all', incidents: 9, resolved: 7, ongoing: 2, p50: 90 * MINUTE, p90: 240 * MINUTE, max: 240 * MINUTE });
  });

  it('ranks components by incidents, then impacted time, with overlaps counted once and ongoing ones until now', () => {
    expect(report.components).toEqual([
      // 10:00–10:30 and 10:15–11:45 on Apr 10 overlap: 105 min, not 120; plus 20 and 45.
      { id: 'api', name: 'API', incidents: 4, impactedMs: 170 * MINUTE },
      // 4 h + 3 h + Nov 19 20:00 → now (14 h 05 min).
      { id: 'bank-transfer', name: 'Bank transfer', incidents: 3, impactedMs: (240 + 180 + 845) * MINUTE },
      { id: 'checkout', name: 'Checkout, "Pay Later"', incidents: 3, impactedMs: (120 + 90 + 240) * MINUTE },
      { id: 'notifications', name: 'Notifications', incidents: 1, impactedMs: 35 * MINUTE },
    ]);
  });

  it('names components in the default locale', () => {
    const id = buildReport(model.incidents, { ...model.config, defaultLocale: 'id' }, now);
    expect(id.components.map((c) => c.name)).toEqual(['API', 'Transfer bank', 'Pembayaran, "Bayar Nanti"', 'Notifikasi']);
  });

  it('counts promised updates kept, missed (late, or overdue while ongoing) and not yet due', () => {
    expect(report.promises).toEqual({
      kept: 2,
      missed: 3,
      notYetDue: 1,
      incidents: [
        { id: '2026-04-10-api-errors', title: 'API errors | checkout slow', severity: 'significant', promises: 2, missed: 1 },
        { id: '2026-07-05-checkout-outage', title: 'Checkout and bank transfer outage', severity: 'severe', promises: 2, missed: 1 },
        { id: '2026-11-19-bank-transfer-failing', title: 'Bank transfers failing', severity: 'significant', promises: 1, missed: 1 },
      ],
    });
  });

  it('--since a Jakarta midnight keeps an incident that started on that day but before midnight UTC', () => {
    const since = parseSince('2026-10-01', model.config.timeZone);
    expect(since).toEqual({ ok: true, ms: Date.parse('2026-09-30T17:00:00Z') });
    const r = buildReport(model.incidents, model.config, now, { since: (since as { ms: number }).ms });
    expect(r.incidents).toBe(3);
    expect(r.maintenanceExcluded).toBe(0);
    expect(monthTable(r)).toEqual([
      ['2026-10', 0, 0, 1, 0, 0, 1],
      ['2026-11', 0, 0, 1, 0, 1, 2],
    ]);
    expect(r.components.map((c) => [c.id, c.incidents])).toEqual([['bank-transfer', 1], ['api', 1], ['notifications', 1]]);
  });

  it('--since starts the months at its own month, zero months included, and is inclusive to the instant', () => {
    const at = (s: string) => buildReport(model.incidents, model.config, now, { since: Date.parse(s) });
    const fromMay = at('2026-05-01T00:00:00+07:00');
    expect(fromMay.months.map((m) => m.month)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    expect(fromMay.maintenanceExcluded).toBe(1);
    expect(at('2026-10-01T00:30:00+07:00').incidents).toBe(3);
    expect(at('2026-10-01T00:30:01+07:00').incidents).toBe(2);
  });

  it('adds up for any --since: months, severities and components agree with the totals', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }), (since) => {
        const r = buildReport(model.incidents, model.config, now, { since });
        const all = r.timeToResolve.find((t) => t.severity === 'all');
        expect(r.months.reduce((n, m) => n + m.total, 0)).toBe(r.incidents);
        for (const m of r.months) expect(Object.values(m.counts).reduce((a, b) => a + b, 0)).toBe(m.total);
        expect(r.timeToResolve.filter((t) => t.severity !== 'all').reduce((n, t) => n + t.incidents, 0)).toBe(r.incidents);
        expect(all?.ongoing ?? 0).toBe(r.ongoing);
        for (const t of r.timeToResolve) expect(t.resolved + t.ongoing).toBe(t.incidents);
        // No component can have more incidents than the period.
        expect(Math.max(0, ...r.components.map((c) => c.incidents))).toBeLessThanOrEqual(r.incidents);
        if (r.months.length > 0) expect(r.months.at(-1)!.month).toBe('2026-11');
      }),
      { numRuns: 200 },
    );
  });

  it('a period without incidents has no rows and no percentiles', () => {
    const r = buildReport(model.incidents, model.config, now, { since: now + 1 });
    expect(r).toMatchObject({ incidents: 0, ongoing: 0, months: [], timeToResolve: [], components: [], promises: { kept: 0, missed: 0, notYetDue: 0, incidents: [] } });
    const empty = buildReport([], model.config, now);
    expect(empty.from).toBeUndefined();
    expect(empty.months).toEqual([]);
  });
});

describe('percentile (nearest rank)', () => {
  it('picks the value at rank ⌈p/100 × n⌉', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([1, 2], 50)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(percentile([1, 2, 3], 100)).toBe(3);
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });

  it('is always one of the values, with at least p% of them at or below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
        const sorted = [...values].sort((a, b) => a - b);
        const v = percentile(sorted, p)!;
        expect(sorted).toContain(v);
        expect(sorted.filter((x) => x <= v).length / sorted.length).toBeGreaterThanOrEqual(p / 100);
        // Nearest rank: the next smaller value would not cover p%.
        expect(sorted.filter((x) => x < v).length / sorted.length).toBeLessThan(p / 100);
      }),
    );
  });
});

describe('parseSince', () => {
  it('reads a date as midnight in the site time zone and a timestamp with its own offset', () => {
    expect(parseSince('2026-08-01', 'Asia/Jakarta')).toEqual({ ok: true, ms: Date.parse('2026-07-31T17:00:00Z') });
    expect(parseSince('2026-08-01', 'UTC')).toEqual({ ok: true, ms: Date.parse('2026-08-01T00:00:00Z') });
    // A DST day: midnight in New York is 04:00 UTC in summer.
    expect(parseSince('2026-07-01', 'America/New_York')).toEqual({ ok: true, ms: Date.parse('2026-07-01T04:00:00Z') });
    expect(parseSince('2026-08-01T00:00:00+07:00', 'UTC')).toEqual({ ok: true, ms: Date.parse('2026-07-31T17:00:00Z') });
    expect(parseSince(' 2026-08-01T10:00Z ', 'UTC')).toEqual({ ok: true, ms: Date.parse('2026-08-01T10:00:00Z') });
    // One rule everywhere: a time without an offset is in the site time zone.
    expect(parseSince('2026-08-01T10:00', 'Asia/Jakarta')).toEqual({ ok: true, ms: Date.parse('2026-08-01T03:00:00Z') });
  });

  it('refuses anything else with the reason', () => {
    expect(parseSince('2026-02-30', 'UTC')).toEqual({ ok: false, reason: '"2026-02-30" is not a real date' });
    expect(parseSince('2026-08-01T25:00', 'UTC')).toEqual({ ok: false, reason: '"2026-08-01T25:00" is not a real date and time' });
    expect(parseSince('last month', 'UTC')).toEqual({ ok: false, reason: '"last month" is not a date' });
    expect(parseSince('01/08/2026', 'UTC')).toEqual({ ok: false, reason: '"01/08/2026" is not a date' });
    expect(parseSince('', 'UTC').ok).toBe(false);
  });
});

describe('csvField (RFC 4180)', () => {
  it('quotes fields with commas, quotes, CR or LF and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(12)).toBe('12');
    expect(csvField(undefined)).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });
});

describe('reportMarkdown', async () => {
  const model = await fixtureModel();
  const base = buildReport(model.incidents, model.config, now);

  it('names at most ten incidents with missed promises, most missed first, then newest, and says how many there are', () => {
    const incidents = Array.from({ length: 14 }, (_, n) => ({ id: `2026-01-${n + 10}-x`, title: `Incident ${n}`, severity: 'minimal' as const, promises: 5, missed: 1 + (n % 3) }));
    const s = sections(reportMarkdown({ ...base, promises: { ...base.promises, incidents } })).get('Promised updates')!;
    expect(s.text).toContain('The 10 incidents with the most missed promises, of 14 with any (--csv lists them all):');
    // missed 3: n = 11, 8, 5, 2; missed 2: n = 13, 10, 7, 4, 1; missed 1: n = 12 (newest first within each).
    expect(s.tables[1]!.slice(1).map((r) => r[0])).toEqual([11, 8, 5, 2, 13, 10, 7, 4, 1, 12].map((n) => `Incident ${n} (2026-01-${n + 10}-x)`));
  });

  it('says so when a period has no incidents', () => {
    const empty = sections(reportMarkdown(buildReport(model.incidents, model.config, now, { since: now + 1 })));
    expect([...empty.keys()]).toEqual(['Incidents per month and severity', 'Time to resolve', 'Most affected components', 'Promised updates']);
    expect(empty.get('Incidents per month and severity')!.text.trim()).toBe('No incidents in this period.');
    expect(empty.get('Incidents per month and severity')!.tables).toEqual([]);
    expect(empty.get('Most affected components')!.text.trim()).toBe('No component was affected.');
  });
});
