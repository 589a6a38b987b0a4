import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NOW, readDoc } from '../cli/cli-harness.ts';
import { githubErrors, startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { buildRepo, checkJson, incidentIds, initRepo, readJson, runKabar, snapshot } from './helpers.ts';

/**
 * An Upptime repository as its monitor and its people leave it: issues the monitor
 * opened ("🛑 … is down", "⚠️ … has degraded performance", "**Resolved:** …" comments),
 * one opened by hand, maintenance issues with their <!-- start/end --> block, a
 * pull request and an unrelated issue (both to be ignored), and .upptimerc.yml.
 */
const UPPTIMERC = `owner: acme
repo: status
sites:
  - name: Website
    url: https://acme.example
  - name: Public API
    url: https://api.acme.example
    slug: api
  - name: Checkout 🛒
    url: https://pay.acme.example
status-website:
  name: Acme Status
`;

const upBody = (site: string, url: string, what: string) => `In [\`a1b2c3d\`](https://github.com/acme/status/commit/a1b2c3d4e5f6), ${site} (${url}) ${what}:\n- HTTP code: 0\n- Response time: 0 ms\n`;

function seed(server: GitHubServer): void {
  server.seedFile('.upptimerc.yml', UPPTIMERC);
  server.seedIssue({ number: 1, title: '🛑 Public API is down', labels: ['status', 'api'], state: 'closed', createdAt: '2026-11-10T04:00:00Z', closedAt: '2026-11-10T04:37:10Z', body: upBody('Public API', 'https://api.acme.example', 'was **down**'), user: 'upptime-bot' });
  server.seedComment(1, 'We are rolling back a deploy & watching 👀', 'dewi', '2026-11-10T04:15:00Z');
  server.seedComment(1, '**Resolved:** Public API is back up in [`e5f6a7b`](https://github.com/acme/status/commit/e5f6a7b8) after 37 minutes.', 'upptime-bot', '2026-11-10T04:37:05Z');
  server.seedIssue({ number: 2, title: '⚠️ Website has degraded performance', labels: ['status', 'website'], state: 'closed', createdAt: '2026-11-12T10:00:00Z', closedAt: '2026-11-12T10:20:00Z', body: upBody('Website', 'https://acme.example', 'experienced **degraded performance**') });
  server.seedIssue({ number: 3, title: 'Checkout <b>slow</b> for some & RTL: الدفع بطيء', labels: ['status', 'checkout'], state: 'closed', createdAt: '2026-11-15T08:00:00Z', closedAt: '2026-11-15T09:00:00Z', body: 'Some payments take a minute. <script>alert(1)</script>' });
  server.seedComment(3, 'A cache node is overloaded; we are replacing it.', 'dewi', '2026-11-15T08:30:00Z');
  server.seedComment(3, '**Resolved:** checkout is fast again.', 'dewi', '2026-11-15T08:59:30Z');
  server.seedComment(3, 'Root cause: a bad cache configuration. שלום', 'budi', '2026-11-16T10:00:00Z');
  server.seedIssue({ number: 4, title: 'Add a status badge to the README', labels: ['enhancement'], state: 'open', createdAt: '2026-11-16T10:00:00Z' });
  server.seedIssue({ number: 5, title: 'Update the monitor', labels: ['status'], state: 'closed', createdAt: '2026-11-16T11:00:00Z', closedAt: '2026-11-16T12:00:00Z', pullRequest: true });
  server.seedIssue({ number: 6, title: 'Database migration', labels: ['maintenance'], state: 'open', createdAt: '2026-11-18T09:00:00Z', body: '<!--\nstart: 2026-11-25T01:00:00.000Z\nend: 2026-11-25T03:00:00.000Z\nexpectedDown: api, checkout\n-->\n\nThe API and checkout will be unavailable during the migration.' });
  server.seedIssue({ number: 7, title: 'Network switch replacement', labels: ['maintenance'], state: 'closed', createdAt: '2026-11-01T09:00:00Z', closedAt: '2026-11-05T02:05:00Z', body: '<!--\nstart: 2026-11-05 01:00\nend: 2026-11-05 02:00\nexpectedDegraded: website\n-->\n\nThe website may be slow.' });
  server.seedIssue({ number: 8, title: '🛑 Website is down', labels: ['status', 'website'], state: 'open', createdAt: '2026-11-20T02:50:00Z', body: upBody('Website', 'https://acme.example', 'was **down**') });
  server.seedComment(8, 'We are looking into it.', 'dewi', '2026-11-20T03:00:00Z');
}

let server: GitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const args = (s: GitHubServer, repo = 'acme/status') => ['import', 'upptime', repo, '--api-url', s.baseUrl];

async function byTitle(dir: string): Promise<Map<string, string>> {
  return new Map((await incidentIds(dir)).map((id) => [String(readDoc(dir, `incidents/${id}/index.md`).data.title), id]));
}

function updatesOf(dir: string, id: string, files: Record<string, string>) {
  return Object.keys(files)
    .filter((f) => f.startsWith(`incidents/${id}/`) && /Z\.md$/.test(f))
    .map((f) => readDoc(dir, f))
    .sort((a, b) => Date.parse(String(a.data.at)) - Date.parse(String(b.data.at)));
}

describe('kabar import upptime', () => {
  it('imports the status and maintenance issues with their comments, the sites as components, and passes kabar check', async () => {
    server = await startGitHubServer();
    seed(server);
    const dir = await initRepo();
    const result = await runKabar(dir, args(server));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Imported 4 incidents and 2 maintenance from Upptime \(acme\/status, its GitHub issues and \.upptimerc\.yml\)\.$/m);
    expect(server.requests.filter((r) => r.path === '/repos/acme/status/issues').map((r) => r.query)).toEqual([
      { state: 'all', labels: 'status', per_page: '100', sort: 'created', direction: 'asc', page: '1' },
      { state: 'all', labels: 'maintenance', per_page: '100', sort: 'created', direction: 'asc', page: '1' },
    ]);

    const titles = await byTitle(dir);
    expect([...titles.keys()].sort()).toEqual(['Checkout <b>slow</b> for some & RTL: الدفع بطيء', 'Database migration', 'Network switch replacement', 'Public API is down', 'Website has degraded performance', 'Website is down']);
    const files = await snapshot(dir);

    const api = titles.get('Public API is down')!;
    expect(readDoc(dir, `incidents/${api}/index.md`).data).toEqual({ title: 'Public API is down', severity: 'serious', started: '2026-11-10T11:00:00+07:00', components: { api: 'major_outage' } });
    const apiUpdates = updatesOf(dir, api, files);
    expect(apiUpdates.map((u) => [u.data.at, u.data.status, u.data.components ?? null])).toEqual([
      ['2026-11-10T11:00:00+07:00', 'investigating', null],
      ['2026-11-10T11:15:00+07:00', 'investigating', null],
      ['2026-11-10T11:37:05+07:00', 'resolved', { api: 'operational' }],
    ]);
    expect(apiUpdates[0]!.body).toContain('Public API (https://api.acme.example) was **down**');
    expect(apiUpdates[1]!.body.trim()).toBe('We are rolling back a deploy & watching 👀');

    const web = titles.get('Website has degraded performance')!;
    expect(readDoc(dir, `incidents/${web}/index.md`).data).toMatchObject({ severity: 'minimal', components: { web: 'degraded_performance' } });
    expect(updatesOf(dir, web, files).map((u) => [u.data.status, u.body.trim()])).toEqual([
      ['investigating', expect.stringContaining('experienced **degraded performance**')],
      ['resolved', 'Resolved.'],
    ]);

    const checkout = titles.get('Checkout <b>slow</b> for some & RTL: الدفع بطيء')!;
    expect(readDoc(dir, `incidents/${checkout}/index.md`).data).toMatchObject({ severity: 'significant', components: { checkout: 'partial_outage' } });
    const checkoutUpdates = updatesOf(dir, checkout, files);
    expect(checkoutUpdates.map((u) => u.data.status)).toEqual(['investigating', 'investigating', 'resolved']);
    expect(checkoutUpdates[0]!.body.trim()).toBe('Some payments take a minute. <script>alert(1)</script>');
    expect(checkoutUpdates[2]!.body.trim()).toBe('**Resolved:** checkout is fast again.\n\nRoot cause: a bad cache configuration. שלום');

    const active = titles.get('Website is down')!;
    expect(updatesOf(dir, active, files).map((u) => u.data.status)).toEqual(['investigating', 'investigating']);

    const migration = titles.get('Database migration')!;
    expect(readDoc(dir, `incidents/${migration}/index.md`).data).toEqual({ title: 'Database migration', type: 'maintenance', window: { start: '2026-11-25T08:00:00+07:00', end: '2026-11-25T10:00:00+07:00' }, components: { api: 'under_maintenance', checkout: 'under_maintenance' } });
    expect(updatesOf(dir, migration, files).map((u) => [u.data.status, u.body.trim()])).toEqual([['scheduled', 'The API and checkout will be unavailable during the migration.']]);
    const network = titles.get('Network switch replacement')!;
    expect(readDoc(dir, `incidents/${network}/index.md`).data).toMatchObject({ window: { start: '2026-11-05T08:00:00+07:00', end: '2026-11-05T09:00:00+07:00' }, components: { web: 'under_maintenance' } });

    const config = await readFile(path.join(dir, 'kabar.config.ts'), 'utf8');
    expect(config.split('\n')).toContain("    { id: 'checkout', name: 'Checkout 🛒' },");
    expect((await checkJson(dir)).errors).toBe(0);

    const report = (await readFile(path.join(dir, 'import-report.md'), 'utf8')).split('\n');
    expect(report[0]).toBe('# Import from Upptime');
    expect(report.find((l) => l.includes('acme/status#3'))).toMatch(/1 comment posted after the issue was closed is part of the resolution's message/);
    expect(report.find((l) => l.startsWith('- 2 maintenance times had no time zone'))).toBeDefined();
    const record = await readJson<{ imports: { source: string; incidents: string[] }[] }>(path.join(dir, '.kabar/imported.json'));
    expect(record.imports[0]!.source).toBe('upptime');
    expect([...record.imports[0]!.incidents].sort()).toEqual(await incidentIds(dir));

    // Again: nothing to do.
    const before = await snapshot(dir);
    const again = await runKabar(dir, args(server));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Nothing to import/);
    expect(await snapshot(dir)).toEqual(before);

    // The page builds, and its API shows what Upptime showed.
    const site = await buildRepo(dir, NOW * 1000);
    type Api = { id: string; status: string; incident_updates: { status: string; affected_components: { code: string; new_status: string }[] | null }[] };
    const incidents = (await readJson<{ incidents: Api[] }>(path.join(site, 'api/v2/incidents.json'))).incidents;
    const statusOf = (id: string) => incidents.find((i) => i.id === id)?.status;
    expect([statusOf(api), statusOf(web), statusOf(checkout), statusOf(active)]).toEqual(['resolved', 'resolved', 'resolved', 'investigating']);
    expect(incidents.find((i) => i.id === api)!.incident_updates.map((u) => (u.affected_components ?? []).map((a) => `${a.code} ${a.new_status}`))).toEqual([['api operational'], [], ['api major_outage']]);
  });

  it('follows GitHub\'s pages of issues and of the repository\'s comments (one listing, not one per issue)', async () => {
    server = await startGitHubServer();
    server.seedFile('.upptimerc.yml', UPPTIMERC);
    for (let n = 1; n <= 130; n++) {
      const day = new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      server.seedIssue({ number: n, title: '🛑 Website is down', labels: ['status', 'website'], state: 'closed', createdAt: `${day}T01:00:00Z`, closedAt: `${day}T01:30:00Z`, body: 'Down.' });
    }
    for (let c = 0; c < 105; c++) server.seedComment(130, `Check ${c + 1}`, 'dewi', new Date(Date.UTC(2025, 4, 11, 1, 0, 10 + c)).toISOString());
    const dir = await initRepo();
    const result = await runKabar(dir, args(server));
    expect(result.code, result.stderr).toBe(0);
    const pages = (p: string) => server!.requests.filter((r) => r.path === p).map((r) => r.query.page ?? '1');
    expect(pages('/repos/acme/status/issues')).toEqual(['1', '2', '1']);
    expect(pages('/repos/acme/status/issues/comments')).toEqual(['1', '2']);
    expect(server.requests.filter((r) => /\/issues\/\d+\/comments$/.test(r.path))).toEqual([]);
    expect(await incidentIds(dir)).toHaveLength(130);
    expect((await checkJson(dir)).errors).toBe(0);
  });

  it('a page cut off mid-list is an error that changes nothing, never an empty last page', async () => {
    server = await startGitHubServer();
    server.seedFile('.upptimerc.yml', UPPTIMERC);
    for (let n = 1; n <= 130; n++) {
      const day = new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
      server.seedIssue({ number: n, title: '🛑 Website is down', labels: ['status', 'website'], state: 'closed', createdAt: `${day}T01:00:00Z`, closedAt: `${day}T01:30:00Z`, body: 'Down.' });
    }
    const dir = await initRepo();
    expect((await runKabar(dir, args(server))).code).toBe(0);
    // A second import, whose second page of issues arrives cut off mid-body: it must not read as "no more issues".
    const cut = JSON.stringify([{ number: 101, title: '🛑 Website is down', labels: [{ name: 'status' }], state: 'closed' }]).slice(0, 40);
    server.fail('GET', /\/repos\/acme\/status\/issues$/, { status: 200, raw: cut }, { after: 1 });
    const before = await snapshot(dir);
    const result = await runKabar(dir, args(server));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar import upptime: GitHub's page 2 of the "status" issues of acme\/status is not a complete list \(a response cut off, or not JSON\): run the import again\. Nothing was changed\.$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('reads a private repository with GITHUB_TOKEN', async () => {
    server = await startGitHubServer({ token: 'ghp_upptime' });
    seed(server);
    const dir = await initRepo();
    const result = await runKabar(dir, args(server), { GITHUB_TOKEN: 'ghp_upptime' });
    expect(result.code, result.stderr).toBe(0);
    expect(server.requests.every((r) => r.headers.authorization === 'token ghp_upptime')).toBe(true);
  });

  const failures: [string, (s: GitHubServer) => void, Record<string, string>, string, RegExp][] = [
    ['a rejected token (401)', () => {}, { GITHUB_TOKEN: 'wrong' }, 'acme/status', /^kabar import upptime: GitHub rejected the token \(401\): set GITHUB_TOKEN to a valid token that can read the issues of acme\/status, or unset it for a public repository\. Nothing was changed\.$/m],
    ['an unknown repository (404)', (s) => s.fail('GET', /\/repos\/acme\/nothing\//, { status: 404, body: { message: 'Not Found' } }), { GITHUB_TOKEN: 'ghp_upptime' }, 'acme/nothing', /GitHub has no repository acme\/nothing \(404\): check the owner\/name, and for a private repository set GITHUB_TOKEN to a token that can read its issues\. Nothing was changed\.$/m],
    ['a rate limit on the comments (403)', (s) => s.fail('GET', /\/comments$/, githubErrors.rateLimited(Date.UTC(2026, 10, 20, 4) / 1000)), { GITHUB_TOKEN: 'ghp_upptime' }, 'acme/status', /GitHub's API rate limit is exhausted \(403\): try again after 2026-11-20T04:00:00Z\. Nothing was changed\.$/m],
    ['a rate limit without a token', (s) => s.fail('GET', /^\/repos\/acme\/status\//, githubErrors.rateLimited(Date.UTC(2026, 10, 20, 4) / 1000)), {}, 'acme/status', /GitHub's API rate limit is exhausted \(403\): try again after 2026-11-20T04:00:00Z; a token in GITHUB_TOKEN raises GitHub's limit from 60 to 5,000 requests an hour\. Nothing was changed\.$/m],
  ];
  for (const [name, arrange, env, repo, message] of failures) {
    it(`on ${name}, says what to do and changes nothing`, async () => {
      server = await startGitHubServer({ token: 'ghp_upptime' });
      seed(server);
      arrange(server);
      const dir = await initRepo();
      const before = await snapshot(dir);
      const result = await runKabar(dir, args(server, repo), env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('an unreachable GitHub API changes nothing', async () => {
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, ['import', 'upptime', 'acme/status', '--api-url', 'http://127.0.0.1:9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar import upptime: could not reach the GitHub API at http:\/\/127\.0\.0\.1:9 \(.+\): check the network connection and GITHUB_API_URL\. Nothing was changed\.$/m);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses what is not owner/repo', async () => {
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'upptime', 'just-a-name']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kabar import upptime: "just-a-name" is not a repository (expected owner/repo, e.g. acme/status)\n');
  });
});

describe('kabar import upptime finds sites by the slugs Upptime gives them', () => {
  it('"GitHub" is git-hub, "AT&T Portal" at-and-t-portal, "Café Ünïcode" cafe-uenicode, "鸭鸭梨" stays itself: each issue and maintenance finds its component', async () => {
    server = await startGitHubServer();
    server.seedFile('.upptimerc.yml', `owner: acme\nrepo: status\nsites:\n  - name: GitHub\n    url: https://github.com\n  - name: AT&T Portal\n    url: https://att.example\n  - name: Café Ünïcode\n    url: https://cafe.example\n  - name: 鸭鸭梨\n    url: https://duck.example\n`);
    const down = (n: number, name: string, label: string) =>
      server!.seedIssue({ number: n, title: `🛑 ${name} is down`, labels: ['status', label], state: 'closed', createdAt: `2026-11-1${n}T04:00:00Z`, closedAt: `2026-11-1${n}T04:30:00Z`, body: 'Down.' });
    down(1, 'GitHub', 'git-hub');
    down(2, 'AT&T Portal', 'at-and-t-portal');
    down(3, 'Café Ünïcode', 'cafe-uenicode');
    down(4, '鸭鸭梨', '鸭鸭梨');
    server.seedIssue({ number: 5, title: 'Portal upgrade', labels: ['maintenance'], state: 'open', createdAt: '2026-11-18T09:00:00Z', body: '<!--\nstart: 2026-12-25T01:00:00.000Z\nend: 2026-12-25T03:00:00.000Z\nexpectedDown: at-and-t-portal, git-hub\n-->\n\nUpgrade.' });
    const dir = await initRepo();
    const result = await runKabar(dir, args(server));
    expect(result.code, result.stderr).toBe(0);
    const titles = await byTitle(dir);
    const components = (title: string) => Object.keys(readDoc(dir, `incidents/${titles.get(title)}/index.md`).data.components as object);
    expect(['GitHub is down', 'AT&T Portal is down', 'Café Ünïcode is down', '鸭鸭梨 is down', 'Portal upgrade'].map(components)).toEqual([['github'], ['at-t-portal'], ['cafe-unicode'], ['component'], ['at-t-portal', 'github']]);
    expect(await readFile(path.join(dir, 'import-report.md'), 'utf8')).not.toMatch(/not a site|unknown/i);
    expect((await checkJson(dir)).errors).toBe(0);
  });
});

describe('kabar import upptime: a maintenance closed before its window', () => {
  it('is cancelled: its closing says "Cancelled.", and the page, the list and the calendar say Cancelled, never Completed', async () => {
    server = await startGitHubServer();
    server.seedFile('.upptimerc.yml', UPPTIMERC);
    server.seedIssue({ number: 1, title: 'Router swap', labels: ['maintenance'], state: 'closed', createdAt: '2026-11-01T09:00:00Z', closedAt: '2026-11-03T10:00:00Z', body: '<!--\nstart: 2026-11-10T01:00:00Z\nend: 2026-11-10T02:00:00Z\nexpectedDown: website\n-->\n\nThe website will be down.' });
    const dir = await initRepo();
    const result = await runKabar(dir, args(server));
    expect(result.code, result.stderr).toBe(0);
    const id = (await byTitle(dir)).get('Router swap')!;
    const files = await snapshot(dir);
    expect(updatesOf(dir, id, files).map((u) => [u.data.status, u.body.trim()])).toEqual([['scheduled', 'The website will be down.'], ['completed', 'Cancelled.']]);
    const site = await buildRepo(dir, NOW * 1000);
    const page = await readFile(path.join(site, 'incidents', id, 'index.html'), 'utf8');
    const words = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(words(page)).toMatch(/Cancelled · Maintenance/);
    expect(words(page)).not.toMatch(/Completed/);
    const history = await readFile(path.join(site, 'history', 'index.html'), 'utf8');
    expect(words(history)).toMatch(/Router swap Cancelled/);
    expect(await readFile(path.join(site, 'maintenance.ics'), 'utf8')).toMatch(/^STATUS:CANCELLED/m);
  });
});
