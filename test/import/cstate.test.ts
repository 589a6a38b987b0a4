import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, readDoc, ROOT } from '../cli/cli-harness.ts';
import { buildRepo, checkJson, incidentIds, initRepo, readJson, runKabar, snapshot } from './helpers.ts';

/** test/fixtures/import-cstate-site: a cState site with every kind of issue cState has, and some it should not. */
const SITE = path.join(ROOT, 'test/fixtures/import-cstate-site');

async function byTitle(dir: string): Promise<Map<string, string>> {
  return new Map((await incidentIds(dir)).map((id) => [String(readDoc(dir, `incidents/${id}/index.md`).data.title), id]));
}

async function updates(dir: string, id: string) {
  const files = Object.keys(await snapshot(path.join(dir, 'incidents', id))).filter((f) => /Z\.md$/.test(f)).sort();
  return files.map((f) => readDoc(dir, `incidents/${id}/${f}`)).sort((a, b) => Date.parse(String(a.data.at)) - Date.parse(String(b.data.at)));
}

describe('kabar import cstate', () => {
  it('imports issues, their *Label* - text {{< track >}} updates and the systems, skips what Kabar cannot hold, and passes kabar check', async () => {
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'cstate', SITE]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 3 incidents and 1 maintenance from cState \(.+import-cstate-site, its config\.yml and content\/issues\/\)\.$/m);
    expect(result.stdout).toMatch(/^ {2}3 items skipped\.$/m);
    expect(result.stdout).toMatch(/^ {2}Added 1 group and 3 components to kabar\.config\.ts\.$/m);

    const titles = await byTitle(dir);
    expect([...titles.keys()].sort()).toEqual(['API errors', 'Checkout down 🛒 — <script>alert("x")</script> & friends', 'Database maintenance', 'Search results incomplete']);

    const checkout = titles.get('Checkout down 🛒 — <script>alert("x")</script> & friends')!;
    expect(checkout).toBe('2026-11-14-checkout-down-script-alert-x-script-friends');
    expect(readDoc(dir, `incidents/${checkout}/index.md`).data).toEqual({
      title: 'Checkout down 🛒 — <script>alert("x")</script> & friends',
      severity: 'serious',
      started: '2026-11-14T13:00:00+07:00',
      components: { checkout: 'major_outage', api: 'major_outage' },
    });
    const checkoutUpdates = await updates(dir, checkout);
    expect(checkoutUpdates.map((u) => [u.data.at, u.data.status])).toEqual([
      ['2026-11-14T13:05:00+07:00', 'investigating'],
      ['2026-11-14T13:30:00+07:00', 'identified'],
      ['2026-11-14T14:10:00+07:00', 'monitoring'],
      ['2026-11-14T14:40:00+07:00', 'resolved'],
    ]);
    expect(checkoutUpdates[1]!.body.trim()).toBe('The payment gateway\'s certificate expired. مرحبا — we are renewing it. <script>alert(1)</script>');
    expect(checkoutUpdates[3]!.data.components).toEqual({ checkout: 'operational', api: 'operational' });
    expect(checkoutUpdates[3]!.body.trim()).toBe('Checkout works again for everyone. Thank you for your patience 🙏');
    // Hugo's translation by file name (x.id.md) becomes Kabar's translation files, update by update (matched by time).
    expect(readDoc(dir, `incidents/${checkout}/index.id.md`).data).toEqual({ title: 'Checkout mati 🛒' });
    expect(readDoc(dir, `incidents/${checkout}/2026-11-14T0605Z.id.md`).body.trim()).toBe('Pelanggan tidak dapat checkout.');
    expect(readDoc(dir, `incidents/${checkout}/2026-11-14T0740Z.id.md`).body.trim()).toBe('Checkout berfungsi lagi.');
    expect(Object.keys(await snapshot(path.join(dir, 'incidents', checkout))).filter((f) => f.includes('.id.')).sort()).toEqual(['2026-11-14T0605Z.id.md', '2026-11-14T0740Z.id.md', 'index.id.md']);

    // TOML front matter with an offset; a body without labelled updates is the first update, resolvedWhen the resolution.
    const search = titles.get('Search results incomplete')!;
    expect(readDoc(dir, `incidents/${search}/index.md`).data).toMatchObject({ severity: 'significant', started: '2026-11-16T09:00:00+07:00', components: { search: 'partial_outage' } });
    expect((await updates(dir, search)).map((u) => [u.data.at, u.data.status, u.body.trim()])).toEqual([
      ['2026-11-16T09:00:00+07:00', 'investigating', 'Some searches return fewer results than they should. We rebuilt the index.'],
      ['2026-11-16T10:15:00+07:00', 'resolved', 'Resolved.'],
    ]);

    // "notice" is cState's maintenance: its window runs from date to resolvedWhen.
    const maintenance = titles.get('Database maintenance')!;
    const index = readDoc(dir, `incidents/${maintenance}/index.md`);
    expect(index.data).toEqual({ title: 'Database maintenance', type: 'maintenance', window: { start: '2026-11-26T01:00:00+07:00', end: '2026-11-26T03:00:00+07:00' }, components: { api: 'under_maintenance', checkout: 'under_maintenance' } });
    expect(index.body.trim()).toBe('We will upgrade the database. The API will be read-only and checkout paused.');
    expect((await updates(dir, maintenance)).map((u) => [u.data.status, u.body.trim()])).toEqual([['scheduled', 'Reminder: the window starts tomorrow.']]);

    // An update without a time is placed after the one before it, and keeps its label.
    const api = titles.get('API errors')!;
    expect((await updates(dir, api)).map((u) => [u.data.at, u.data.status, u.body.trim()])).toEqual([
      ['2026-11-20T06:12:00+07:00', 'investigating', 'Some API calls fail with 502.'],
      ['2026-11-20T06:12:01+07:00', 'investigating', '*Update* – Error rates are falling.'],
    ]);

    const config = (await readFile(path.join(dir, 'kabar.config.ts'), 'utf8')).split('\n');
    expect(config).toEqual(
      expect.arrayContaining([
        "    { id: 'frontend', name: 'Frontend' },",
        "    { id: 'checkout', group: 'frontend', name: 'Checkout', description: 'Cart & payment — the *money* path 💸' },",
        "    { id: 'search', name: 'Search' },",
        "    { id: 'legacy-api', name: 'Legacy API' },",
      ]),
    );
    expect(config.join('\n')).not.toContain("'backend'");
    const check = await checkJson(dir);
    expect(check.errors).toBe(0);
    // The summary says beforehand how many communication warnings the imported history brings.
    const imported = check.problems.filter((p) => [...titles.values()].some((id) => p.file.startsWith(`incidents/${id}/`)));
    expect(imported.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(`"kabar check" will show ${imported.length} communication warnings for them`);

    const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
    expect(report[0]).toBe('# Import from cState');
    const skipped = report.slice(report.indexOf('## Skipped'), report.indexOf('## Changed to fit Kabar'));
    expect(skipped.filter((l) => l.startsWith('- '))).toEqual([
      '- **content/issues/2026-11-02-announcement.md**: an informational post ("New status page"): Kabar has incidents and maintenance, not announcements',
      '- **content/issues/2026-11-03-draft.md**: a draft ("Half-written incident"), which cState does not publish',
      expect.stringMatching(/^- \*\*content\/issues\/broken\.md\*\*: its front matter does not parse \(.+\), so it was left out$/),
    ]);
    expect(report.find((l) => l.includes('the "Update" update has no time'))).toMatch(/it was placed at 2026-11-19T23:12:01Z \(just after the update before it\)$/);
    expect(report.find((l) => l.startsWith('- 11 times had no time zone'))).toMatch(/read as UTC \(Hugo's default, as cState shows them; set timeZone in the cState config if they meant another zone\)$/);
    expect(report.find((l) => l.includes('Legacy API'))).toMatch(/not among the config's systems; it was added as a component$/);
  });

  it('re-runs change nothing; an edited update is kept; a new update in the site is added', async () => {
    const site = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-cstate-')), 'site');
    await cp(SITE, site, { recursive: true });
    const dir = await initRepo();
    expect((await runKabar(dir, ['import', 'cstate', site])).code).toBe(0);
    const first = await snapshot(dir);
    const again = await runKabar(dir, ['import', 'cstate', site]);
    expect(again.stdout).toMatch(/^Nothing to import/);
    expect(await snapshot(dir)).toEqual(first);

    const id = '2026-11-14-checkout-down-script-alert-x-script-friends';
    const edited = `incidents/${id}/2026-11-14T0630Z.md`;
    await writeFile(path.join(dir, edited), first[edited]!.replace('we are renewing it', 'we renewed it'));
    const issue = path.join(site, 'content/issues/2026-11-14-checkout-down.md');
    const text = await readFile(issue, 'utf8');
    await writeFile(issue, text.replace("renewing it. <script>", "renewing it now. <script>").replace('*Identified* -', '*Update* - We found more. {{< track "2026-11-14 06:45:00" >}}\n\n*Identified* -'));
    const third = await runKabar(dir, ['import', 'cstate', site]);
    expect(third.code, third.stderr).toBe(0);
    const now = await snapshot(dir);
    expect(now[edited]).toContain('we renewed it');
    expect(readDoc(dir, `incidents/${id}/2026-11-14T0645Z.md`).body.trim()).toBe('*Update* – We found more.');

    // An update the site no longer has goes too, unless someone edited it.
    await writeFile(issue, (await readFile(issue, 'utf8')).replace(/\*Monitoring\* - A fix is live & payments are going through\. \{\{< track "2026-11-14 07:10:00" >\}\}\n\n/, ''));
    const fourth = await runKabar(dir, ['import', 'cstate', site]);
    expect(fourth.code, fourth.stderr).toBe(0);
    expect(fourth.stdout).toMatch(/0 files written, 1 removed\./);
    expect((await snapshot(dir))[`incidents/${id}/2026-11-14T0710Z.md`]).toBeUndefined();
    expect((await snapshot(dir))[edited]).toContain('we renewed it');
    expect((await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n')).toContain(`- \`${edited}\`: edited since the last import; the source's version was not written`);
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('reads a severity or update label such as "constructor" as unknown text, not as a crash', async () => {
    const site = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-cstate-')), 'site');
    await cp(SITE, site, { recursive: true });
    const file = path.join(site, 'content/issues/2026-11-16-search-disrupted.md');
    const text = (await readFile(file, 'utf8')).replace('severity = "disrupted"', 'severity = "constructor"');
    await writeFile(file, `${text}\n*__proto__* - Still rebuilding. {{< track "2026-11-16 09:30:00" >}}\n`);
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = await readFile(path.join(dir, 'import-report.md'), 'utf8');
    expect(report).toContain('its severity "constructor" is not one of down, disrupted, notice; it was imported as "disrupted"');
    const id = (await byTitle(dir)).get('Search results incomplete')!;
    expect(readDoc(dir, `incidents/${id}/index.md`).data.severity).toBe('significant');
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('a directory that is not a cState site: says so, changes nothing', async () => {
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, ['import', 'cstate', path.join(ROOT, 'docs')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar import cstate: .*docs has no Hugo config \(hugo\.toml, .*config\.json\): is it a cState site\? Nothing was changed\.$/m);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('builds; the imported page shows the incidents and the upcoming maintenance', async () => {
    const dir = await initRepo();
    expect((await runKabar(dir, ['import', 'cstate', SITE])).code).toBe(0);
    const site = await buildRepo(dir, NOW * 1000);
    type Api = { id: string; name: string; status: string; incident_updates: { status: string; body: string }[] };
    const incidents = (await readJson<{ incidents: Api[] }>(path.join(site, 'api/v2/incidents.json'))).incidents;
    const upcoming = (await readJson<{ scheduled_maintenances: Api[] }>(path.join(site, 'api/v2/scheduled-maintenances/upcoming.json'))).scheduled_maintenances;
    const titles = await byTitle(dir);
    const status = (title: string) => incidents.find((i) => i.id === titles.get(title))?.status;
    expect([status('Checkout down 🛒 — <script>alert("x")</script> & friends'), status('Search results incomplete'), status('API errors')]).toEqual(['resolved', 'resolved', 'investigating']);
    expect(upcoming.map((m) => m.name)).toEqual(['Database maintenance']);
    // The Indonesian site shows the imported translation, update by update.
    const indonesian = (await readJson<{ incidents: Api[] }>(path.join(site, 'id/api/v2/incidents.json'))).incidents;
    const checkout = indonesian.find((i) => i.id === titles.get('Checkout down 🛒 — <script>alert("x")</script> & friends'))!;
    expect(checkout.name).toBe('Checkout mati 🛒');
    expect(checkout.incident_updates.map((u) => u.body)).toEqual(['Checkout berfungsi lagi.', 'A fix is live & payments are going through.', "The payment gateway's certificate expired. مرحبا — we are renewing it. <script>alert(1)</script>", 'Pelanggan tidak dapat checkout.']);
  });
});
