import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRepo, runKabar } from '../cli/cli-harness.ts';
import { epoch, notifyRepo, updateFile, type NotifyRepo } from './helpers.ts';

const INCIDENT = 'incidents/2026-11-20-card-payments';
const identified = updateFile('2026-11-20T10:10:00+07:00', 'identified', 'We found the cause.', 'components:\n  card-payments: partial_outage\n');
const monitoring = updateFile('2026-11-20T10:30:00+07:00', 'monitoring', 'A fix is out; we are watching.', 'components:\n  card-payments: operational\n');
const resolved = updateFile('2026-11-20T10:45:00+07:00', 'resolved', 'Card payments work again.');

/** An address nothing listens on: a port bound once, then released. */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/slack`;
}

/** Texts of the Slack messages received, in order. */
const slackTexts = (repo: NotifyRepo) => repo.receiver.to('/slack').map((r) => (r.json as { text: string }).text);

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

describe('kabar notify: delivery', () => {
  it('a skipped run is caught up by the next: one message per incident, its latest state, every update recorded as sent', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    repo.commit(`${INCIDENT}/2026-11-20T0330Z.md`, monitoring);
    repo.commit(`${INCIDENT}/2026-11-20T0345Z.md`, resolved);
    const run = await repo.notify('2026-11-20T03:50:00Z');
    expect(run.code).toBe(0);
    expect(slackTexts(repo)).toEqual(['[Resolved] Card payments failing — Fixture Shop']);
    expect(repo.smtp.mails.map((m) => m.parsed.subject)).toEqual(['[Fixture Shop] Selesai: Pembayaran kartu gagal']);
    expect(repo.smtp.mails[0]!.parsed.text).toContain('Terbaru dari 3 kabar sejak pesan sebelumnya');
    const slack = repo.ledger().ledger!.channels['team-slack']!.events;
    for (const update of ['0310Z', '0330Z', '0345Z']) expect(slack[`2026-11-20-card-payments/2026-11-20T${update}`]).toMatchObject({ state: 'sent' });
    await repo.notify('2026-11-20T04:00:00Z');
    expect(slackTexts(repo)).toHaveLength(1);
  });

  it('a postmortem dated by day goes after the updates it explains (placed at its commit), and says its day, not a fake midnight', async () => {
    repo = await afterFirstRun();
    repo.commitFiles(
      {
        [`${INCIDENT}/2026-11-20T0345Z.md`]: resolved,
        [`${INCIDENT}/postmortem.md`]: '---\nstatus: published\npublished: 2026-11-20\n---\nWhat happened, and what we changed.\n',
      },
      '2026-11-20T03:50:00Z',
    );
    const run = await repo.notify('2026-11-20T04:00:00Z');
    expect(run.code).toBe(0);
    expect(slackTexts(repo)).toEqual(['[Resolved] Card payments failing — Fixture Shop', '[Postmortem] Card payments failing — Fixture Shop']);
    expect(repo.smtp.mails.map((m) => m.parsed.subject)).toEqual(['[Fixture Shop] Selesai: Pembayaran kartu gagal', '[Fixture Shop] Laporan pascainsiden: Pembayaran kartu gagal']);
    const discord = repo.receiver.to('/discord').map((r) => (r.json as { embeds: { timestamp: string }[] }).embeds[0]!.timestamp);
    expect(discord).toEqual(['2026-11-20T03:45:00.000Z', '2026-11-20T03:50:00.000Z']);
    const context = JSON.stringify(repo.receiver.to('/slack')[1]!.json);
    expect(context).toContain('November 20, 2026');
    expect(context).not.toContain('12:00 AM');
    expect(repo.smtp.mails[1]!.parsed.text).toContain('Diposting 20 November 2026');
  });

  it('one merge of 120 backdated updates sends one message per incident to each channel, and nothing later', async () => {
    repo = await afterFirstRun();
    const updates: Record<string, string> = {};
    for (let i = 0; i < 120; i++) {
      const at = new Date(Date.parse('2026-11-20T03:01:00Z') + i * 60_000);
      const name = at.toISOString().replace(/:\d\d\.\d+Z$/, 'Z').replace(/[-:]/g, '').replace(/^(\d{4})(\d\d)(\d\d)/, '$1-$2-$3');
      const status = i === 119 ? 'resolved' : 'monitoring';
      const components = i % 2 === 0 ? 'components:\n  card-payments: partial_outage\n' : 'components:\n  card-payments: degraded_performance\n';
      updates[`${INCIDENT}/${name}.md`] = updateFile(at.toISOString(), status, `Backfilled update ${i + 1}.`, i === 119 ? '' : components);
    }
    repo.commitFiles(updates);
    const run = await repo.notify('2026-11-20T05:05:00Z');
    expect(run.code).toBe(0);
    const counts = Object.fromEntries(['/slack', '/discord', '/teams', '/api/v1/statuses', '/v1/emails', '/hook', '/api-watch'].map((p) => [p, repo!.receiver.to(p).length]));
    // The webhook also gets one component update for the one component the incident changed.
    expect(counts).toEqual({ '/slack': 1, '/discord': 1, '/teams': 1, '/api/v1/statuses': 1, '/v1/emails': 1, '/hook': 2, '/api-watch': 0 });
    expect(repo.smtp.mails).toHaveLength(1);
    expect(slackTexts(repo)).toEqual(['[Resolved] Card payments failing — Fixture Shop']);
    expect(JSON.stringify(repo.receiver.to('/slack')[0]!.json)).toContain('Latest of 120 updates since the last message');
    expect(run.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ messages: 1 });
    expect(run.report.channels.find((c) => c.id === 'team-slack')!.sent).toHaveLength(120);
    const sent = Object.values(repo.ledger().ledger!.channels['komunitas']!.events).filter((e) => e.state === 'sent');
    expect(sent).toHaveLength(120);
    await repo.notify('2026-11-20T05:10:00Z');
    expect(repo.receiver.requests).toHaveLength(7);
  });

  it('retries after a 500, honouring Retry-After: one message delivered, the same body and delivery id each time', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    repo.receiver.failNext('/hook', { status: 500, headers: { 'Retry-After': '0' }, body: 'upstream error' });
    repo.receiver.failNext('/slack', { status: 503 });
    const run = await repo.notify('2026-11-20T03:15:00Z');
    expect(run.code).toBe(0);
    const hooks = repo.receiver.to('/hook');
    expect(hooks.map((h) => h.headers['x-kabar-event'])).toEqual(['incident.updated', 'incident.updated', 'component.updated']);
    expect(hooks[1]!.raw).toBe(hooks[0]!.raw);
    expect(hooks[1]!.headers['x-kabar-delivery']).toBe(hooks[0]!.headers['x-kabar-delivery']);
    expect(repo.receiver.to('/slack')).toHaveLength(2);
    expect(run.report.channels.find((c) => c.id === 'partners')).toMatchObject({ sent: ['2026-11-20-card-payments/2026-11-20T0310Z', '2026-11-20-card-payments/2026-11-20T0310Z/card-payments'] });
  });

  it('a server asking to wait longer than a run should ends the attempts; the next run delivers', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    repo.receiver.failNext('/discord', { status: 429, headers: { 'Retry-After': '3600' }, body: '{"retry_after":3600}' });
    const run = await repo.notify('2026-11-20T03:15:00Z');
    expect(run.code).toBe(1);
    expect(run.report.channels.find((c) => c.id === 'komunitas')!.failure!.error).toBe('HTTP 429: {"retry_after":3600}; the server asks to wait 3600 s, so the next run retries');
    expect(repo.receiver.to('/discord')).toHaveLength(1);
    await repo.notify('2026-11-20T03:20:00Z');
    expect(repo.receiver.to('/discord')).toHaveLength(2);
  });

  it('a dead channel does not block the others, is named in the summary and the log, and gets its events, in order, once it is back', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const summary = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-summary-')), 'summary.md');
    writeFileSync(summary, '');
    const dead = await runKabar(repo.dir, ['notify'], { ...repo.env, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:15:00Z'), KABAR_NOTIFY_TEAM_SLACK: await deadUrl(), GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(dead.code).toBe(1);
    expect(repo.receiver.to('/slack')).toEqual([]);
    expect(repo.receiver.to('/discord')).toHaveLength(1);
    expect(repo.smtp.mails).toHaveLength(1);
    const annotation = dead.stdout.split('\n').find((l) => l.startsWith('::error'));
    expect(annotation).toMatch(/^::error title=kabar notify::team-slack \(slack\) failed: fetch failed \(ECONNREFUSED\) \(after 4 attempts\)$/);
    const rows = readFileSync(summary, 'utf8').split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Channel') && !l.startsWith('| ---'));
    const cells = rows.map((r) => r.split(' | ').map((c) => c.replace(/^\| | \|$/g, '').trim()));
    expect(cells[0]!.slice(0, 5)).toEqual(['team-slack', 'slack', 'en', '❌ failed', '0']);
    expect(cells.slice(1).every((c) => c[3] === '✅ ok')).toBe(true);
    expect(repo.ledger().ledger!.channels['team-slack']!.events['2026-11-20-card-payments/2026-11-20T0310Z']).toMatchObject({ state: 'failed', attempts: 1 });

    repo.commit(`${INCIDENT}/2026-11-20T0345Z.md`, resolved);
    const back = await repo.notify('2026-11-20T03:50:00Z');
    expect(back.code).toBe(0);
    // Back, the channel gets the incident's latest state: one message for both updates.
    expect(slackTexts(repo)).toEqual(['[Resolved] Card payments failing — Fixture Shop']);
    expect(repo.receiver.to('/discord')).toHaveLength(2);
  });

  it('a channel whose variable is not set claims nothing, says which variable, and sends once it is set', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const unset = await repo.notify('2026-11-20T03:15:00Z', [], { KABAR_NOTIFY_TEAM_SLACK: '' });
    expect(unset.code).toBe(1);
    expect(unset.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ sent: [], failure: { error: 'KABAR_NOTIFY_TEAM_SLACK is not set' }, pending: 1, variables: [{ name: 'KABAR_NOTIFY_TEAM_SLACK', set: false }] });
    expect(repo.ledger().ledger!.channels['team-slack']!.events['2026-11-20-card-payments/2026-11-20T0310Z']).toBeUndefined();
    await repo.notify('2026-11-20T03:20:00Z');
    expect(slackTexts(repo)).toEqual(['[Identified] Card payments failing — Fixture Shop']);
  });

  it('secrets can also come as the JSON object of KABAR_NOTIFY_SECRETS (how the workflow passes Actions secrets)', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    await repo.notify('2026-11-20T03:15:00Z', [], { KABAR_NOTIFY_TEAM_SLACK: undefined, KABAR_NOTIFY_SECRETS: JSON.stringify({ KABAR_NOTIFY_TEAM_SLACK: `${repo.receiver.url}/slack`, UNRELATED: 'x' }) });
    expect(slackTexts(repo)).toEqual(['[Identified] Card payments failing — Fixture Shop']);
  });

  it('--dry-run sends nothing, changes no ledger, names variables instead of printing secrets, and shows the exact bodies a real run sends', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const tip = repo.ledger().tip;
    const dry = await repo.notify('2026-11-20T03:15:00Z', ['--dry-run']);
    expect(dry.code).toBe(0);
    expect(repo.receiver.requests).toEqual([]);
    expect(repo.smtp.mails).toEqual([]);
    expect(repo.ledger().tip).toBe(tip);
    const text = await runKabar(repo.dir, ['notify', '--dry-run'], { ...repo.env, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:15:00Z') });
    expect(text.stdout).toContain('POST the URL in $KABAR_NOTIFY_TEAM_SLACK');
    for (const secret of [`${repo.receiver.url}/slack`, 'mastodon-token', 'partner-shared-secret', 's3cret', 'buttondown-key']) expect(text.stdout).not.toContain(secret);
    expect(repo.receiver.requests).toEqual([]);

    await repo.notify('2026-11-20T03:15:00Z');
    const planned = dry.report.deliveries!.find((d) => d.channel === 'team-slack')!.delivery;
    expect(planned.body).toBe(repo.receiver.to('/slack')[0]!.raw);
  });

  it('events older than maxAge (24 h) are recorded, not sent; what the ledger has settled is never looked at again', async () => {
    repo = await afterFirstRun();
    repo.commit('incidents/2026-11-17-api-errors/index.md', '---\ntitle: API errors\nseverity: minimal\nstarted: 2026-11-17T09:00:00+07:00\ncomponents:\n  api: degraded_performance\n---\n');
    repo.commit('incidents/2026-11-17-api-errors/2026-11-17T0205Z.md', updateFile('2026-11-17T09:05:00+07:00', 'resolved', 'Backfilled: API errors for five minutes.'));
    repo.commit('incidents/2026-11-19-api-latency/index.md', '---\ntitle: API latency\nseverity: minimal\nstarted: 2026-11-19T11:00:00+07:00\ncomponents:\n  api: degraded_performance\n---\n');
    repo.commit('incidents/2026-11-19-api-latency/2026-11-19T0430Z.md', updateFile('2026-11-19T11:30:00+07:00', 'resolved', 'Backfilled: slow API for half an hour.'));
    const run = await repo.notify('2026-11-20T05:00:00Z');
    expect(run.report.channels.find((c) => c.id === 'api-watch')).toMatchObject({ sent: [], recorded: { 'too-old': 1 } });
    expect(repo.receiver.requests).toEqual([]);
  });
});

describe('kabar notify: imported history (.kabar/imported.json)', () => {
  const bankIncident = 'incidents/2026-11-20-bank-transfer-delays';
  const index = '---\ntitle: Bank transfer delays\nseverity: minimal\nstarted: 2026-11-20T10:15:00+07:00\ncomponents:\n  bank-transfer: degraded_performance\n---\n';

  it('is recorded, not announced; a later update of an imported incident is sent', async () => {
    repo = await afterFirstRun();
    repo.commit(`${bankIncident}/index.md`, index);
    repo.commit(`${bankIncident}/2026-11-20T0320Z.md`, updateFile('2026-11-20T10:20:00+07:00', 'investigating', 'Transfers are slow.'));
    repo.commit('.kabar/imported.json', JSON.stringify({ imports: [{ source: 'statuspage', at: '2026-11-20T03:40:00Z', incidents: ['2026-11-20-bank-transfer-delays', '2026-10-01-older'] }] }, null, 2));
    const run = await repo.notify('2026-11-20T03:45:00Z');
    expect(run.code).toBe(0);
    expect(run.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ sent: [], recorded: { imported: 1 } });
    expect(repo.receiver.requests).toEqual([]);

    repo.commit(`${bankIncident}/2026-11-20T0350Z.md`, updateFile('2026-11-20T10:50:00+07:00', 'resolved', 'Transfers are on time again.'));
    await repo.notify('2026-11-20T03:55:00Z');
    expect(slackTexts(repo)).toEqual(['[Resolved] Bank transfer delays — Fixture Shop']);
  });

  it('a malformed file stops the run with path:line, and nothing is sent or recorded', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    repo.commit('.kabar/imported.json', '{\n  "imports": [\n    { "source": "statuspage", "at": "yesterday", "incidents": [] }\n  ]\n}\n');
    const tip = repo.ledger().tip;
    const run = await runKabar(repo.dir, ['notify'], { ...repo.env, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:15:00Z') });
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')[0]).toMatch(/^\.kabar\/imported\.json:3: imports\[0\]\.at: /);
    expect(run.stderr).toContain('kabar notify: .kabar/imported.json cannot be read; nothing was sent');
    expect(repo.receiver.requests).toEqual([]);
    expect(repo.ledger().tip).toBe(tip);
  });
});

describe('kabar notify: overlapping runs', () => {
  it('two runs that read the same ledger send each event once: the ledger push is a compare-and-swap', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    // The origin holds the first two pushes until both have arrived, so both runs claim from the same ledger commit.
    const hook = path.join(repo.remote, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\ncat >/dev/null\ndir="$GIT_DIR/arrivals"\nmkdir -p "$dir"\n[ "$(ls "$dir" | wc -l)" -ge 2 ] && exit 0\ntouch "$dir/$$"\ni=0\nwhile [ "$(ls "$dir" | wc -l)" -lt 2 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done\nexit 0\n');
    chmodSync(hook, 0o755);
    const [a, b] = await Promise.all([repo.notify('2026-11-20T03:15:00Z'), repo.notify('2026-11-20T03:15:00Z')]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(slackTexts(repo)).toEqual(['[Identified] Card payments failing — Fixture Shop']);
    expect(repo.receiver.to('/hook')).toHaveLength(2);
    expect(repo.smtp.mails).toHaveLength(1);
    const slack = [a, b].map((r) => r.report.channels.find((c) => c.id === 'team-slack')!);
    expect(slack.map((c) => c.sent.length).sort()).toEqual([0, 1]);
    // Both claims reached the origin together: one of them had to lose the race and read again.
    expect(readdirSync(path.join(repo.remote, 'arrivals'))).toHaveLength(2);
  });

  it('a run finds events another run is still sending and leaves them to it', async () => {
    repo = await afterFirstRun();
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    const held = repo.receiver.hold('/slack');
    const slow = repo.notify('2026-11-20T03:15:00Z');
    await held.arrived;
    const other = await repo.notify('2026-11-20T03:16:00Z');
    held.release();
    await slow;
    expect(other.report.channels.find((c) => c.id === 'team-slack')).toMatchObject({ sent: [], inFlight: 1 });
    expect(slackTexts(repo)).toHaveLength(1);
  });
});

describe('kabar notify: the page\'s address', () => {
  it('without locale domains, links need an address: refused without one, taken from KABAR_SITE_URL (the deploy\'s Pages address) otherwise', async () => {
    repo = await notifyRepo();
    const config = path.join(repo.dir, 'kabar.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/, domain: '[^']+'/g, ''));
    repo.commit('kabar.config.ts', readFileSync(config, 'utf8'));
    const refused = await runKabar(repo.dir, ['notify'], { ...repo.env, SOURCE_DATE_EPOCH: epoch('2026-11-20T03:05:00Z') });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('kabar notify: links would point at http://localhost:4321 (expected a domain for every locale in kabar.config.ts, notifications.siteUrl, or --site-url)');
    const pages = { KABAR_SITE_URL: 'https://acme.github.io/status/' };
    await repo.notify('2026-11-20T03:05:00Z', [], pages);
    repo.commit(`${INCIDENT}/2026-11-20T0310Z.md`, identified);
    await repo.notify('2026-11-20T03:15:00Z', [], pages);
    const discord = repo.receiver.to('/discord')[0]!.json as { embeds: { url: string }[] };
    expect(discord.embeds[0]!.url).toBe('https://acme.github.io/status/id/incidents/2026-11-20-card-payments/#update-2026-11-20T0310Z');
  });

  it('a repository without channels has nothing to do', async () => {
    const { dir } = makeRepo('cli-basic');
    const run = await runKabar(dir, ['notify']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('no channels configured (notifications.channels in kabar.config.ts)');
  });
});
