import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFiles, makeRepo, NOW, readDoc, runKabar } from './cli-harness.ts';

// What the CLI says under pressure: times as the page shows them, one real mistake per error, and a
// "did you mean" where a close match exists. NOW is 10:05 in Jakarta, the fixtures' time zone.
const ID = '2026-11-20-card-payments-failing';
const NEW_ARGS = ['new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage', '-i', 'Card payments fail.', '-m', 'Investigating.', '-n', '+30m'];

function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

describe('kabar messages', () => {
  it('print times in the site time zone to the minute, as the page does, never UTC with milliseconds', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, NEW_ARGS)).code).toBe(0);
    // A hand-edited update, five minutes before the start: check names both times in Jakarta time.
    write(dir, `incidents/${ID}/2026-11-20T0300Z.md`, '---\nat: 2026-11-20T10:00:00+07:00\nstatus: identified\n---\nFound it.\n');
    const check = await runKabar(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stderr + check.stdout).toContain(`incidents/${ID}/2026-11-20T0300Z.md:2: at: 20 Nov 2026, 10:00 GMT+7 is before the incident started (20 Nov 2026, 10:05 GMT+7) (expected updates at or after "started" in index.md)`);
    expect(check.stderr + check.stdout).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
  });

  it('files carry seconds at most, even when the clock has milliseconds', async () => {
    const { dir } = makeRepo();
    // No SOURCE_DATE_EPOCH: the real clock, which has milliseconds.
    const result = await runKabar(dir, ['new', '-t', 'API errors', '-s', 'minimal', '-c', 'api=partial_outage', '-i', 'Some calls fail.', '-m', 'Investigating.', '-n', '+30m'], { SOURCE_DATE_EPOCH: '' });
    expect(result.code, result.stderr).toBe(0);
    const files = contentFiles(dir);
    const update = files.find((f) => !f.endsWith('index.md'))!;
    const written = readDoc(dir, update).data as Record<string, string>;
    for (const value of [written.at, written.next_update, readDoc(dir, files.find((f) => f.endsWith('index.md'))!).data.started as string]) {
      expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    }
  });

  it.each([
    [
      'a start in the future is named as such, not as an update before the start',
      [...NEW_ARGS, '--started', '+2h'],
      'kabar new: --started "+2h" is 20 Nov 2026, 12:05 GMT+7, in the future (it is 20 Nov 2026, 10:05 GMT+7 now; expected when the problem started, now or earlier)',
    ],
    [
      'a maintenance window that ends before it starts is one error, with no word about "scheduled"',
      ['new', '--maintenance', '-t', 'Database upgrade', '-c', 'api=under_maintenance', '--start', '2026-11-28 03:00', '--end', '2026-11-28 01:00', '-m', 'Read-only.'],
      'kabar new: --end "2026-11-28 01:00" (28 Nov 2026, 01:00 GMT+7) is not after --start "2026-11-28 03:00" (28 Nov 2026, 03:00 GMT+7) (expected the window to end after it starts)',
    ],
    [
      'an unknown status in a well-formed id=status pair is called an unknown status',
      ['new', '-t', 'Website down', '-s', 'severe', '-c', 'website=down', '-m', 'Investigating.'],
      'kabar new: --component "website=down": "down" is not a component status (expected one of: degraded_performance, partial_outage, major_outage, under_maintenance)',
    ],
    [
      'a misspelt status gets a "did you mean"',
      ['new', '-t', 'API down', '-s', 'severe', '-c', 'api=major', '-m', 'Investigating.'],
      'kabar new: --component "api=major": "major" is not a component status (did you mean "major_outage"? expected one of: degraded_performance, partial_outage, major_outage, under_maintenance)',
    ],
    [
      'a malformed pair is called malformed',
      ['new', '-t', 'API down', '-s', 'severe', '-c', 'api', '-m', 'Investigating.'],
      'kabar new: --component "api" is not id=status (expected e.g. --component api=major_outage)',
    ],
    [
      'a maintenance may only put components under maintenance',
      ['new', '--maintenance', '-t', 'Dashboard upgrade', '-c', 'api=major_outage', '--start', '2026-11-28 01:00', '--end', '2026-11-28 03:00', '-m', 'Read-only.'],
      'kabar new: --component "api=major_outage": a maintenance puts components under maintenance; if something breaks during it, open an incident for that (expected under_maintenance)',
    ],
    [
      'a misspelt severity gets a "did you mean"',
      ['new', '-t', 'API down', '-s', 'sever', '-c', 'api=major_outage', '-m', 'Investigating.'],
      'kabar new: --severity "sever" is not allowed (did you mean "severe"? expected one of: negligible, minimal, significant, serious, severe)',
    ],
  ])('%s', async (_name, args, message) => {
    const { dir } = makeRepo();
    const result = await runKabar(dir, args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(message);
    expect(contentFiles(dir)).toEqual([]);
  });

  it('kabar check agrees with the CLI on what a maintenance may declare', async () => {
    const { dir } = makeRepo();
    write(dir, 'incidents/2026-11-28-dashboard-upgrade/index.md', '---\ntitle: Dashboard upgrade\ntype: maintenance\nwindow:\n  start: 2026-11-28T01:00:00+07:00\n  end: 2026-11-28T03:00:00+07:00\ncomponents:\n  api: major_outage\n---\n');
    write(dir, 'incidents/2026-11-28-dashboard-upgrade/2026-11-20T0300Z.md', '---\nat: 2026-11-20T10:00:00+07:00\nstatus: scheduled\ncomponents:\n  card-payments: degraded_performance\n---\nPlanned.\n');
    const check = await runKabar(dir, ['check']);
    expect(check.code).toBe(1);
    const lines = (check.stderr + check.stdout).split('\n').filter((l) => l.startsWith('incidents/'));
    expect(lines).toEqual([
      'incidents/2026-11-28-dashboard-upgrade/2026-11-20T0300Z.md:5: components.card-payments: "degraded_performance" in a maintenance (expected under_maintenance or operational: maintenance is planned work; if something breaks during it, open an incident for that)',
      'incidents/2026-11-28-dashboard-upgrade/index.md:8: components.api: "major_outage" in a maintenance (expected under_maintenance: maintenance is planned work; if something breaks during it, open an incident for that)',
    ]);
  });

  it('a misspelt incident id or status gets a "did you mean"', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, NEW_ARGS)).code).toBe(0);
    const slug = await runKabar(dir, ['update', 'card-paymnets-failing', '-m', 'x']);
    expect(slug.code).toBe(2);
    expect(slug.stderr.trim()).toBe(`kabar update: no incident "card-paymnets-failing" in incidents/ (did you mean "${ID}"? run "kabar list --all" to see the ids)`);
    const status = await runKabar(dir, ['update', ID, '--status', 'monorng', '-m', 'x']);
    expect(status.code).toBe(2);
    expect(status.stderr.trim()).toBe('kabar update: --status "monorng" is not allowed (did you mean "monitoring"? expected one of: investigating, identified, monitoring, resolved)');
    // Hand-written files get the same help from check.
    write(dir, `incidents/${ID}/2026-11-20T0310Z.md`, '---\nat: 2026-11-20T10:10:00+07:00\nstatus: monorng\n---\nWatching.\n');
    const check = await runKabar(dir, ['check']);
    expect(check.stderr + check.stdout).toContain(`incidents/${ID}/2026-11-20T0310Z.md:3: status: found "monorng" (did you mean "monitoring"? expected one of: investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, completed)`);
  });

  it('reads a time without an offset in the site time zone, in a flag and in a hand-written file alike', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, [...NEW_ARGS.slice(0, -2), '-n', '2026-11-20T10:30'])).code).toBe(0);
    expect(readDoc(dir, `incidents/${ID}/2026-11-20T0305Z.md`).data.next_update).toBe('2026-11-20T10:30:00+07:00');
    write(dir, `incidents/${ID}/2026-11-20T0320Z.md`, '---\nat: 2026-11-20 10:20\nstatus: identified\nnext_update: 2026-11-20T10:30\n---\nFound it.\n');
    const check = await runKabar(dir, ['check', '--format', 'json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, errors: 0 });
    const listed = JSON.parse((await runKabar(dir, ['list', '--format', 'json'], { SOURCE_DATE_EPOCH: String(NOW + 20 * 60) })).stdout) as { nextUpdate: string }[];
    expect(listed[0]!.nextUpdate).toBe('2026-11-20T03:30:00.000Z');
    const bad = await runKabar(dir, ['update', ID, '-m', 'x', '-n', '2026-11-20']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(`kabar update: --next-update: "2026-11-20" has no time of day (expected an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone, Asia/Jakarta; a time of day today such as 10:05; or a relative time such as +30m or -15m)`);
  });

  it('list says how overdue in days and hours, as the page does', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, NEW_ARGS)).code).toBe(0);
    const later = String(NOW + 30 * 60 + 8 * 86_400 + 3 * 3600);
    const text = await runKabar(dir, ['list'], { SOURCE_DATE_EPOCH: later });
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n').map((l) => l.trim())).toContain('next update overdue by 8 days 3 hr (20 Nov 2026, 10:35 GMT+7)');
  });

  it('list shows an upcoming maintenance with what it plans and when, not as a change already made', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, ['new', '--maintenance', '-t', 'Database upgrade', '-c', 'api=under_maintenance', '--start', '2026-11-28 01:00', '--end', '2026-11-28 03:00', '-m', 'Read-only.'])).code).toBe(0);
    const text = await runKabar(dir, ['list']);
    const lines = text.stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain('starts 28 Nov 2026, 01:00 GMT+7 (in 7 days 14 hr); planned: API: Under maintenance');
    expect(readFileSync(path.join(dir, 'incidents/2026-11-28-database-upgrade/index.md'), 'utf8')).toContain('api: under_maintenance');
  });
});
