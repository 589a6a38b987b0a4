import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFiles, makeRepo, NOW, readDoc, runKabar } from './cli-harness.ts';

const ID = '2026-11-20-card-payments-failing';
const NEW_ARGS = [
  'new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage', '-r', 'western-indonesia',
  '-i', 'Card payments fail for most customers.', '-w', 'Pay by bank transfer meanwhile.', '-m', 'We are investigating failed card payments.', '-n', '+30m',
];

async function check(dir: string) {
  const result = await runKabar(dir, ['check', '--format', 'json']);
  return JSON.parse(result.stdout) as { ok: boolean; errors: number; warnings: number; problems: { file: string; field: string; severity: string }[] };
}

describe('kabar new / update / resolve / translate / list with flags', () => {
  it('new writes index.md and the first update with derived names, site-zone offsets and a customer preview', async () => {
    const { dir } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(contentFiles(dir)).toEqual([`incidents/${ID}/2026-11-20T0305Z.md`, `incidents/${ID}/index.md`]);
    const index = readDoc(dir, `incidents/${ID}/index.md`);
    expect(index.data).toEqual({
      title: 'Card payments failing',
      severity: 'serious',
      started: '2026-11-20T10:05:00+07:00',
      components: { 'card-payments': 'major_outage' },
      regions: ['western-indonesia'],
      impact: 'Card payments fail for most customers.',
      workaround: 'Pay by bank transfer meanwhile.',
    });
    const update = readDoc(dir, `incidents/${ID}/2026-11-20T0305Z.md`);
    expect(update.data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'investigating', next_update: '2026-11-20T10:35:00+07:00' });
    expect(update.body.trim()).toBe('We are investigating failed card payments.');
    // The printed paths and preview are what the engineer checks before sending.
    const lines = result.stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain(`incidents/${ID}/index.md`);
    expect(lines).toContain('Incident: Card payments failing');
    expect(lines).toContain('- Card payments: Major outage');
    expect(lines).toContain('Regions: Western Indonesia');
    expect(lines).toContain('Next update by 20 Nov 2026, 10:35 GMT+7');
    expect(await check(dir)).toMatchObject({ ok: true, errors: 0, warnings: 0 });
  });

  it('new never writes through a symlink: a symlinked incidents/ or incident directory is refused, nothing written', async () => {
    for (const link of ['incidents', `incidents/${ID}`]) {
      const { dir } = makeRepo();
      const outside = mkdtempSync(path.join(tmpdir(), 'kabar-outside-'));
      if (link === 'incidents') {
        cpSync(path.join(dir, 'incidents'), outside, { recursive: true });
        rmSync(path.join(dir, 'incidents'), { recursive: true });
      }
      const before = readdirSync(outside, { recursive: true }).sort();
      symlinkSync(outside, path.join(dir, link));
      const result = await runKabar(dir, NEW_ARGS);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^kabar new: ${link} is a symlink on the way to incidents/${ID}/(index\\.md|2026-11-20T0305Z\\.md): Kabar never writes through a symlink \\(it may lead outside the repository\\)\\. .+ Nothing was changed\\.$`, 'm'));
      expect(readdirSync(outside, { recursive: true }).sort()).toEqual(before);
    }
  });

  it('new --maintenance writes a window and a scheduled first update', async () => {
    const { dir } = makeRepo();
    const result = await runKabar(dir, ['new', '--maintenance', '-t', 'Database upgrade', '-c', 'api=under_maintenance', '--start', '2026-11-28 01:00', '--end', '2026-11-28 03:00', '-m', 'The API will be read-only.']);
    expect(result.code, result.stderr).toBe(0);
    const id = '2026-11-28-database-upgrade';
    expect(readDoc(dir, `incidents/${id}/index.md`).data).toEqual({
      title: 'Database upgrade',
      type: 'maintenance',
      window: { start: '2026-11-28T01:00:00+07:00', end: '2026-11-28T03:00:00+07:00' },
      components: { api: 'under_maintenance' },
    });
    expect(readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`).data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'scheduled' });
    const listed = await runKabar(dir, ['list', '--format', 'json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, type: 'maintenance', upcoming: true, stale: false }]);
  });

  it('ids and update names never collide: a second incident with the same title gets -2, a second update in the same minute gets seconds', async () => {
    const { dir } = makeRepo();
    expect((await runKabar(dir, NEW_ARGS)).code).toBe(0);
    expect((await runKabar(dir, NEW_ARGS)).code).toBe(0);
    expect(contentFiles(dir).filter((f) => f.endsWith('/index.md'))).toEqual([`incidents/${ID}-2/index.md`, `incidents/${ID}/index.md`]);
    const later = { SOURCE_DATE_EPOCH: String(NOW + 30 * 60) };
    const first = await runKabar(dir, ['update', ID, '-m', 'Still investigating.', '--at', '2026-11-20T10:20:00+07:00', '-n', '+30m'], later);
    const second = await runKabar(dir, ['update', ID, '-m', 'Cause identified.', '--status', 'identified', '--at', '2026-11-20T10:20:30+07:00', '-n', '+30m'], later);
    expect(first.code, first.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(contentFiles(dir).filter((f) => f.startsWith(`incidents/${ID}/`))).toEqual([
      `incidents/${ID}/2026-11-20T0305Z.md`,
      `incidents/${ID}/2026-11-20T0320Z.md`,
      `incidents/${ID}/2026-11-20T032030Z.md`,
      `incidents/${ID}/index.md`,
    ].sort());
    expect(readDoc(dir, `incidents/${ID}/2026-11-20T0320Z.md`).data.status).toBe('investigating');
    expect(readDoc(dir, `incidents/${ID}/2026-11-20T032030Z.md`).data.status).toBe('identified');
  });

  it('update records component changes and the next update; resolve returns every component to operational', async () => {
    const { dir } = makeRepo();
    await runKabar(dir, [...NEW_ARGS, '-c', 'bank-transfer=degraded_performance']);
    const later = String(NOW + 30 * 60);
    const update = await runKabar(dir, ['update', ID, '--status', 'monitoring', '-c', 'card-payments=degraded_performance', '-m', 'A fix is deployed; we are watching.', '-n', '+1h'], { SOURCE_DATE_EPOCH: later });
    expect(update.code, update.stderr).toBe(0);
    expect(readDoc(dir, `incidents/${ID}/2026-11-20T0335Z.md`).data).toEqual({
      at: '2026-11-20T10:35:00+07:00',
      status: 'monitoring',
      components: { 'card-payments': 'degraded_performance' },
      next_update: '2026-11-20T11:35:00+07:00',
    });
    const resolve = await runKabar(dir, ['resolve', ID, '-m', 'Card payments work normally again.'], { SOURCE_DATE_EPOCH: String(NOW + 90 * 60) });
    expect(resolve.code, resolve.stderr).toBe(0);
    expect(readDoc(dir, `incidents/${ID}/2026-11-20T0435Z.md`).data).toEqual({
      at: '2026-11-20T11:35:00+07:00',
      status: 'resolved',
      components: { 'card-payments': 'operational', 'bank-transfer': 'operational' },
    });
    expect(resolve.stdout.split('\n').map((l) => l.trim())).toContain('Page status: All Systems Operational');
    const listed = await runKabar(dir, ['list', '--format', 'json'], { SOURCE_DATE_EPOCH: String(NOW + 90 * 60) });
    expect(JSON.parse(listed.stdout)).toEqual([]);
    expect(await check(dir)).toMatchObject({ ok: true, errors: 0 });
  });

  it('resolve on maintenance posts "completed" and ends the window early; the slug alone names the incident', async () => {
    const { dir } = makeRepo();
    const id = '2026-11-20-database-upgrade';
    await runKabar(dir, ['new', '--maintenance', '-t', 'Database upgrade', '-c', 'api=under_maintenance', '--start', '09:00', '--end', '12:00', '--status', 'in_progress', '-m', 'The API is read-only.', '--at', '09:00']);
    const result = await runKabar(dir, ['resolve', 'database-upgrade', '-m', 'The upgrade is complete.']);
    expect(result.code, result.stderr).toBe(0);
    expect(readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`).data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'completed', components: { api: 'operational' } });
    expect(JSON.parse((await runKabar(dir, ['list', '--format', 'json'])).stdout)).toEqual([]);
  });

  it('translate scaffolds one file per text, carrying the source as comments, and the repository stays valid', async () => {
    const { dir } = makeRepo();
    await runKabar(dir, NEW_ARGS);
    const result = await runKabar(dir, ['translate', ID, '--locale', 'id']);
    expect(result.code, result.stderr).toBe(0);
    expect(contentFiles(dir).filter((f) => f.endsWith('.id.md'))).toEqual([`incidents/${ID}/2026-11-20T0305Z.id.md`, `incidents/${ID}/index.id.md`]);
    const index = readDoc(dir, `incidents/${ID}/index.id.md`);
    expect(index.data).toEqual({});
    const source = readFileSync(path.join(dir, `incidents/${ID}/index.id.md`), 'utf8').split('\n');
    expect(source).toContain('# title: Card payments failing');
    expect(source).toContain('# impact: Card payments fail for most customers.');
    expect(readFileSync(path.join(dir, `incidents/${ID}/2026-11-20T0305Z.id.md`), 'utf8').split('\n')).toContain('#   We are investigating failed card payments.');
    expect(await check(dir)).toMatchObject({ ok: true, errors: 0 });
    // Running it again writes nothing and changes nothing.
    writeFileSync(path.join(dir, `incidents/${ID}/index.id.md`), '---\ntitle: Pembayaran kartu gagal\n---\n');
    const again = await runKabar(dir, ['translate', ID, '--locale', 'id']);
    expect(again.code).toBe(0);
    expect(readDoc(dir, `incidents/${ID}/index.id.md`).data).toEqual({ title: 'Pembayaran kartu gagal' });
    const unknown = await runKabar(dir, ['translate', ID, '--locale', 'fr']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--locale "fr" is not a translation locale \(expected one of: id/);
  });

  it('list flags an incident whose promised update is overdue, and exits 1', async () => {
    const { dir } = makeRepo();
    await runKabar(dir, NEW_ARGS);
    const fresh = await runKabar(dir, ['list']);
    expect(fresh.code).toBe(0);
    const stale = await runKabar(dir, ['list', '--format', 'json'], { SOURCE_DATE_EPOCH: String(NOW + 45 * 60) });
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.stdout)).toMatchObject([{ id: ID, stale: true, status: 'investigating', nextUpdate: '2026-11-20T03:35:00.000Z' }]);
    const text = await runKabar(dir, ['list'], { SOURCE_DATE_EPOCH: String(NOW + 45 * 60) });
    expect(text.stdout.split('\n')[0]!.split(/\s+/).slice(0, 2)).toEqual(['STALE', ID]);
  });

  it('refuses invalid content and writes nothing', async () => {
    const { dir } = makeRepo();
    const typo = await runKabar(dir, ['new', '-t', 'API errors', '-s', 'serious', '-c', 'apii=major_outage', '-m', 'Investigating.']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toMatch(/incidents\/2026-11-20-api-errors\/index\.md:\d+: components\.apii: unknown component "apii" \(did you mean "api"\?/);
    expect(contentFiles(dir)).toEqual([]);
    await runKabar(dir, NEW_ARGS);
    const before = contentFiles(dir);
    const early = await runKabar(dir, ['update', ID, '-m', 'Too early.', '--at', '2026-11-20T09:00:00+07:00']);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/is before the incident started/);
    const wrongStatus = await runKabar(dir, ['update', ID, '--status', 'completed', '-m', 'x']);
    expect(wrongStatus.code).toBe(2);
    expect(wrongStatus.stderr.trim()).toBe('kabar update: --status "completed" is a maintenance status, and this is an incident (expected one of: investigating, identified, monitoring, resolved)');
    expect(contentFiles(dir)).toEqual(before);
  });

  it('without a terminal, missing required flags are an error listing them', async () => {
    const { dir } = makeRepo();
    const result = await runKabar(dir, ['new', '-t', 'Only a title']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('kabar new: missing --severity, --message (required when not run in a terminal; run "kabar new --help" for examples)');
    const update = await runKabar(dir, ['update', 'no-such-incident']);
    expect(update.code).toBe(2);
    expect(contentFiles(dir)).toEqual([]);
  });

  it.each(['new', 'update', 'resolve', 'translate', 'list', 'check'])('%s --help shows usage and examples', async (command) => {
    const { dir } = makeRepo('cli-basic', false);
    const result = await runKabar(dir, [command, '--help']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Usage: kabar ${command}\\b`));
    const examples = lines.indexOf('Examples:');
    expect(examples).toBeGreaterThan(0);
    expect(lines.slice(examples + 1).filter((l) => l.trim().startsWith(`npx kabar ${command}`) || l.trim().startsWith(`kabar ${command}`)).length).toBeGreaterThan(0);
  });
});
