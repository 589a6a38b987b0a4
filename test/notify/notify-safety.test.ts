import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretsFromEnv } from '../../src/io/notify/send.ts';
import { git, runKabar } from '../cli/cli-harness.ts';
import { epoch, notifyRepo, updateFile, type NotifyRepo } from './helpers.ts';

const INCIDENT = 'incidents/2026-11-20-card-payments';
const identified = updateFile('2026-11-20T10:10:00+07:00', 'identified', 'We found the cause.', 'components:\n  card-payments: partial_outage\n');

let repo: NotifyRepo | undefined;
afterEach(async () => {
  await repo?.close();
  repo = undefined;
});

async function afterFirstRun(): Promise<NotifyRepo> {
  const r = await notifyRepo();
  await r.notify('2026-11-20T03:05:00Z');
  return r;
}

/** Every version of every file ever pushed to the ledger branch. */
const ledgerHistory = (r: NotifyRepo) => git(r.remote, 'log', '-p', '--format=%H %s', 'refs/heads/kabar-notifications');

function summaryFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-summary-')), 'summary.md');
  writeFileSync(file, '');
  return file;
}

describe('kabar notify: secrets never reach the output, the summary or the ledger', () => {
  it('a secret that is not a URL, holds a login, or is malformed, or that a receiver echoes back, is named by its variable only and never retried', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const port = new URL(repo.receiver.url).port;
    repo.receiver.failNext('/api/v1/statuses', { status: 401, body: '{"error":"The access token s3cr3t-mastodon is invalid"}' });
    const summary = summaryFile();
    const run = await runKabar(repo.dir, ['notify'], {
      ...repo.env,
      SOURCE_DATE_EPOCH: epoch('2026-11-20T03:15:00Z'),
      KABAR_NOTIFY_TEAM_SLACK: 'not a url s3cr3t-slack',
      KABAR_NOTIFY_KOMUNITAS: `http://hook:s3cr3t-discord@127.0.0.1:${port}/discord`,
      KABAR_NOTIFY_PELANGGAN: 'smtp://status:s3cr3t-mail@127.0.0.1:2x5',
      KABAR_NOTIFY_SOCIAL: 's3cr3t-mastodon',
      // A line break inside a token: the runtime's own error would quote the header up to it.
      KABAR_NOTIFY_NEWSLETTER: 'bd\ns3cr3t-buttondown',
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(run.code).toBe(1);
    for (const [where, text] of Object.entries({ stdout: run.stdout, stderr: run.stderr, summary: readFileSync(summary, 'utf8'), ledger: ledgerHistory(repo) })) {
      expect(text, where).not.toContain('s3cr3t');
    }
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations.find((l) => l.includes('team-slack'))).toMatch(/KABAR_NOTIFY_TEAM_SLACK is not a URL/);
    expect(annotations.find((l) => l.includes('komunitas'))).toMatch(/KABAR_NOTIFY_KOMUNITAS holds a login/);
    expect(annotations.find((l) => l.includes('pelanggan'))).toMatch(/KABAR_NOTIFY_PELANGGAN is not a URL/);
    expect(annotations.find((l) => l.includes('social'))).toMatch(/HTTP 401/);
    expect(annotations.find((l) => l.includes('newsletter'))).toMatch(/KABAR_NOTIFY_NEWSLETTER holds characters a token never has/);
    expect(annotations.join('\n')).not.toMatch(/bd\b/);
    // An address that can never work is not retried: one try, nothing reached the receiver.
    for (const line of annotations) expect(line).not.toMatch(/after \d+ attempts/);
    expect(repo.receiver.to('/discord')).toEqual([]);
    expect(repo.smtp.mails).toEqual([]);
    // The other channels were sent as usual.
    expect(repo.receiver.to('/hook').length).toBeGreaterThan(0);
  });

  it('kabar check refuses a channel variable outside KABAR_NOTIFY_ and an endpoint that is not https, at their lines', async () => {
    repo = await notifyRepo();
    const config = path.join(repo.dir, 'kabar.config.ts');
    const original = readFileSync(config, 'utf8');
    const text = original
      .replace("env: 'KABAR_NOTIFY_PARTNER_HOOK'", "env: 'DEPLOY_TOKEN'")
      .replace(/server: 'http:\/\/127\.0\.0\.1:\d+'/, "server: 'http://mastodon.example'");
    repo.commit('kabar.config.ts', text);
    const check = await runKabar(repo.dir, ['check']);
    expect(check.code).toBe(1);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(check.stderr + check.stdout).toContain(`kabar.config.ts:${line('DEPLOY_TOKEN')}: notifications.channels[4].env: found "DEPLOY_TOKEN" (expected a variable name starting with KABAR_NOTIFY_`);
    expect(check.stderr + check.stdout).toContain(`kabar.config.ts:${line('mastodon.example')}: notifications.channels[3].server: found "http://mastodon.example" (expected an https:// URL`);
    // A channel whose default variable is one of kabar notify's own settings (checked once the shape is right).
    const reserved = original.replace("{ id: 'api-watch', type: 'slack'", "{ id: 'secrets', type: 'slack'");
    writeFileSync(config, reserved);
    const second = await runKabar(repo.dir, ['check']);
    expect(second.code).toBe(1);
    expect(second.stderr + second.stdout).toContain(`kabar.config.ts:${reserved.split('\n').findIndex((l) => l.includes("id: 'secrets'")) + 1}: notifications.channels[7].id: would read KABAR_NOTIFY_SECRETS, which holds kabar notify's own settings`);
    writeFileSync(config, text);
    const run = await runKabar(repo.dir, ['notify'], { ...repo.env, DEPLOY_TOKEN: `${repo.receiver.url}/hook`, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:05:00Z') });
    expect(run.code).toBe(1);
    expect(repo.receiver.requests).toEqual([]);
    expect(repo.ledger().tip).toBeUndefined();
  });

  it('only KABAR_NOTIFY_* variables are read, from the environment and from the KABAR_NOTIFY_SECRETS bundle', () => {
    const secrets = secretsFromEnv({ DEPLOY_TOKEN: 'a', KABAR_NOTIFY_A: 'b', KABAR_NOTIFY_SECRETS: JSON.stringify({ GITHUB_TOKEN: 'c', KABAR_NOTIFY_B: 'd' }) });
    expect(['DEPLOY_TOKEN', 'GITHUB_TOKEN', 'KABAR_NOTIFY_A', 'KABAR_NOTIFY_B'].map(secrets)).toEqual([undefined, undefined, 'b', 'd']);
  });
});

/** Replaces the ledger on origin's branch with `mutate`'s version of it, as someone with push access could. */
function tamperLedger(r: NotifyRepo, mutate: (ledger: Record<string, unknown>) => void): string {
  const tip = git(r.remote, 'rev-parse', 'refs/heads/kabar-notifications');
  const ledger = JSON.parse(git(r.remote, 'show', `${tip}:notified.json`)) as Record<string, unknown>;
  mutate(ledger);
  const run = (args: string[], input?: string) => execFileSync('git', args, { cwd: r.remote, input, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@example.com', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@example.com' } }).trim();
  const blob = run(['hash-object', '-w', '--stdin'], JSON.stringify(ledger));
  const tree = run(['mktree'], `100644 blob ${blob}\tnotified.json\n`);
  const commit = run(['commit-tree', tree, '-p', tip, '-m', 'tampered']);
  run(['update-ref', 'refs/heads/kabar-notifications', commit]);
  return commit;
}

describe('kabar notify: an implausible ledger stops the run', () => {
  const cases: [string, (l: Record<string, unknown>) => void, RegExp][] = [
    ['settledBefore is not a date', (l) => (l.settledBefore = 'garbage'), /settledBefore: .*expected an ISO 8601 time/],
    ['settledBefore is far in the future', (l) => (l.settledBefore = '9999-01-01T00:00:00.000Z'), /settledBefore: .*in the future/],
    [
      'a claim is far in the future',
      (l) => {
        const channels = l.channels as Record<string, { events: Record<string, unknown> }>;
        channels['team-slack']!.events['2026-11-20-card-payments/2026-11-20T0310Z'] = { state: 'claimed', ageFrom: '2026-11-20T03:10:00.000Z', at: '2099-01-01T00:00:00.000Z', run: 'x' };
      },
      /channels\.team-slack\.events\..*\.at: .*in the future/,
    ],
  ];
  for (const [name, mutate, error] of cases) {
    it(`${name}: one line naming the branch, the file and the fix; exit 1; nothing sent or written`, async () => {
      repo = await afterFirstRun();
      repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
      const tip = tamperLedger(repo, mutate);
      const run = await runKabar(repo.dir, ['notify'], { ...repo.env, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:15:00Z') });
      expect(run.code).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^kabar notify: kabar-notifications:notified\.json: /);
      expect(lines[0]).toMatch(error);
      expect(lines[0]).toContain('git push origin --delete kabar-notifications');
      expect(repo.receiver.requests).toEqual([]);
      expect(repo.smtp.mails).toEqual([]);
      expect(git(repo.remote, 'rev-parse', 'refs/heads/kabar-notifications')).toBe(tip);
    });
  }
});

describe('kabar notify: a receiver\'s answer is read only so far', () => {
  it('a huge body, on success or failure, is cut off after a small bound and the run goes on', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const MiB = 1024 * 1024;
    const slack = repo.receiver.stream('/slack', 200, 256 * MiB);
    const discord = repo.receiver.stream('/discord', 400, 256 * MiB);
    const run = await repo.notify('2026-11-20T03:15:00Z');
    expect(run.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ sent: ['2026-11-20-card-payments/2026-11-20T0310Z'] });
    expect(run.report.channels.find((c) => c.id === 'komunitas')!.failure!.error).toMatch(/^HTTP 400: x{200}$/);
    expect(run.report.channels.find((c) => c.id === 'partners')!.failure).toBeUndefined();
    // What the receivers got onto the wire before kabar stopped reading: at most the socket buffers, not the body.
    expect(slack.sent()).toBeLessThan(32 * MiB);
    expect(discord.sent()).toBeLessThan(32 * MiB);
  });

  it('an answer that stops halfway is given up on at the request timeout, reading included, and retried', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    repo.receiver.stream('/discord', 503, 1024, true);
    const run = await repo.notify('2026-11-20T03:15:00Z', [], { KABAR_NOTIFY_TIMEOUT_MS: '300' });
    expect(run.code).toBe(1);
    // Four attempts, each cut off by the timeout while reading the answer; the other channels are done.
    expect(repo.receiver.to('/discord')).toHaveLength(4);
    expect(run.report.channels.find((c) => c.id === 'komunitas')!.failure!.error).toMatch(/^HTTP 503.*\(after 4 attempts\)$/);
    expect(run.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ sent: ['2026-11-20-card-payments/2026-11-20T0310Z'] });
  });
});
