import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { git, NOW, readDoc } from '../cli/cli-harness.ts';
import { startGitHubServer } from '../helpers/github-server.ts';
import { startStatuspageServer, type StatuspageServer } from '../helpers/statuspage-server.ts';
import { buildRepo, checkJson, incidentIds, initRepo, readJson, runKabar, snapshot } from './helpers.ts';
import { API_KEY, CARD_ID, CARD_TITLE, COMPONENTS, fillerIncidents, PAGE_ID, pageData } from './statuspage-history.ts';

interface ImportedJson {
  imports: { source: string; at: string; incidents: string[]; ids: { [key: string]: string }; components: { [key: string]: string }; files: { [path: string]: string } }[];
}

let server: StatuspageServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(extra: Parameters<typeof pageData>[0] = [], data = pageData(extra)) {
  server = await startStatuspageServer(data, API_KEY);
  return { server, data };
}

const managementArgs = (s: StatuspageServer) => ['import', 'statuspage', '--page-id', PAGE_ID, '--api-url', s.apiBase];
const withKey = { STATUSPAGE_API_KEY: API_KEY };

async function idByTitle(dir: string, title: string): Promise<string> {
  for (const id of await incidentIds(dir)) if (readDoc(dir, `incidents/${id}/index.md`).data.title === title) return id;
  throw new Error(`no incident titled ${title}`);
}

describe('kabar import statuspage (management API)', () => {
  it('imports every incident and maintenance with their updates, transitions and postmortem, adds the missing components, and passes kabar check', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const result = await runKabar(dir, managementArgs(server), withKey);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 3 incidents and 2 maintenance from Atlassian Statuspage \(page kdh7xq2m9v4p, the management API \(full history\)\)\.$/m);
    expect(result.stdout).toMatch(/Added 1 group and 3 components to kabar\.config\.ts\./);

    // Every request carried the key, and the one page of incidents was asked for as the API pages it.
    expect(server.requests.every((r) => r.authorization === `OAuth ${API_KEY}`)).toBe(true);
    expect(server.requests.map((r) => `${r.path}?${new URLSearchParams(r.query)}`)).toEqual([
      `/v1/pages/${PAGE_ID}/incidents?limit=100&page=1`,
      `/v1/pages/${PAGE_ID}/components?per_page=100&page=1`,
      `/v1/pages/${PAGE_ID}/component-groups?per_page=100&page=1`,
    ]);

    const card = await idByTitle(dir, CARD_TITLE);
    expect(card).toBe('2026-11-18-card-payments-failing-script-alert-x-script-more');
    expect(readDoc(dir, `incidents/${card}/index.md`).data).toEqual({
      title: CARD_TITLE,
      severity: 'serious',
      started: '2026-11-18T09:05:00+07:00',
      components: { 'card-payments': 'partial_outage' },
    });
    const updates = (await incidentFiles(dir, card)).filter((f) => /^\d{4}-.*Z\.md$/.test(f));
    expect(updates).toEqual(['2026-11-18T0210Z.md', '2026-11-18T0225Z.md', '2026-11-18T0240Z.md', '2026-11-18T0300Z.md', '2026-11-18T0330Z.md', '2026-11-18T0350Z.md', '2026-11-18T0405Z.md', '2026-11-18T0445Z.md']);
    const docs = updates.map((f) => readDoc(dir, `incidents/${card}/${f}`));
    expect(docs.map((d) => d.data.status)).toEqual(['investigating', 'investigating', 'identified', 'identified', 'monitoring', 'monitoring', 'investigating', 'resolved']);
    expect(docs.map((d) => d.data.components ?? null)).toEqual([
      null,
      null,
      { 'card-payments': 'major_outage', api: 'degraded_performance' },
      null,
      { 'card-payments': 'degraded_performance', api: 'operational' },
      null,
      { 'card-payments': 'partial_outage' },
      { 'card-payments': 'operational' },
    ]);
    expect(docs[2]!.data.at).toBe('2026-11-18T09:40:00+07:00');
    expect(docs[2]!.body.trim()).toBe('The card gateway rejects every payment. <script>alert(1)</script>');
    expect(docs[3]!.body.trim()).toBe('A fix is being deployed. مرحبا بالعالم — שלום 👋');
    const postmortem = readDoc(dir, `incidents/${card}/postmortem.md`);
    expect(postmortem.data).toEqual({ status: 'published', published: '2026-11-19T15:00:00+07:00' });
    expect(postmortem.body).toContain('A certificate expired at our card gateway & payments failed.');

    const maintenance = readDoc(dir, `incidents/${await idByTitle(dir, 'Database upgrade')}/index.md`).data;
    expect(maintenance).toEqual({ title: 'Database upgrade', type: 'maintenance', window: { start: '2026-11-11T01:00:00+07:00', end: '2026-11-11T03:00:00+07:00' }, components: { api: 'under_maintenance' } });
    const upcoming = readDoc(dir, `incidents/${await idByTitle(dir, 'Network maintenance')}/index.md`).data;
    expect(upcoming.components).toEqual({ dashboard: 'under_maintenance' });

    // The source's "API" is the config's api (matched by id); "Platform" its group; the rest is added, in the shape kabar init writes.
    const config = await readFile(path.join(dir, 'kabar.config.ts'), 'utf8');
    expect(config.split('\n')).toEqual(
      expect.arrayContaining([
        "    { id: 'payments', name: 'Payments' },",
        "    { id: 'card-payments', group: 'payments', name: 'Card payments', description: 'Credit & debit cards 💳' },",
        "    { id: 'bank-transfer', group: 'payments', name: 'Bank transfer' },",
        "    { id: 'dashboard', name: 'Dashboard', description: 'لوحة التحكم: the merchant dashboard' },",
      ]),
    );
    const check = await checkJson(dir);
    expect(check.errors).toBe(0);
    expect(check.ok).toBe(true);

    // The contract with kabar notify: every imported id is recorded, so none is announced.
    const record = await readJson<ImportedJson>(path.join(dir, '.kabar/imported.json'));
    expect(record.imports).toHaveLength(1);
    expect(record.imports[0]).toMatchObject({ source: 'statuspage', at: new Date(NOW * 1000).toISOString() });
    expect([...record.imports[0]!.incidents].sort()).toEqual(await incidentIds(dir));
    expect(record.imports[0]!.ids[CARD_ID]).toBe(card);
    expect(record.imports[0]!.components).toEqual({ cmp_card: 'card-payments', cmp_bank: 'bank-transfer', cmp_api: 'api', cmp_dash: 'dashboard' });

    const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
    expect(report[0]).toBe('# Import from Atlassian Statuspage');
    expect(report).toContain('| Incidents | 3 |');
    expect(report).toContain('| Maintenance | 2 |');
    expect(report).toContain('| Postmortems | 1 |');
    expect(report.find((l) => l.startsWith('- **"Slow API responses"'))).toMatch(/update upd\w+ had no message; Kabar needs one, so it says "Identified\."/);
    expect(report.find((l) => l.startsWith('- Per-update notification settings'))).toBeDefined();
    expect(report.find((l) => l.startsWith('Already in the config:'))).toBe('Already in the config: API → `api`.');
  });

  it('is idempotent: a second run writes nothing; a file someone edited is never overwritten, a changed source refreshes the rest', async () => {
    const { server, data } = await start();
    const dir = await initRepo();
    expect((await runKabar(dir, managementArgs(server), withKey)).code).toBe(0);
    const first = await snapshot(dir);

    const again = await runKabar(dir, managementArgs(server), withKey);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to import: this repository already holds everything Atlassian Statuspage \(page kdh7xq2m9v4p\) has \(5 incidents and maintenance\)\. Nothing was written\.$/m);
    expect(await snapshot(dir)).toEqual(first);

    // Someone rewords one update; the source then changes that update and another one, and gains an update.
    const card = await idByTitle(dir, CARD_TITLE);
    const edited = `incidents/${card}/2026-11-18T0225Z.md`;
    await writeFile(path.join(dir, edited), first[edited]!.replace('Still investigating', 'We are still investigating'));
    const source = data.incidents.find((i) => i.id === CARD_ID) as { incident_updates: { body: string }[] };
    source.incident_updates.find((u) => u.body.startsWith('Still investigating'))!.body = 'Changed in the source.';
    source.incident_updates.find((u) => u.body.startsWith('The fix is out'))!.body = 'The fix is out everywhere.';
    const active = data.incidents.find((i) => i.id === 'inc3active01') as { incident_updates: Record<string, unknown>[] };
    active.incident_updates.unshift({ id: 'updnewactive', status: 'identified', body: 'A bank partner is slow.', display_at: '2026-11-20T02:50:00.000Z', created_at: '2026-11-20T02:50:00.000Z', affected_components: null });

    const third = await runKabar(dir, managementArgs(server), withKey);
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/0 created, 2 updated, 3 unchanged; 2 files written\./);
    expect(third.stdout).toMatch(/1 file someone changed since the last import was left as it is\./);
    const now = await snapshot(dir);
    expect(now[edited]).toContain('We are still investigating');
    expect(now[`incidents/${card}/2026-11-18T0330Z.md`]).toContain('The fix is out everywhere.');
    const activeId = await idByTitle(dir, 'Bank transfers delayed');
    expect(readDoc(dir, `incidents/${activeId}/2026-11-20T0250Z.md`).data.status).toBe('identified');
    const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
    expect(report).toContain(`- \`${edited}\`: edited since the last import; the source's version was not written`);
    const record = await readJson<ImportedJson>(path.join(dir, '.kabar/imported.json'));
    expect(record.imports).toHaveLength(2);
    expect(record.imports[1]!.files[edited]).toBeUndefined();

    // A deleted update is not brought back either; the next run still keeps the edit.
    await rm(path.join(dir, `incidents/${card}/2026-11-18T0350Z.md`));
    const fourth = await runKabar(dir, managementArgs(server), withKey);
    expect(fourth.code, fourth.stderr).toBe(0);
    expect((await snapshot(dir))[`incidents/${card}/2026-11-18T0350Z.md`]).toBeUndefined();
    expect((await snapshot(dir))[edited]).toContain('We are still investigating');
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('reads every page of incidents and components, as the management API pages them', async () => {
    const data = pageData(fillerIncidents(230));
    data.components.push(...Array.from({ length: 101 }, (_, i) => ({ ...COMPONENTS[3]!, id: `cmp_extra${i}`, name: `Extra ${i}`, description: null, position: 10 + i })));
    const { server } = await start([], data);
    const dir = await initRepo();
    const result = await runKabar(dir, managementArgs(server), withKey);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.map((r) => `${r.path.split('/').pop()}?${new URLSearchParams(r.query)}`)).toEqual([
      'incidents?limit=100&page=1',
      'incidents?limit=100&page=2',
      'incidents?limit=100&page=3',
      'components?per_page=100&page=1',
      'components?per_page=100&page=2',
      'component-groups?per_page=100&page=1',
    ]);
    expect(await incidentIds(dir)).toHaveLength(235);
    expect((await readFile(path.join(dir, 'kabar.config.ts'), 'utf8')).match(/\{ id: 'extra-\d+', name: 'Extra \d+' \}/g)).toHaveLength(101);
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('waits out a rate limit as Retry-After asks, then carries on', async () => {
    const { server } = await start();
    server.fail(/\/components$/, { status: 429, body: { error: 'Rate limit exceeded' }, headers: { 'retry-after': '0' } }, 2);
    const dir = await initRepo();
    const result = await runKabar(dir, managementArgs(server), withKey);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.filter((r) => r.path.endsWith('/components'))).toHaveLength(3);
  });

  const failures: [string, (s: StatuspageServer) => void, Record<string, string>, RegExp][] = [
    ['a wrong key (401)', () => {}, { STATUSPAGE_API_KEY: 'wrong' }, /^kabar import statuspage: Statuspage answered 401 Unauthorized for http:\/\/127\.0\.0\.1:\d+\/v1\/pages\/kdh7xq2m9v4p\/incidents\?limit=100&page=1 \("Could not authenticate"\): the API key was refused; set STATUSPAGE_API_KEY to a key from Statuspage \(your avatar → API info\)\. Nothing was changed\.$/m],
    ['a key without access (403)', (s) => s.fail(/incidents$/, { status: 403, body: { error: 'Forbidden' } }), withKey, /answered 403 Forbidden .*: the API key may not read page kdh7xq2m9v4p; use a key of a user of that page's organisation\. Nothing was changed\.$/m],
    ['an unknown page (404)', (s) => s.fail(/incidents$/, { status: 404, body: { error: 'The requested resource could not be found.' } }), withKey, /answered 404 Not Found .*: there is no page "kdh7xq2m9v4p" for this key; check --page-id/m],
    ['a rate limit that does not end (420)', (s) => s.fail(/incidents$/, { status: 420, body: { error: 'Enhance your calm' }, headers: { 'retry-after': '0' } }), withKey, /Statuspage is rate-limiting these requests \(420 at .*, still after 6 tries\): wait a minute and run the import again\. Nothing was changed\.$/m],
    ['a rate limit on the last list (429)', (s) => s.fail(/component-groups$/, { status: 429, headers: { 'retry-after': '0' } }), withKey, /rate-limiting these requests \(429/],
    ['a dropped connection', (s) => s.fail(/components$/, 'drop'), withKey, /could not reach Statuspage at http:\/\/127\.0\.0\.1:\d+\/v1\/pages\/kdh7xq2m9v4p\/components\?per_page=100&page=1 \(.+\): check the network connection and the address\. Nothing was changed\.$/m],
    ['an answer cut off mid-body', (s) => s.fail(/incidents$/, 'cut'), withKey, /^kabar import statuspage: Statuspage's answer from http:\/\/127\.0\.0\.1:\d+\/v1\/pages\/kdh7xq2m9v4p\/incidents\?limit=100&page=1 was cut off after 20 bytes \(.+\): run the import again\. Nothing was changed\.$/m],
    ['a server error', (s) => s.fail(/incidents$/, { status: 503, body: { error: 'down for maintenance' } }), withKey, /answered 503 Service Unavailable .*: try again later\. Nothing was changed\.$/m],
  ];
  for (const [name, arrange, env, message] of failures) {
    it(`on ${name}, says what to do and changes nothing`, async () => {
      const { server } = await start();
      arrange(server);
      const dir = await initRepo();
      const before = await snapshot(dir);
      const result = await runKabar(dir, managementArgs(server), env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('an --api-url without /v1: the 404 is blamed on the address it requested, not on the page id', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const before = await snapshot(dir);
    const base = server.apiBase.replace(/\/v1$/, '');
    const result = await runKabar(dir, ['import', 'statuspage', '--page-id', PAGE_ID, '--api-url', base], withKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`kabar import statuspage: Statuspage answered 404 Not Found for ${base}/pages/${PAGE_ID}/incidents?limit=100&page=1: --api-url ${base} is not Statuspage's management API, whose address ends in /v1 (https://api.statuspage.io/v1); check --api-url or KABAR_STATUSPAGE_API_URL. Nothing was changed.\n`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('--dry-run shows what would be written, and writes nothing', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, [...managementArgs(server), '--dry-run'], withKey);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Dry run: nothing was written.');
    expect(lines).toContain('  create    incidents/2026-11-18-card-payments-failing-script-alert-x-script-more/ (index.md, 8 updates, postmortem.md)');
    expect(lines).toContain('Would add to kabar.config.ts:');
    expect(lines).toContain("      { id: 'bank-transfer', group: 'payments', name: 'Bank transfer' },");
    expect(lines).toContain('  # Import from Atlassian Statuspage');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('when the config cannot be edited safely, prints the entries to add and changes nothing; with them added, the import runs', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const configPath = path.join(dir, 'kabar.config.ts');
    const original = await readFile(configPath, 'utf8');
    // Components built in code: not the shape kabar init writes.
    const custom = original.replace(/ {2}components: \[\n([\s\S]*?)\n {2}\],/, (_, entries: string) => `  components: [\n${entries}\n  ].map((c) => ({ ...c })),`);
    await writeFile(configPath, custom);
    const before = await snapshot(dir);
    const result = await runKabar(dir, managementArgs(server), withKey);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar import statuspage: the imported history needs 1 group and 3 components that kabar\.config\.ts does not have, and Kabar cannot add them safely: its "components" list holds something other than one plain entry per line \(line \d+\)\. Add these entries to kabar\.config\.ts yourself, then run the import again \(nothing was changed\):$/m);
    const block = result.stderr.slice(result.stderr.indexOf('  groups: ['));
    expect(block.split('\n')).toEqual(expect.arrayContaining(["    { id: 'payments', name: 'Payments' },", "    { id: 'dashboard', name: 'Dashboard', description: 'لوحة التحكم: the merchant dashboard' },"]));
    expect(await snapshot(dir)).toEqual(before);

    const refused = await runKabar(dir, [...managementArgs(server), '--no-edit-config'], withKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/cannot add them safely: you asked not to edit it \(--no-edit-config\)/);

    // The user pastes the entries (their own way), and runs the import again.
    const groups = "  groups: [{ id: 'platform', name: 'Platform' }, { id: 'payments', name: 'Payments' }],";
    const pasted = custom
      .replace(/ {2}groups: \[\n[\s\S]*?\n {2}\],/, groups)
      .replace("  ].map((c) => ({ ...c })),", "    { id: 'card-payments', group: 'payments', name: 'Card payments' },\n    { id: 'bank-transfer', group: 'payments', name: 'Bank transfer' },\n    { id: 'dashboard', name: 'Dashboard' },\n  ].map((c) => ({ ...c })),");
    await writeFile(configPath, pasted);
    const after = await runKabar(dir, managementArgs(server), withKey);
    expect(after.code, after.stderr).toBe(0);
    expect(await readFile(configPath, 'utf8')).toBe(pasted);
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('--pr commits the import on a branch and opens a pull request whose description is the report', async () => {
    const { server } = await start();
    const github = await startGitHubServer({ token: 'ghp_status' });
    try {
      const dir = await initRepo();
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.email', 'oncall@example.com');
      git(dir, 'config', 'user.name', 'On-call');
      git(dir, 'config', 'commit.gpgsign', 'false');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'Status repository');
      const remote = path.join(dir, '..', 'origin.git');
      execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
      git(dir, 'remote', 'add', 'origin', remote);
      git(dir, 'push', '-q', 'origin', 'main');
      const env = { ...withKey, GITHUB_TOKEN: 'ghp_status', GITHUB_API_URL: github.baseUrl, KABAR_GITHUB_REPOSITORY: 'acme/status' };
      const result = await runKabar(dir, [...managementArgs(server), '--pr'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Opened pull request #1: https:\/\/github\.com\/acme\/status\/pull\/1$/m);
      expect(github.pulls).toHaveLength(1);
      const pull = github.pulls[0]!;
      expect(pull).toMatchObject({ title: 'Import the history of Atlassian Statuspage: 3 incidents and 2 maintenance', base: 'main', labels: ['import'] });
      expect(pull.head).toMatch(/^kabar\/import-statuspage-[a-z]{4}$/);
      expect(pull.body!.trim()).toBe(git(dir, 'show', `${pull.head}:import-report.md`));
      // Everything the import wrote is in the one commit, and the checkout is as it was: the import lives on the branch.
      const committed = git(dir, 'show', '--name-only', '--format=', pull.head).split('\n');
      expect(committed).toEqual(expect.arrayContaining(['.kabar/imported.json', 'import-report.md', 'kabar.config.ts', 'incidents/2026-11-18-card-payments-failing-script-alert-x-script-more/postmortem.md']));
      expect(git(dir, 'status', '--porcelain')).toBe('');
      expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(git(remote, 'log', '--format=%s', '-1', pull.head)).toBe('Import the history of Atlassian Statuspage: 3 incidents and 2 maintenance');
    } finally {
      await github.close();
    }
  });

  it('--pr writes mentions and images from the source as inert text in the pull request: nobody is notified, nothing is loaded', async () => {
    const extra = fillerIncidents(1);
    extra[0]!.name = 'Outage, cc @acme/oncall ![pixel](http://tracker.example/p.png) <img src="http://tracker.example/q.png">';
    const { server } = await start(extra);
    const github = await startGitHubServer({ token: 'ghp_status' });
    try {
      const dir = await initRepo();
      git(dir, 'init', '-q', '-b', 'main');
      git(dir, 'config', 'user.email', 'oncall@example.com');
      git(dir, 'config', 'user.name', 'On-call');
      git(dir, 'config', 'commit.gpgsign', 'false');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'Status repository');
      const remote = path.join(dir, '..', 'origin.git');
      execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
      git(dir, 'remote', 'add', 'origin', remote);
      git(dir, 'push', '-q', 'origin', 'main');
      const env = { ...withKey, GITHUB_TOKEN: 'ghp_status', GITHUB_API_URL: github.baseUrl, KABAR_GITHUB_REPOSITORY: 'acme/status' };
      const result = await runKabar(dir, [...managementArgs(server), '--pr'], env);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const sent = github.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/status/pulls').map((r) => (r.body as { body: string }).body);
      expect(sent).toHaveLength(1);
      const rendered = sent[0]!.replace(/`[^`\n]*`/g, '');
      expect(rendered).toContain('Outage, cc @\u200Bacme/oncall \\![pixel](http://tracker.example/p.png) \\<img');
      expect(rendered).not.toMatch(/(?<![A-Za-z0-9])@[A-Za-z0-9]/);
      expect(rendered).not.toMatch(/(?<!\\)!\[/);
      expect(rendered).not.toMatch(/(?<!\\)<img/i);
    } finally {
      await github.close();
    }
  });

  it('with a key and no --page-id, reads the key\'s only page', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'statuspage', '--api-url', server.apiBase], withKey);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests[0]!.path).toBe('/v1/pages');
    expect(server.requests[1]!.path).toBe(`/v1/pages/${PAGE_ID}/incidents`);
    expect(await incidentIds(dir)).toHaveLength(5);
  });

  it('without a key or an address, says how to name the page', async () => {
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'statuspage']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kabar import statuspage: name the page: set STATUSPAGE_API_KEY (and --page-id) for the whole history, or pass --url <page address> for the public API\n');
    const noKey = await runKabar(dir, ['import', 'statuspage', '--page-id', PAGE_ID]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/--page-id reads the management API, which needs an API key in STATUSPAGE_API_KEY/);
  });
});

describe('kabar import statuspage --url (public API)', () => {
  it('imports the 50 newest incidents and the maintenances without a key, and the report says older history is missing', async () => {
    const { server } = await start(fillerIncidents(60));
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'statuspage', '--url', server.pageUrl]);
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/v2/incidents.json', '/api/v2/scheduled-maintenances.json', '/api/v2/components.json']);
    expect(server.requests.every((r) => r.authorization === undefined)).toBe(true);
    expect(await incidentIds(dir)).toHaveLength(52);
    const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
    expect(report.find((l) => l.startsWith('- The public API returns only the 50 newest'))).toMatch(/this page returned that many: anything older is missing\. With an API key \(STATUSPAGE_API_KEY and --page-id\) the import reads the whole history$/);
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('a later import with the key keeps the ids the public import gave, and adds the older history', async () => {
    const { server } = await start(fillerIncidents(60));
    const dir = await initRepo();
    // A file of the user's own that happens to have the report's name is never overwritten.
    await writeFile(path.join(dir, 'import-report.md'), '# Our migration notes\n');
    expect((await runKabar(dir, ['import', 'statuspage', '--url', server.pageUrl])).code).toBe(0);
    const before = await incidentIds(dir);
    const result = await runKabar(dir, managementArgs(server), withKey);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ 13 created, 0 updated, 52 unchanged;/);
    expect(result.stdout).toMatch(/What was skipped, changed or lost: import-report-2\.md \(import-report\.md is not one an import wrote, so it was left as it is\)\./);
    expect(await readFile(path.join(dir, 'import-report.md'), 'utf8')).toBe('# Our migration notes\n');
    expect((await readFile(path.join(dir, 'import-report-2.md'), 'utf8')).split('\n')[0]).toBe('# Import from Atlassian Statuspage');
    expect(await incidentIds(dir)).toEqual(expect.arrayContaining(before));
    expect(await incidentIds(dir)).toHaveLength(65);
  });

  it('a public page that showed no groups, then the key: the groups are added and the components the first import added join them; a line the user changed stays', async () => {
    const publicServer = await startStatuspageServer({ ...pageData(), groups: [] }, API_KEY);
    try {
      const dir = await initRepo();
      expect((await runKabar(dir, ['import', 'statuspage', '--url', publicServer.pageUrl])).code).toBe(0);
      const configFile = path.join(dir, 'kabar.config.ts');
      const first = await readFile(configFile, 'utf8');
      expect(first).not.toMatch(/'payments'/);
      expect(first.split('\n')).toContain("    { id: 'bank-transfer', name: 'Bank transfer' },");
      // The user renames one of them: that line is theirs now.
      await writeFile(configFile, first.replace("{ id: 'bank-transfer', name: 'Bank transfer' }", "{ id: 'bank-transfer', name: 'Bank transfers (SEPA)' }"));
      const { server } = await start();
      const result = await runKabar(dir, managementArgs(server), withKey);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^ {2}Added 1 group and the group of 1 component to kabar\.config\.ts\.$/m);
      const config = (await readFile(configFile, 'utf8')).split('\n');
      expect(config).toContain("    { id: 'payments', name: 'Payments' },");
      expect(config).toContain("    { id: 'card-payments', group: 'payments', name: 'Card payments', description: 'Credit & debit cards 💳' },");
      expect(config).toContain("    { id: 'bank-transfer', name: 'Bank transfers (SEPA)' },");
      const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
      expect(report).not.toContain('Every component and group was already in the config.');
      expect(report).toContain('Added to kabar.config.ts, groups: Payments (`payments`).');
      expect(report).toContain('Put in their group (an earlier import added them without one): Card payments (`card-payments`) → `payments`.');
      expect(report.join('\n')).toContain('The source puts "Bank transfer" (`bank-transfer`) in its group "Payments", but its line in the config is not the one an import wrote, so it stays where it is (to group it, give it `group: \'payments\'`)');
      expect((await checkJson(dir)).errors).toBe(0);
    } finally {
      await publicServer.close();
    }
  });

  it('a page that is not on Statuspage: 404 with what to check, nothing changed', async () => {
    const { server } = await start();
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, ['import', 'statuspage', '--url', `${server.pageUrl}/nothing`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar import statuspage: the status page answered 404 Not Found for http:\/\/127\.0\.0\.1:\d+\/nothing\/api\/v2\/incidents\.json: http:\/\/127\.0\.0\.1:\d+\/nothing has no Statuspage API \(\/api\/v2\/\); check --url is the address of a page hosted by Atlassian Statuspage\. Nothing was changed\.$/m);
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('an imported Statuspage history, built', () => {
  it('builds, and its api/v2 JSON gives back the source\'s statuses, update times and component transitions', async () => {
    const { server, data } = await start();
    const dir = await initRepo();
    expect((await runKabar(dir, managementArgs(server), withKey)).code).toBe(0);
    const site = await buildRepo(dir, NOW * 1000);
    const record = (await readJson<ImportedJson>(path.join(dir, '.kabar/imported.json'))).imports[0]!;
    type Api = { id: string; name: string; status: string; impact: string; incident_updates: { status: string; display_at: string; body: string; affected_components: { code: string; old_status: string; new_status: string }[] | null }[] };
    const incidents = (await readJson<{ incidents: Api[] }>(path.join(site, 'api/v2/incidents.json'))).incidents;
    const maintenances = (await readJson<{ scheduled_maintenances: Api[] }>(path.join(site, 'api/v2/scheduled-maintenances.json'))).scheduled_maintenances;
    const checked: string[] = [];
    for (const source of data.incidents as unknown as (Api & { scheduled_for: string | null })[]) {
      const ours = [...incidents, ...maintenances].find((i) => i.id === record.ids[source.id]);
      expect(ours, source.name).toBeDefined();
      expect(ours!.name).toBe(source.name);
      expect(ours!.status).toBe(source.status);
      expect(ours!.impact).toBe(source.impact);
      const theirs = [...source.incident_updates].reverse();
      const mine = [...ours!.incident_updates].reverse();
      expect(mine.map((u) => u.status)).toEqual(theirs.map((u) => u.status));
      expect(mine.map((u) => Date.parse(u.display_at))).toEqual(theirs.map((u) => Math.floor(Date.parse(u.display_at) / 1000) * 1000));
      theirs.forEach((u, i) => {
        if (u.body) expect(mine[i]!.body).toBe(u.body);
      });
      // An upcoming maintenance lists its components from the announcement on, as Kabar's own maintenance does.
      if (source.status !== 'scheduled') {
        const transitions = (list: typeof mine, code: (c: string) => string) => list.map((u) => (u.affected_components ?? []).map((a) => `${code(a.code)} ${a.old_status} → ${a.new_status}`));
        expect(transitions(mine, (c) => c)).toEqual(transitions(theirs, (c) => record.components[c]!));
      }
      checked.push(source.name);
    }
    expect(checked).toHaveLength(5);
  });
});

async function incidentFiles(dir: string, id: string): Promise<string[]> {
  return Object.keys(await snapshot(path.join(dir, 'incidents', id))).sort();
}
