import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readPullRequestMarker } from '../../src/core/ingest/key.ts';
import { startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { contentFiles, git, KABAR, makeRepo, NODE, NOW, readDoc, ROOT, type RunResult } from './cli-harness.ts';

/**
 * `kabar ingest` as the alerts workflow runs it: the payload a monitoring system sent on stdin,
 * in a status repository, against the local GitHub REST server. Each `--pr` run starts from a
 * fresh clone of the default branch, as a workflow run does.
 */

const TOKEN = 'ghs_ingest_token_0123456789';
const payload = (name: string) => readFileSync(path.join(ROOT, 'test/fixtures/alerts', `${name}.json`), 'utf8');
const MINUTE = 60;

let server: GitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs `kabar ingest` with `input` on stdin, at `now` (seconds). */
function ingest(cwd: string, args: readonly string[], input: string, env: Record<string, string> = {}, now = NOW): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const clean = { ...process.env };
    for (const key of ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL', 'GITHUB_REPOSITORY', 'KABAR_GITHUB_REPOSITORY']) delete clean[key];
    const child = spawn(NODE, [KABAR, 'ingest', ...args], { cwd, env: { ...clean, SOURCE_DATE_EPOCH: String(now), NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function check(cwd: string, now = NOW): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(NODE, [KABAR, 'check'], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(now) } }) };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, out: `${e.stdout}${e.stderr}` };
  }
}

/** A fresh clone of the remote's default branch: what a workflow run checks out. */
function freshClone(remote: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-run-')), 'status');
  execFileSync('git', ['clone', '-q', remote, dir]);
  git(dir, 'config', 'user.email', 'bot@example.com');
  git(dir, 'config', 'user.name', 'Bot');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

const env = (baseUrl: string) => ({ GITHUB_API_URL: baseUrl, KABAR_GITHUB_REPOSITORY: 'acme/status', GITHUB_TOKEN: TOKEN });

/** Files that a branch of the remote adds to main. */
function branchFiles(remote: string, branch: string): string[] {
  return git(remote, 'diff', '--name-only', `main...${branch}`).split('\n').filter(Boolean).sort();
}

/** A status repository whose config lists the alerts' details in pull requests, pushed to its remote. */
function repoWithDetails(): string {
  const { dir, remote } = makeRepo('ingest-basic');
  const config = path.join(dir, 'kabar.config.ts');
  writeFileSync(config, readFileSync(config, 'utf8').replace("severities: { critical: 'serious', warning: 'minimal' },", "severities: { critical: 'serious', warning: 'minimal' },\n    details: true,"));
  git(dir, 'commit', '-q', '-am', 'List alert details in pull requests');
  git(dir, 'push', '-q', 'origin', 'main');
  return remote!;
}

/** Markdown outside inline code spans, where GitHub renders mentions and images. */
const outsideCode = (body: string) => body.replace(/`[^`\n]*`/g, '');

describe('kabar ingest: a real payload of each source drafts an incident that kabar check accepts', () => {
  const cases = [
    {
      source: 'alertmanager',
      file: 'alertmanager-firing',
      id: '2026-11-20-problems-with-card-payments',
      index: { title: 'Problems with Card payments', severity: 'serious', started: '2026-11-20T09:58:12+07:00', components: { 'card-payments': 'major_outage' } },
    },
    {
      source: 'grafana',
      file: 'grafana-firing',
      id: '2026-11-20-problems-with-api',
      // A rule's own status wins over the severity's; "warning" maps to minimal.
      index: { title: 'Problems with API', severity: 'minimal', started: '2026-11-20T09:55:00+07:00', components: { api: 'partial_outage' } },
    },
    {
      source: 'uptime-kuma',
      file: 'uptime-kuma-down',
      id: '2026-11-20-problems-with-website',
      // A monitor's tag component=website names the component; Uptime Kuma has no severity: the default.
      index: { title: 'Problems with Website', severity: 'significant', started: '2026-11-20T09:57:31+07:00', components: { website: 'partial_outage' } },
    },
    {
      source: 'generic',
      file: 'generic-firing',
      id: '2026-11-20-problems-with-bank-transfer',
      index: { title: 'Problems with Bank transfer', severity: 'serious', started: '2026-11-20T09:50:00+07:00', components: { 'bank-transfer': 'major_outage' } },
    },
  ] as const;

  it.each(cases)('$source', async ({ source, file, id, index }) => {
    const { dir } = makeRepo('ingest-basic', false);
    const result = await ingest(dir, ['--from', source], payload(file));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(contentFiles(dir)).toEqual([`incidents/${id}/2026-11-20T0305Z.md`, `incidents/${id}/index.md`]);
    const doc = readDoc(dir, `incidents/${id}/index.md`);
    expect(doc.data).toEqual(index);
    // Tied to its alert by a YAML comment, which is not content.
    expect(readFileSync(path.join(dir, `incidents/${id}/index.md`), 'utf8').split('\n')[1]).toMatch(new RegExp(`^# kabar-alert: ${source}-[0-9a-f]{16}$`));
    const update = readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`);
    expect(update.data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'investigating', next_update: '2026-11-20T10:35:00+07:00' });
    expect(update.body.trim()).toBe(`We are investigating a problem affecting ${index.title.replace('Problems with ', '')}. We will post an update as soon as we know more.`);
    const checked = check(dir);
    expect(checked.out).toMatch(/kabar check: OK/);
    expect(checked.code).toBe(0);
  });

  it('writes in the default locale’s language, and in a team’s own words when the config has them', async () => {
    const { dir } = makeRepo('ingest-basic', false);
    const config = path.join(dir, 'kabar.config.ts');
    const text = readFileSync(config, 'utf8');
    writeFileSync(config, text.replace("{ tag: 'en', label: 'English', domain: 'status.example.com' },\n    { tag: 'id', label: 'Bahasa Indonesia', domain: 'status.example.co.id' },", "{ tag: 'id', label: 'Bahasa Indonesia', domain: 'status.example.co.id' },\n    { tag: 'en', label: 'English', domain: 'status.example.com' },"));
    expect((await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-firing'))).code).toBe(0);
    const id = '2026-11-20-gangguan-pada-pembayaran-kartu';
    expect(readDoc(dir, `incidents/${id}/index.md`).data.title).toBe('Gangguan pada Pembayaran kartu');
    expect(readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`).body.trim()).toMatch(/^Kami sedang menyelidiki gangguan yang memengaruhi Pembayaran kartu\./);

    const own = makeRepo('ingest-basic', false).dir;
    const ownConfig = path.join(own, 'kabar.config.ts');
    const withMessages = readFileSync(ownConfig, 'utf8').replace("severities: { critical: 'serious', warning: 'minimal' },", "severities: { critical: 'serious', warning: 'minimal' },\n    nextUpdateMinutes: 0,\n    messages: { title: '{components} unavailable', investigating: 'Our engineers are looking into {components}.' },");
    writeFileSync(ownConfig, withMessages);
    expect((await ingest(own, ['--from', 'generic'], payload('generic-firing'))).code).toBe(0);
    const ownId = '2026-11-20-bank-transfer-unavailable';
    expect(readDoc(own, `incidents/${ownId}/index.md`).data.title).toBe('Bank transfer unavailable');
    expect(readDoc(own, `incidents/${ownId}/2026-11-20T0305Z.md`)).toMatchObject({ data: { status: 'investigating' }, body: 'Our engineers are looking into Bank transfer.\n' });
    expect(readDoc(own, `incidents/${ownId}/2026-11-20T0305Z.md`).data.next_update).toBeUndefined();
  });

  it('drafts from the alert alone when no label matches a component, and says what to add', async () => {
    const { dir } = makeRepo('cli-basic', false);
    const result = await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-firing'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No alert label matched a component');
    const id = '2026-11-20-problems-with-our-service';
    // cli-basic has no alerts section: the default severities apply (critical → serious).
    expect(readDoc(dir, `incidents/${id}/index.md`).data).toEqual({ title: 'Problems with our service', severity: 'serious', started: '2026-11-20T09:58:12+07:00' });
    expect(check(dir).code).toBe(0);
  });
});

describe('kabar ingest without --pr: the same alert again changes nothing; resolved proposes monitoring, never a resolution', () => {
  it('keeps one incident per alert and proposes monitoring once it resolves', async () => {
    const { dir } = makeRepo('ingest-basic', false);
    const id = '2026-11-20-problems-with-card-payments';
    expect((await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-firing'))).code).toBe(0);
    const again = await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-firing'), {}, NOW + 10 * MINUTE);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Nothing written: the alert still fires and ${id} is open (investigating)`);
    expect(contentFiles(dir)).toHaveLength(2);

    const resolved = await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-resolved'), {}, NOW + 40 * MINUTE);
    expect(resolved.code).toBe(0);
    const update = readDoc(dir, `incidents/${id}/2026-11-20T0345Z.md`);
    expect(update.data).toEqual({ at: '2026-11-20T10:45:00+07:00', status: 'monitoring', components: { 'card-payments': 'operational' }, next_update: '2026-11-20T11:15:00+07:00' });
    expect(update.body.trim()).toBe('The problem affecting Card payments appears to be fixed. We are monitoring to make sure it stays that way.');
    expect(check(dir, NOW + 40 * MINUTE).code).toBe(0);

    // Resolved twice changes nothing; firing again while monitoring proposes investigating.
    expect((await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-resolved'), {}, NOW + 45 * MINUTE)).stdout).toContain('is already monitoring');
    expect((await ingest(dir, ['--from', 'alertmanager'], payload('alertmanager-firing'), {}, NOW + 50 * MINUTE)).code).toBe(0);
    const returned = readDoc(dir, `incidents/${id}/2026-11-20T0355Z.md`);
    expect(returned.data).toMatchObject({ status: 'investigating', components: { 'card-payments': 'major_outage' } });
    expect(returned.body.trim()).toBe('The problem affecting Card payments has returned. We are investigating.');
    expect(contentFiles(dir).filter((f) => f.endsWith('Z.md')).map((f) => readDoc(dir, f).data.status)).not.toContain('resolved');
  });

  it('proposes nothing for a resolved alert it never saw, or a test notification', async () => {
    const { dir } = makeRepo('ingest-basic', false);
    for (const [source, file, said] of [
      ['grafana', 'grafana-resolved', 'no open incident or draft belongs to it'],
      ['grafana', 'grafana-test', 'a test notification from a Grafana contact point'],
      ['uptime-kuma', 'uptime-kuma-test', 'a test notification from Uptime Kuma'],
    ] as const) {
      const result = await ingest(dir, ['--from', source], payload(file));
      expect(result.code, file).toBe(0);
      expect(result.stdout).toContain(said);
    }
    expect(contentFiles(dir)).toEqual([]);
  });

  it('reads label values as text only: a severity "constructor", "__proto__" or "toString" is an unknown one, not a crash', async () => {
    for (const value of ['constructor', '__proto__', 'toString']) {
      const { dir } = makeRepo('ingest-basic', false);
      const alert = { fingerprint: `odd-${value}`, status: 'firing', title: 'Checkout errors', labels: { component: 'card-payments', severity: value, [value]: 'critical' } };
      const result = await ingest(dir, ['--from', 'generic'], JSON.stringify(alert));
      expect(result.stderr, value).toBe('');
      expect(result.code, value).toBe(0);
      expect(result.stdout).toContain('Severity significant, from the default (alerts.defaultSeverity).');
      const id = '2026-11-20-problems-with-card-payments';
      expect(readDoc(dir, `incidents/${id}/index.md`).data).toMatchObject({ severity: 'significant', components: { 'card-payments': 'partial_outage' } });
    }
  });

  it('refuses a payload that is not from the named source, or not JSON, and writes nothing', async () => {
    const { dir } = makeRepo('ingest-basic', false);
    const wrong = await ingest(dir, ['--from', 'uptime-kuma'], payload('alertmanager-firing'));
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toBe(
      'kabar ingest: this is not a payload from Uptime Kuma, so nothing was written:\n  heartbeat: missing (expected a map of fields)\n  monitor: missing (expected a map of fields)\n(check --from: it says which system sent the payload)\n',
    );
    const broken = await ingest(dir, ['--from', 'generic'], '{"fingerprint": "x", "status": "firing", "title": "X", "startsAt": "yesterday"}');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('  startsAt: found "yesterday" (expected an RFC 3339 time with a zone, e.g. 2026-11-20T02:58:00Z)');
    const notJson = await ingest(dir, ['--from', 'grafana'], '<html>502 Bad Gateway</html>');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/^kabar ingest: the payload is not JSON \(/);
    const usage = await ingest(dir, [], payload('generic-firing'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('kabar ingest: --from is required (expected one of: alertmanager, grafana, uptime-kuma, generic)\n');
    const unknown = await ingest(dir, ['--from', 'nagios'], payload('generic-firing'));
    expect(unknown.code).toBe(2);
    expect(contentFiles(dir)).toEqual([]);
  });
});

describe('kabar ingest --pr against the GitHub API', () => {
  const ID = '2026-11-20-problems-with-card-payments';

  it('opens one pull request per alert, updates it when the alert fires again, and adds a monitoring update to it when the alert resolves', async () => {
    server = await startGitHubServer({ token: TOKEN, login: 'kabar-alerts[bot]' });
    const { remote } = makeRepo('ingest-basic');

    const first = await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-firing'), env(server.baseUrl));
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(server.pulls).toHaveLength(1);
    const pr = server.pulls[0]!;
    expect(pr.title).toBe('Draft from an alert: Problems with Card payments');
    expect(pr.labels).toEqual(['incident', 'serious', 'alert']);
    expect(pr.head).toMatch(/^kabar\/alert-[0-9a-f]{12}-2026-11-20t0305z-[a-z]{4}$/);
    expect(readPullRequestMarker(pr.body)).toEqual({ key: expect.stringMatching(/^alertmanager-[0-9a-f]{16}$/), proposes: 'draft', incident: ID, since: Date.parse('2026-11-20T02:58:12.345Z') });
    const body = pr.body!.split('\n');
    expect(body).toContain('> Drafted by Kabar from an alert: nothing is published until a person merges this pull request.');
    expect(body).toContain('- [ ] The severity: drafted as **serious**, from severity=critical.');
    expect(body).toContain('| Alerts | `CheckoutHighErrorRate`, `CheckoutHighLatency` |');
    // Details stay out unless the config asks for them: the pull request may be public.
    expect(pr.body).not.toContain('5xx rate above 5%');
    expect(pr.body).not.toContain('prometheus.internal.example');
    expect(branchFiles(remote!, pr.head)).toEqual([`incidents/${ID}/2026-11-20T0305Z.md`, `incidents/${ID}/index.md`]);
    // What the pull request proposes passes kabar check.
    const onBranch = freshClone(remote!);
    git(onBranch, 'checkout', '-q', pr.head);
    expect(check(onBranch).code).toBe(0);

    // Firing again (Alertmanager repeats a notification): the same pull request, only its alert table changes.
    const requestsBefore = server.requests.length;
    const again = await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-firing'), env(server.baseUrl), NOW + 30 * MINUTE);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Pull request #${pr.number} belongs to this alert`);
    expect(server.pulls).toHaveLength(1);
    expect(server.requests.slice(requestsBefore).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/status/pulls', 'GET /repos/acme/status/pulls', `PATCH /repos/acme/status/pulls/${pr.number}`]);
    expect(pr.body).toContain('| Last notification | 20 Nov 2026, 10:35 GMT+7 |');
    expect(branchFiles(remote!, pr.head)).toHaveLength(2);

    // Resolved: a monitoring update committed onto the same pull request's branch, never a resolution.
    const resolved = await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-resolved'), env(server.baseUrl), NOW + 40 * MINUTE);
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(server.pulls).toHaveLength(1);
    const update = `incidents/${ID}/2026-11-20T0345Z.md`;
    expect(branchFiles(remote!, pr.head)).toEqual([`incidents/${ID}/2026-11-20T0305Z.md`, update, `incidents/${ID}/index.md`]);
    expect(git(remote!, 'show', `${pr.head}:${update}`)).toMatch(/^status: monitoring$/m);
    expect(pr.body).toContain(`- \`${update}\``);
    expect(pr.body).toContain('Status: Monitoring (severity: serious)');
    expect(server.comments.map((c) => c.body)).toEqual([`The alert resolved (Prometheus Alertmanager, 20 Nov 2026, 10:45 GMT+7). Kabar added a **monitoring** update: \`${update}\`. Merging keeps the incident open; resolving it stays a decision for a person.`]);
    git(onBranch, 'pull', '-q', 'origin', pr.head);
    expect(check(onBranch, NOW + 40 * MINUTE).code).toBe(0);
  });

  it('proposes monitoring in a new pull request once the draft is merged and the alert resolves', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { remote } = makeRepo('ingest-basic');
    expect((await ingest(freshClone(remote!), ['--from', 'grafana', '--pr'], payload('grafana-firing'), env(server.baseUrl))).code).toBe(0);
    const draft = server.pulls[0]!;
    // A person reviews and merges the draft.
    const merger = freshClone(remote!);
    git(merger, 'fetch', '-q', 'origin', draft.head);
    git(merger, 'merge', '-q', '--no-ff', '-m', 'Merge the draft', `origin/${draft.head}`);
    git(merger, 'push', '-q', 'origin', 'main');
    draft.state = 'closed';
    draft.mergedAt = '2026-11-20T03:20:00Z';

    const resolved = await ingest(freshClone(remote!), ['--from', 'grafana', '--pr'], payload('grafana-resolved'), env(server.baseUrl), NOW + 30 * MINUTE);
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(server.pulls).toHaveLength(2);
    const proposal = server.pulls[1]!;
    expect(proposal.title).toBe('Alert resolved: Problems with API (monitoring)');
    expect(readPullRequestMarker(proposal.body)?.proposes).toBe('monitoring');
    const update = 'incidents/2026-11-20-problems-with-api/2026-11-20T0335Z.md';
    expect(branchFiles(remote!, proposal.head)).toEqual([update]);
    expect(git(remote!, 'show', `${proposal.head}:${update}`)).toContain('api: operational');
  });

  it('respects a person closing the draft: the same firing episode proposes nothing; a new one does', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { remote } = makeRepo('ingest-basic');
    expect((await ingest(freshClone(remote!), ['--from', 'uptime-kuma', '--pr'], payload('uptime-kuma-down'), env(server.baseUrl))).code).toBe(0);
    server.pulls[0]!.state = 'closed';

    // Uptime Kuma resends while the monitor stays down: not important, the same episode.
    const resend = JSON.parse(payload('uptime-kuma-down')) as { heartbeat: { important: boolean; time: string } };
    resend.heartbeat.important = false;
    resend.heartbeat.time = '2026-11-20 04:57:31.624';
    const repeated = await ingest(freshClone(remote!), ['--from', 'uptime-kuma', '--pr'], JSON.stringify(resend), env(server.baseUrl), NOW + 120 * MINUTE);
    expect(repeated.code).toBe(0);
    expect(repeated.stdout).toContain(`Nothing proposed: a person closed #${server.pulls[0]!.number}`);
    expect(server.pulls).toHaveLength(1);

    // Down again the next day, as a new change of state: a new draft.
    const next = JSON.parse(payload('uptime-kuma-down')) as { heartbeat: { time: string } };
    next.heartbeat.time = '2026-11-21 01:00:00.000';
    const anew = await ingest(freshClone(remote!), ['--from', 'uptime-kuma', '--pr'], JSON.stringify(next), env(server.baseUrl), NOW + 24 * 60 * MINUTE);
    expect(anew.code).toBe(0);
    expect(server.pulls).toHaveLength(2);
    expect(server.pulls[1]!.state ?? 'open').toBe('open');
  });

  it('gives a second alert’s draft its own id while the first one’s pull request is open, so both can be merged', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { remote } = makeRepo('ingest-basic');
    expect((await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-firing'), env(server.baseUrl))).code).toBe(0);
    const other = { fingerprint: 'card-declines', status: 'firing', title: 'Card declines', labels: { service: 'checkout', severity: 'critical' } };
    const second = await ingest(freshClone(remote!), ['--from', 'generic', '--pr'], JSON.stringify(other), env(server.baseUrl), NOW + 5 * MINUTE);
    expect(second.stderr).toBe('');
    expect(server.pulls.map((p) => readPullRequestMarker(p.body)?.incident)).toEqual([ID, `${ID}-2`]);
  });

  it('takes no forged pull request for the alert’s: a deleted fork’s, a fork’s, or a branch outside Kabar’s, whatever marker it copied; never pushes to main', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { remote } = makeRepo('ingest-basic');
    expect((await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-firing'), env(server.baseUrl))).code).toBe(0);
    const draft = server.pulls[0]!;
    // A person merges the draft: the incident is public, and its alert's marker is in the draft's body for anyone to copy.
    const merger = freshClone(remote!);
    git(merger, 'fetch', '-q', 'origin', draft.head);
    git(merger, 'merge', '-q', '--no-ff', '-m', 'Merge the draft', `origin/${draft.head}`);
    git(merger, 'push', '-q', 'origin', 'main');
    draft.state = 'closed';
    draft.mergedAt = '2026-11-20T03:20:00Z';
    const copied = draft.body!.split('\n')[0]!;
    git(merger, 'push', '-q', 'origin', 'main:refs/heads/hotfix');
    const forged = [
      server.seedPull({ number: 10, head: 'hotfix', body: copied }),
      server.seedPull({ number: 11, head: 'main', headRepo: 'mallory/status', user: 'mallory', body: copied }),
      // The newest, so the first one listed.
      server.seedPull({ number: 12, head: 'main', headRepo: null, user: 'mallory', body: `${copied}\nFrom a fork since deleted.` }),
    ];
    const mainBefore = git(remote!, 'rev-parse', 'main');
    const hotfixBefore = git(remote!, 'rev-parse', 'hotfix');

    const resolved = await ingest(freshClone(remote!), ['--from', 'alertmanager', '--pr'], payload('alertmanager-resolved'), env(server.baseUrl), NOW + 40 * MINUTE);
    expect(resolved.stderr).toBe('');
    expect(resolved.code).toBe(0);
    expect(git(remote!, 'rev-parse', 'main')).toBe(mainBefore);
    expect(git(remote!, 'rev-parse', 'hotfix')).toBe(hotfixBefore);
    for (const pr of forged) {
      expect(server.requests.filter((r) => r.method === 'PATCH' && r.path === `/repos/acme/status/pulls/${pr.number}`)).toEqual([]);
      expect(server.comments.filter((c) => c.issue === pr.number)).toEqual([]);
    }
    // The monitoring update is proposed the way it is without them: in a pull request of its own, from a Kabar branch.
    expect(server.pulls).toHaveLength(5);
    const proposal = server.pulls[4]!;
    expect(proposal.head).toMatch(/^kabar\/alert-/);
    expect(readPullRequestMarker(proposal.body)?.proposes).toBe('monitoring');
  });

  it('keeps a pull request description within GitHub’s 65 536 characters: a group of 400 alerts with details lists what fits, and says how many more', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const remote = repoWithDetails();
    const group = JSON.parse(payload('alertmanager-firing')) as { alerts: { labels: Record<string, string>; annotations: Record<string, string> }[] };
    const [first] = group.alerts;
    group.alerts = Array.from({ length: 400 }, (_, i) => ({ ...structuredClone(first!), labels: { ...first!.labels, alertname: `CheckoutErrors${i}`, instance: `checkout-${i}:8080` }, annotations: { summary: `Shard ${i}: ${'5xx rate above 5% on checkout. '.repeat(8)}` } }));
    const fired = await ingest(freshClone(remote), ['--from', 'alertmanager', '--pr'], JSON.stringify(group), env(server.baseUrl));
    expect(fired.stderr).toBe('');
    expect(fired.code).toBe(0);
    const pr = server.pulls[0]!;
    const sent = server.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/status/pulls').map((r) => (r.body as { body: string }).body);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.length).toBeLessThanOrEqual(65_536);
    expect(pr.body).toMatch(/^\| … \| \d+ more rows not shown: a pull request description holds at most 65536 characters; the monitoring system has them all \|$/m);
    expect(pr.body).toContain('| CheckoutErrors0 | firing: Shard 0:');
    expect(pr.body).toContain('**Files**');
    expect(readPullRequestMarker(pr.body)?.proposes).toBe('draft');

    // Firing again rewrites the table: it fits the same way.
    const again = await ingest(freshClone(remote), ['--from', 'alertmanager', '--pr'], JSON.stringify(group), env(server.baseUrl), NOW + 30 * MINUTE);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const patched = server.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { body: string }).body);
    expect(patched).toHaveLength(1);
    expect(patched[0]!.length).toBeLessThanOrEqual(65_536);
    expect(pr.body).toContain('| Last notification | 20 Nov 2026, 10:35 GMT+7 |');
    expect(pr.body).toContain('**Files**');
  });

  it('writes mentions and images from an alert as inert text: nobody is notified, nothing is loaded', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const remote = repoWithDetails();
    const alert = {
      fingerprint: 'checkout-mentions',
      status: 'firing',
      title: 'Checkout @acme/oncall',
      summary: 'cc @alice &#64;bob ![pixel](http://tracker.example/p.png) <img src="http://tracker.example/q.png"> <picture><source srcset="http://tracker.example/r.png"></picture>',
      labels: { component: 'card-payments', severity: 'critical', owner: '@carol' },
      url: 'https://grafana.example.com/d/abc',
    };
    const fired = await ingest(freshClone(remote), ['--from', 'generic', '--pr'], JSON.stringify(alert), env(server.baseUrl));
    expect(fired.stderr).toBe('');
    expect(fired.code).toBe(0);
    const sent = server.requests.filter((r) => r.method === 'POST' && r.path === '/repos/acme/status/pulls').map((r) => (r.body as { body: string }).body);
    expect(sent).toHaveLength(1);
    const rendered = outsideCode(sent[0]!);
    expect(rendered).toContain('cc @\u200Balice');
    expect(rendered).not.toMatch(/(?<![A-Za-z0-9])@[A-Za-z0-9]/);
    expect(rendered).not.toMatch(/&#0*64;|&commat;/i);
    expect(rendered).not.toMatch(/(?<!\\)!\[/);
    expect(rendered).not.toMatch(/(?<!\\)<(img|picture|source)/i);
  });

  it('needs a token, and writes nothing without one', async () => {
    const { dir } = makeRepo('ingest-basic');
    const result = await ingest(dir, ['--from', 'generic', '--pr'], payload('generic-firing'), { KABAR_GITHUB_REPOSITORY: 'acme/status' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('kabar ingest: no GitHub token (set GITHUB_TOKEN or GH_TOKEN: it needs "contents: write" and "pull requests: write"); nothing was written\n');
    expect(contentFiles(dir)).toEqual([]);
  });

  it('says what GitHub refused, and writes nothing, when it cannot list the pull requests', async () => {
    server = await startGitHubServer({ token: 'another-token' });
    const { dir } = makeRepo('ingest-basic');
    const result = await ingest(dir, ['--from', 'generic', '--pr'], payload('generic-firing'), env(server.baseUrl));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar ingest: could not find the pull requests of this alert: GitHub rejected the token \(401 Bad credentials\)/);
    expect(contentFiles(dir)).toEqual([]);
  });
});
