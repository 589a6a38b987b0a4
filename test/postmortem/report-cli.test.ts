import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { List, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { ROOT, runKabar } from '../cli/cli-harness.ts';
import { sections } from './helpers.ts';

/** Read only: every run passes --root; files are written into temporary directories. */
const FIXTURE = path.join(ROOT, 'test/fixtures/report-history');
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'kabar-report-'));

/** The Markdown's title and the bullet list before the first section. */
function head(markdown: string): { title: string; bullets: string[] } {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const h1 = tree.children.find((n) => n.type === 'heading' && n.depth === 1);
  const list = tree.children.find((n): n is List => n.type === 'list');
  return { title: h1 ? toString(h1) : '', bullets: list ? list.children.map((item) => toString(item)) : [] };
}

type CsvRecord = Record<'section' | 'month' | 'severity' | 'component_id' | 'component' | 'incident' | 'metric' | 'value', string>;

/** Strict RFC 4180: CRLF records, every row as wide as the header. */
const parseCsv = (text: string): CsvRecord[] => parse(text, { columns: true, record_delimiter: ['\r\n'], relax_quotes: false, relax_column_count: false }) as CsvRecord[];
const pick = (rows: CsvRecord[], section: string) => rows.filter((r) => r.section === section);

describe('kabar report (Markdown)', () => {
  const run = runKabar(ROOT, ['report', '--root', FIXTURE]);

  it('prints a titled summary stating what is counted', async () => {
    const { code, stdout, stderr } = await run;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const { title, bullets } = head(stdout);
    expect(title).toBe('Incident report: Report Shop');
    expect(bullets).toEqual(['Incidents: 9 (2 ongoing)', 'Maintenance is not counted: 1 maintenance window left out', 'Promised updates: 2 kept, 3 missed (40% kept)']);
    expect([...sections(stdout).keys()]).toEqual(['Incidents per month and severity', 'Time to resolve', 'Most affected components', 'Promised updates']);
  });

  it('has a month × severity table with the zero months and a total row', async () => {
    const { stdout } = await run;
    expect(sections(stdout).get('Incidents per month and severity')!.tables).toEqual([
      [
        ['Month', 'severe', 'serious', 'significant', 'minimal', 'negligible', 'Total'],
        ['2026-02', '0', '1', '0', '0', '0', '1'],
        ['2026-03', '0', '0', '0', '0', '0', '0'],
        ['2026-04', '0', '0', '1', '1', '0', '2'],
        ['2026-05', '0', '0', '0', '0', '0', '0'],
        ['2026-06', '0', '0', '0', '0', '0', '0'],
        ['2026-07', '1', '0', '0', '0', '0', '1'],
        ['2026-08', '0', '0', '2', '0', '0', '2'],
        ['2026-09', '0', '0', '0', '0', '0', '0'],
        ['2026-10', '0', '0', '1', '0', '0', '1'],
        ['2026-11', '0', '0', '1', '0', '1', '2'],
        ['Total', '1', '1', '5', '1', '1', '9'],
      ],
    ]);
  });

  it('has time-to-resolve percentiles per severity, ongoing incidents counted apart', async () => {
    const s = sections((await run).stdout).get('Time to resolve')!;
    expect(s.text).toContain('2 ongoing incidents are counted but left out');
    expect(s.tables).toEqual([
      [
        ['Severity', 'Incidents', 'Resolved', 'Ongoing', 'p50', 'p90', 'Max'],
        ['severe', '1', '1', '0', '4 h 00 min', '4 h 00 min', '4 h 00 min'],
        ['serious', '1', '1', '0', '2 h 00 min', '2 h 00 min', '2 h 00 min'],
        ['significant', '5', '4', '1', '45 min', '3 h 00 min', '3 h 00 min'],
        ['minimal', '1', '1', '0', '30 min', '30 min', '30 min'],
        ['negligible', '1', '0', '1', '—', '—', '—'],
        ['All', '9', '7', '2', '1 h 30 min', '4 h 00 min', '4 h 00 min'],
      ],
    ]);
  });

  it('ranks the affected components by name in the default locale', async () => {
    expect(sections((await run).stdout).get('Most affected components')!.tables).toEqual([
      [
        ['Component', 'Incidents', 'Time impacted'],
        ['API', '4', '2 h 50 min'],
        ['Bank transfer', '3', '21 h 05 min'],
        ['Checkout, "Pay Later"', '3', '7 h 30 min'],
        ['Notifications', '1', '35 min'],
      ],
    ]);
  });

  it('counts promises and names the incidents that missed one (a | in a title stays in its cell)', async () => {
    expect(sections((await run).stdout).get('Promised updates')!.tables).toEqual([
      [
        ['Kept', 'Missed', 'Not yet due', 'Kept (%)'],
        ['2', '3', '1', '40%'],
      ],
      [
        ['Incident', 'Severity', 'Promises', 'Missed'],
        // One missed each: newest first.
        ['Bank transfers failing (2026-11-19-bank-transfer-failing)', 'significant', '1', '1'],
        ['Checkout and bank transfer outage (2026-07-05-checkout-outage)', 'severe', '2', '1'],
        ['API errors | checkout slow (2026-04-10-api-errors)', 'significant', '2', '1'],
      ],
    ]);
  });
});

describe('kabar report --csv', () => {
  const run = runKabar(ROOT, ['report', '--root', FIXTURE, '--csv']);

  it('is one RFC 4180 table with a section column; quoted names read back intact', async () => {
    const { code, stdout, stderr } = await run;
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    expect(Object.keys(rows[0]!)).toEqual(['section', 'month', 'severity', 'component_id', 'component', 'incident', 'metric', 'value']);
    expect([...new Set(rows.map((r) => r.section))]).toEqual(['summary', 'incidents_per_month', 'time_to_resolve', 'components', 'promises', 'missed_promises']);
    expect(pick(rows, 'summary').map((r) => [r.metric, r.value])).toEqual([
      ['incidents', '9'],
      ['ongoing', '2'],
      ['maintenance_excluded', '1'],
    ]);
    expect(pick(rows, 'components').map((r) => [r.component_id, r.component, r.metric, r.value])).toEqual([
      ['api', 'API', 'incidents', '4'],
      ['api', 'API', 'impacted_minutes', '170'],
      ['bank-transfer', 'Bank transfer', 'incidents', '3'],
      ['bank-transfer', 'Bank transfer', 'impacted_minutes', '1265'],
      ['checkout', 'Checkout, "Pay Later"', 'incidents', '3'],
      ['checkout', 'Checkout, "Pay Later"', 'impacted_minutes', '450'],
      ['notifications', 'Notifications', 'incidents', '1'],
      ['notifications', 'Notifications', 'impacted_minutes', '35'],
    ]);
  });

  it('has a row for every month × severity, zeros included, that pivots back to the counts', async () => {
    const perMonth = pick(parseCsv((await run).stdout), 'incidents_per_month');
    expect(perMonth).toHaveLength(10 * 5);
    const sum = (f: (r: CsvRecord) => boolean) => perMonth.filter(f).reduce((n, r) => n + Number(r.value), 0);
    expect(sum(() => true)).toBe(9);
    expect(sum((r) => r.severity === 'significant')).toBe(5);
    expect(sum((r) => r.month === '2026-08')).toBe(2);
    expect(perMonth.filter((r) => r.month === '2026-03').map((r) => r.value)).toEqual(['0', '0', '0', '0', '0']);
  });

  it('gives time to resolve in whole minutes, empty where nothing resolved, and the promises', async () => {
    const rows = parseCsv((await run).stdout);
    const ttr = (severity: string) => Object.fromEntries(pick(rows, 'time_to_resolve').filter((r) => r.severity === severity).map((r) => [r.metric, r.value]));
    expect(ttr('significant')).toEqual({ incidents: '5', resolved: '4', ongoing: '1', p50_minutes: '45', p90_minutes: '180', max_minutes: '180' });
    expect(ttr('negligible')).toEqual({ incidents: '1', resolved: '0', ongoing: '1', p50_minutes: '', p90_minutes: '', max_minutes: '' });
    expect(ttr('all')).toEqual({ incidents: '9', resolved: '7', ongoing: '2', p50_minutes: '90', p90_minutes: '240', max_minutes: '240' });
    expect(pick(rows, 'promises').map((r) => [r.metric, r.value])).toEqual([
      ['kept', '2'],
      ['missed', '3'],
      ['not_yet_due', '1'],
    ]);
    expect(pick(rows, 'missed_promises').map((r) => [r.incident, r.severity, r.value])).toEqual([
      ['2026-04-10-api-errors', 'significant', '1'],
      ['2026-07-05-checkout-outage', 'severe', '1'],
      ['2026-11-19-bank-transfer-failing', 'significant', '1'],
    ]);
  });
});

describe('kabar report --since', () => {
  it('a date is midnight in the site time zone: 2026-10-01 keeps the incident at 00:30 Jakarta (still Sep 30 in UTC)', async () => {
    const { code, stdout } = await runKabar(ROOT, ['report', '--root', FIXTURE, '--since', '2026-10-01']);
    expect(code).toBe(0);
    expect(head(stdout).bullets[0]).toBe('Incidents: 3 (2 ongoing)');
    expect(sections(stdout).get('Incidents per month and severity')!.tables[0]!.map((r) => [r[0], r.at(-1)])).toEqual([
      ['Month', 'Total'],
      ['2026-10', '1'],
      ['2026-11', '2'],
      ['Total', '3'],
    ]);
  });

  it('a timestamp with offset is exact; months run from its month to now, zero months included', async () => {
    const { code, stdout } = await runKabar(ROOT, ['report', '--root', FIXTURE, '--csv', '--since', '2026-05-10T03:00:00+07:00']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout);
    // Jul, Aug ×2, Oct, Nov ×2; the maintenance began at 01:00, before it.
    expect(pick(rows, 'summary').map((r) => r.value)).toEqual(['6', '2', '0']);
    expect([...new Set(pick(rows, 'incidents_per_month').map((r) => r.month))]).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
  });

  it.each([
    ['yesterday', '"yesterday" is not a date'],
    ['2026-13-01', '"2026-13-01" is not a real date'],
    ['2026-08-01T25:00', '"2026-08-01T25:00" is not a real date and time'],
  ])('refuses --since %s with exit 2 and what it expects', async (value, reason) => {
    const { code, stdout, stderr } = await runKabar(ROOT, ['report', '--root', FIXTURE, '--since', value]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe(
      `kabar report: --since ${reason} (expected a date such as 2026-08-01, meaning midnight in the site time zone Asia/Jakarta, or a time such as 2026-08-01T00:00:00+07:00 (without an offset, in Asia/Jakarta))`,
    );
  });
});

describe('kabar report --out', () => {
  it('writes the file, never replaces it without --force, and replaces it with --force', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.csv');
    const first = await runKabar(dir, ['report', '--root', FIXTURE, '--csv', '--out', 'report.csv']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout.trim()).toBe('Wrote report.csv (9 incidents, CSV).');
    expect(pick(parseCsv(readFileSync(file, 'utf8')), 'summary')[0]!.value).toBe('9');

    writeFileSync(file, 'my notes\n');
    const again = await runKabar(dir, ['report', '--root', FIXTURE, '--out', 'report.csv']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('kabar report: report.csv exists already; nothing was written (pass --force to replace it, or choose another --out)');
    expect(readFileSync(file, 'utf8')).toBe('my notes\n');

    const forced = await runKabar(dir, ['report', '--root', FIXTURE, '--out', 'report.csv', '--force']);
    expect(forced.code).toBe(0);
    const printed = await runKabar(dir, ['report', '--root', FIXTURE]);
    expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
  });

  it('says why it cannot write, and writes nothing', async () => {
    const dir = tempDir();
    const { code, stdout, stderr } = await runKabar(dir, ['report', '--root', FIXTURE, '--out', 'missing/report.md']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('kabar report: cannot write missing/report.md: its directory does not exist; nothing was written');
  });

  it('--force alone is a usage error', async () => {
    const { code, stderr } = await runKabar(ROOT, ['report', '--root', FIXTURE, '--force']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('kabar report: --force only applies with --out <file>');
  });
});

describe('kabar report on a repository with errors', () => {
  it('refuses with exit 1 and names the file and field, rather than leave an incident out', async () => {
    const dir = path.join(tempDir(), 'status');
    cpSync(FIXTURE, dir, { recursive: true });
    const broken = path.join(dir, 'incidents/2026-08-03-api-timeouts/index.md');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('severity: significant', 'severity: huge'));
    const { code, stdout, stderr } = await runKabar(dir, ['report']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe('kabar report: the repository has 1 error, so a report would leave incidents out:');
    expect(lines[1]).toMatch(/^incidents\/2026-08-03-api-timeouts\/index\.md:3: severity: /);
    expect(lines.at(-1)).toBe('(fix them; "kabar check" lists them too)');
  });

  it('still reports a bad --since as bad usage (exit 2) first', async () => {
    const dir = path.join(tempDir(), 'status');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(path.join(dir, 'incidents/2026-08-03-api-timeouts/index.md'), '---\ntitle: [\n---\n');
    const { code, stderr } = await runKabar(dir, ['report', '--since', 'last week']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^kabar report: --since "last week" is not a date \(expected /);
  });
});
