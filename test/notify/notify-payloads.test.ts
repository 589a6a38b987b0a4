import { createHmac } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveEvents } from '../../src/core/notify/events.ts';
import { buildMessage } from '../../src/core/notify/message.ts';
import { buttondownEmail, emailContent } from '../../src/core/notify/payloads/email.ts';
import { mastodonStatus } from '../../src/core/notify/payloads/mastodon.ts';
import { teamsPayload } from '../../src/core/notify/payloads/teams.ts';
import { slackPayload } from '../../src/core/notify/payloads/slack.ts';
import { createSiteUrls } from '../../src/core/site-urls.ts';
import { md, model, t, testConfig, type Files } from '../helpers/content.ts';
import { notifyRepo, updateFile, type NotifyRepo } from './helpers.ts';

/**
 * `kabar notify` run as a user runs it, against a status repository with a bare origin and
 * every channel pointed at local receivers: what each service receives, byte for byte.
 */
describe('kabar notify: the first run, then one merged update', () => {
  let repo: NotifyRepo;
  let first: Awaited<ReturnType<NotifyRepo['notify']>>;
  let second: Awaited<ReturnType<NotifyRepo['notify']>>;
  const update = 'incidents/2026-11-20-card-payments/2026-11-20T0310Z.md';
  const eventId = '2026-11-20-card-payments/2026-11-20T0310Z';
  const enLink = 'https://status.example.com/incidents/2026-11-20-card-payments/#update-2026-11-20T0310Z';

  beforeAll(async () => {
    repo = await notifyRepo();
    first = await repo.notify('2026-11-20T03:05:00Z');
    repo.commit(
      update,
      updateFile('2026-11-20T10:10:00+07:00', 'identified', 'PayCorp found an expired certificate; some payments **succeed** again.', 'components:\n  card-payments: partial_outage\nnext_update: 2026-11-20T10:40:00+07:00\n'),
    );
    second = await repo.notify('2026-11-20T03:15:00Z');
  });
  afterAll(async () => repo.close());

  it('the first run sends nothing and records the history in the ledger branch', () => {
    expect(first.code).toBe(0);
    expect(first.report.ledger.existed).toBe(false);
    expect(first.report.channels.map((c) => [c.id, c.sent.length, c.recorded])).toEqual([
      ['team-slack', 0, { 'first-run': 1 }],
      ['komunitas', 0, { 'first-run': 1 }],
      ['ops-teams', 0, { 'first-run': 1 }],
      ['social', 0, { 'first-run': 1 }],
      ['partners', 0, { 'first-run': 2 }],
      ['pelanggan', 0, { 'first-run': 1 }],
      ['newsletter', 0, { 'first-run': 1 }],
      ['api-watch', 0, {}],
    ]);
    const ledger = repo.ledger().ledger!;
    expect(Object.keys(ledger.channels).sort()).toEqual(['api-watch', 'komunitas', 'newsletter', 'ops-teams', 'partners', 'pelanggan', 'social', 'team-slack']);
    expect(ledger.channels['team-slack']!.events['2026-11-20-card-payments/2026-11-20T0300Z']).toMatchObject({ state: 'recorded', reason: 'first-run' });
  });

  it('the update reaches each channel that follows it exactly once (none for the channel following only the API)', () => {
    expect(second.code).toBe(0);
    expect(repo.receiver.requests.map((r) => r.path).sort()).toEqual(['/api/v1/statuses', '/discord', '/hook', '/hook', '/slack', '/teams', '/v1/emails']);
    expect(repo.smtp.mails).toHaveLength(1);
    expect(repo.receiver.to('/api-watch')).toEqual([]);
    const ledger = repo.ledger().ledger!;
    for (const channel of ['team-slack', 'komunitas', 'ops-teams', 'social', 'partners', 'pelanggan', 'newsletter']) {
      expect(ledger.channels[channel]!.events[eventId], channel).toMatchObject({ state: 'sent' });
    }
  });

  it('Slack gets a Block Kit message in English, the provider named generically', () => {
    const [slack] = repo.receiver.to('/slack');
    expect(slack!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(slack!.json).toEqual({
      text: '[Identified] Card payments failing — Fixture Shop',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '🟠 Card payments failing', emoji: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '*Identified* · Fixture Shop · Nov 20, 2026, 10:10 AM GMT+7', verbatim: true }] },
        { type: 'section', text: { type: 'mrkdwn', text: 'A third-party provider found an expired certificate; some payments *succeed* again.', verbatim: true } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*Card payments*\nPartial outage', verbatim: true },
            { type: 'mrkdwn', text: '*Next update*\nNov 20, 2026, 10:40 AM GMT+7', verbatim: true },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `<${enLink}|View on the status page>`, verbatim: true }] },
      ],
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('Discord gets one embed in Indonesian, the untranslated message marked, mentions disabled', () => {
    const [discord] = repo.receiver.to('/discord');
    expect(discord!.json).toEqual({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: '[Penyebab ditemukan] Pembayaran kartu gagal',
          url: 'https://status.example.co.id/incidents/2026-11-20-card-payments/#update-2026-11-20T0310Z',
          description: 'Penyedia pihak ketiga found an expired certificate; some payments **succeed** again.',
          color: 0xe16f24,
          fields: [
            { name: 'Pembayaran kartu', value: 'Gangguan sebagian', inline: true },
            { name: 'Kabar berikutnya', value: '20 Nov 2026, 10.40 WIB', inline: false },
          ],
          footer: { text: 'Fixture Shop · Belum diterjemahkan' },
          timestamp: '2026-11-20T03:10:00.000Z',
        },
      ],
    });
  });

  it('Teams gets an Adaptive Card in the Workflows webhook envelope', () => {
    const [teams] = repo.receiver.to('/teams');
    expect(teams!.json).toEqual({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            lang: 'en',
            body: [
              { type: 'TextBlock', text: 'Card payments failing', size: 'Large', weight: 'Bolder', wrap: true },
              { type: 'TextBlock', text: 'Identified · Nov 20, 2026, 10:10 AM GMT+7', color: 'Attention', weight: 'Bolder', spacing: 'None', wrap: true },
              { type: 'TextBlock', text: 'A third-party provider found an expired certificate; some payments **succeed** again.', wrap: true },
              { type: 'FactSet', facts: [{ title: 'Card payments', value: 'Partial outage' }, { title: 'Next update', value: 'Nov 20, 2026, 10:40 AM GMT+7' }] },
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'View on the status page', url: enLink }],
            msteams: { width: 'Full' },
          },
        },
      ],
    });
  });

  it('Mastodon gets a status with the token and an idempotency key, so a retry never posts twice', () => {
    const [status] = repo.receiver.to('/api/v1/statuses');
    expect(status!.headers.authorization).toBe('Bearer mastodon-token');
    expect(status!.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(status!.json).toEqual({
      status: `🟠 [Identified] Card payments failing\n\nA third-party provider found an expired certificate; some payments succeed again.\n\nCard payments: Partial outage\n\n${enLink}`,
      visibility: 'unlisted',
      language: 'en',
    });
  });

  it('Buttondown gets an email to send now, with the API key', () => {
    const [email] = repo.receiver.to('/v1/emails');
    expect(email!.headers.authorization).toBe('Token buttondown-key');
    expect(email!.headers['x-buttondown-live-dangerously']).toBe('true');
    expect(email!.json).toEqual({
      subject: '[Fixture Shop] Identified: Card payments failing',
      body: `**Identified** · Posted Nov 20, 2026, 10:10 AM GMT+7\n\nA third-party provider found an expired certificate; some payments **succeed** again.\n\n- **Card payments:** Partial outage\n- **Next update:** Nov 20, 2026, 10:40 AM GMT+7\n\n[View on the status page](${enLink})`,
      status: 'about_to_send',
    });
  });

  it('the webhook gets Statuspage\'s incident and component-update shapes, each signed with HMAC-SHA256 and a stable delivery id', () => {
    const hooks = repo.receiver.to('/hook');
    for (const hook of hooks) {
      expect(hook.headers['x-kabar-signature-256']).toBe(`sha256=${createHmac('sha256', 'partner-shared-secret').update(hook.raw).digest('hex')}`);
      expect(hook.headers['x-kabar-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(hooks.map((h) => h.headers['x-kabar-event'])).toEqual(['incident.updated', 'component.updated']);
    const page = { id: '158ddd5ca62c', status_indicator: 'major', status_description: 'Partial System Outage' };
    const meta = { unsubscribe: 'https://status.example.com/#get-updates', documentation: 'https://github.com/kabar-status/kabar/blob/main/docs/notifications.md#generic-webhook', generated_at: '2026-11-20T03:15:00.000Z' };
    const component = {
      id: 'card-payments', name: 'Card payments', status: 'partial_outage', updated_at: '2026-11-20T03:10:00.000Z', position: 2, description: null, group_id: 'payments',
      group: false, showcase: true, start_date: null, page_id: '158ddd5ca62c', only_show_if_degraded: false, created_at: '2026-11-20T02:50:00.000Z',
    };
    const update = (id: string, status: string, body: string, at: string, old: string, now: string) => ({
      id: `2026-11-20-card-payments/${id}`, status, body, incident_id: '2026-11-20-card-payments', created_at: at, updated_at: at, display_at: at,
      affected_components: [{ code: 'card-payments', name: 'Card payments', old_status: old, new_status: now }], deliver_notifications: true, custom_tweet: null, tweet_id: null,
    });
    expect(hooks[0]!.json).toEqual({
      meta,
      page,
      incident: {
        id: '2026-11-20-card-payments', name: 'Card payments failing', status: 'identified', created_at: '2026-11-20T03:00:00.000Z', updated_at: '2026-11-20T03:10:00.000Z',
        monitoring_at: null, resolved_at: null, impact: 'major', shortlink: 'https://status.example.com/incidents/2026-11-20-card-payments/', started_at: '2026-11-20T02:50:00.000Z',
        page_id: '158ddd5ca62c',
        incident_updates: [
          update('2026-11-20T0310Z', 'identified', 'A third-party provider found an expired certificate; some payments **succeed** again.', '2026-11-20T03:10:00.000Z', 'major_outage', 'partial_outage'),
          update('2026-11-20T0300Z', 'investigating', 'We are investigating failed card payments at a third-party provider.', '2026-11-20T03:00:00.000Z', 'operational', 'major_outage'),
        ],
        components: [component],
        postmortem_body: null, postmortem_published_at: null, scheduled_for: null, scheduled_until: null,
        backfilled: false, impact_override: null, postmortem_ignored: false, postmortem_body_last_updated_at: null, postmortem_notified_subscribers: false,
        postmortem_notified_twitter: false, scheduled_remind_prior: false, scheduled_reminded_at: null, scheduled_auto_in_progress: false, scheduled_auto_completed: false,
        organization_id: '158ddd5ca62c',
      },
    });
    expect(hooks[1]!.json).toEqual({
      meta,
      page,
      component_update: { created_at: '2026-11-20T03:10:00.000Z', new_status: 'partial_outage', old_status: 'major_outage', id: `${eventId}/card-payments`, component_id: 'card-payments', component_type: 'Component' },
      component,
    });
  });

  it('the list gets one email in Indonesian through SMTP with the login from the variable: text and HTML, threaded per incident', () => {
    const [mail] = repo.smtp.mails;
    expect(mail!.user).toBe('status');
    expect(mail!.to).toEqual(['pelanggan@lists.example.co.id']);
    const parsed = mail!.parsed;
    expect(parsed.subject).toBe('[Fixture Shop] Penyebab ditemukan: Pembayaran kartu gagal');
    expect(parsed.from?.text).toBe('"Status Fixture Shop" <status@example.com>');
    expect(parsed.messageId).toMatch(/^<[0-9a-f-]{36}@status\.example\.co\.id>$/);
    expect(parsed.references).toBe('<2026-11-20-card-payments.id@status.example.co.id>');
    expect(parsed.headers.get('content-language')).toBe('id');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.text).toBe(
      [
        'Penyebab ditemukan: Pembayaran kartu gagal',
        'Diposting 20 Nov 2026, 10.10 WIB',
        '(Belum diterjemahkan)',
        'Penyedia pihak ketiga found an expired certificate; some payments succeed again.',
        'Pembayaran kartu: Gangguan sebagian\nKabar berikutnya: 20 Nov 2026, 10.40 WIB',
        'Lihat di halaman status: https://status.example.co.id/incidents/2026-11-20-card-payments/#update-2026-11-20T0310Z',
        '-- \nAnda menerima pesan ini karena berlangganan kabar dari halaman status Fixture Shop.\nCara mengikuti dan berhenti berlangganan: https://status.example.co.id/#get-updates\n',
      ].join('\n\n'),
    );
    const { document } = parseHTML(parsed.html as string);
    expect(document.documentElement.getAttribute('lang')).toBe('id');
    expect(document.querySelector('h1')?.textContent).toBe('Pembayaran kartu gagal');
    expect(document.querySelector('div[lang="en"] strong')?.textContent).toBe('succeed');
    expect([...document.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['Pembayaran kartu: Gangguan sebagian', 'Kabar berikutnya: 20 Nov 2026, 10.40 WIB']);
    expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://status.example.co.id/incidents/2026-11-20-card-payments/#update-2026-11-20T0310Z',
      'https://status.example.co.id/#get-updates',
    ]);
  });

  it('a third run, with nothing new, sends nothing and leaves the ledger as it was', async () => {
    const before = repo.ledger().tip;
    const requests = repo.receiver.requests.length;
    const third = await repo.notify('2026-11-20T03:20:00Z');
    expect(third.code).toBe(0);
    expect(third.report.channels.every((c) => c.sent.length === 0)).toBe(true);
    expect(repo.receiver.requests.length).toBe(requests);
    expect(repo.smtp.mails).toHaveLength(1);
    expect(repo.ledger().tip).toBe(before);
  });
});

/** Payloads built straight from content (no run): what untrusted text becomes in each channel. */
describe('untrusted text in each channel', () => {
  const urls = (config: Parameters<typeof createSiteUrls>[0]) => createSiteUrls(config, { siteUrl: 'https://status.example.com' });
  const incident = (title: string, body: string, extra = '', frontmatter = 'components:\n  api: major_outage') => ({
    'incidents/2026-03-10-api/index.md': md(`title: ${JSON.stringify(title)}\nseverity: serious\nstarted: 2026-03-10T10:00:00Z\n${extra}`),
    'incidents/2026-03-10-api/2026-03-10T1005Z.md': md(`at: 2026-03-10T10:05:00Z\nstatus: investigating\n${frontmatter}`, body),
  });
  const messageOf = (files: Files, locale = 'en', config = testConfig()) => {
    const now = t('2026-03-10T10:10:00Z');
    const m = model(files, now, config);
    const event = deriveEvents(m).find((e) => e.kind === 'incident.created')!;
    return buildMessage(m, event, locale, urls(config));
  };

  it('Slack: the top-level text (what notifications show) is escaped like every other field; broadcast mentions are broken', () => {
    const payload = slackPayload(messageOf(incident('Checkout <!channel> <https://evil.example|click> & co', 'Ping @here and <!everyone>.')));
    expect(payload.text).toBe('[Investigating] Checkout &lt;!channel&gt; &lt;https://evil.example|click&gt; &amp; co — Test');
    // Header blocks are plain_text (never parsed); every mrkdwn text is escaped and not pre-processed.
    const mrkdwn = JSON.stringify(payload.blocks).match(/\{"type":"mrkdwn"[^{}]*\}/g)!;
    expect(mrkdwn.every((m) => m.endsWith('"verbatim":true}'))).toBe(true);
    expect(mrkdwn.join('')).not.toMatch(/<!(channel|here|everyone)>/);
    expect(mrkdwn.join('')).toContain('Ping @\u2060here and &lt;!everyone&gt;.');
  });

  it('Mastodon: mentions are broken with a word joiner, so nobody is mentioned or made a recipient', () => {
    const { status } = mastodonStatus(messageOf(incident('Outage for @ops@mastodon.example', 'Hello @admin@evil.example and @alice.')), 'private');
    expect(status).not.toMatch(/@(?!\u2060)/);
    expect(status).toContain('@\u2060ops@\u2060mastodon.example');
  });

  it('Mastodon: 16 components fit in 500 characters as Mastodon counts them (the list cut, the link kept)', () => {
    const components = Array.from({ length: 16 }, (_, i) => ({ id: `service-${i + 1}`, name: `Payment service number ${i + 1}` }));
    const config = testConfig({ components });
    const changes = components.map((c) => `  ${c.id}: major_outage`).join('\n');
    const message = messageOf(incident('Everything is down', 'We are looking into it. '.repeat(30), '', `components:\n${changes}`), 'en', config);
    const { status } = mastodonStatus(message, 'public');
    const link = 'https://status.example.com/incidents/2026-03-10-api/#update-2026-03-10T1005Z';
    expect(status.endsWith(`\n\n${link}`)).toBe(true);
    // Mastodon's count: grapheme clusters, the link as 23 characters.
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(status.slice(0, -link.length))].length + 23).toBeLessThanOrEqual(500);
    expect(status).toMatch(/\nand \d+ more\n/);
    expect(status).toContain('Payment service number 1: Major outage');
  });

  it('Mastodon: a translated headline over an untranslated message keeps the mark and says the headline\'s language', () => {
    const files = { ...incident('API errors', 'We are looking into it.'), 'incidents/2026-03-10-api/index.id.md': md('title: Galat API') };
    const body = mastodonStatus(messageOf(files, 'id'), 'public');
    expect(body.status).toContain('Galat API');
    expect(body.status).toContain('(Belum diterjemahkan)\n\nWe are looking into it.');
    expect(body.language).toBe('id');
  });

  const tracked = [
    'Fixed. <img src="https://tracker.example/raw.gif" width="1"> <script>alert(1)</script>',
    '',
    '![pixel](https://tracker.example/md.gif) [details](https://example.com/details) [run](javascript:alert(1)) [mail](mailto:a@example.com) [wiki](https://example.com/a_(b))',
  ].join('\n');

  it('Teams: titles and facts have their Markdown escaped; the message keeps only safe Markdown', () => {
    const files = incident('Checkout [click here](https://evil.example) **now**', tracked, 'workaround: "Use [this](https://evil.example/w) _please_"');
    const card = (teamsPayload(messageOf(files)).attachments as { content: { body: { type: string; text?: string; facts?: { title: string; value: string }[] }[] } }[])[0]!.content;
    const [title, , message, factSet] = card.body;
    expect(title!.text).toBe('Checkout \\[click here\\](https://evil.example) \\*\\*now\\*\\*');
    expect(factSet!.facts!.find((f) => f.title === 'Workaround')!.value).toBe('Use this (https://evil.example/w) please');
    expect(message!.text).not.toMatch(/<img|<script|tracker\.example\/md|javascript:/);
    expect(message!.text).toContain('[details](https://example.com/details)');
  });

  it('Buttondown and SMTP email: no remote image (tracking pixel), no active content, links only to http(s)', () => {
    const message = messageOf(incident('Checkout errors', tracked));
    const bd = buttondownEmail(message).body;
    expect(bd).not.toMatch(/<img|<script|!\[|javascript:|mailto:/);
    expect(bd).toContain('&lt;img src="https://tracker.example/raw.gif"');
    expect(bd).toContain('[details](https://example.com/details)');
    expect(bd).toContain('[wiki](https://example.com/a_%28b%29)');
    const { document } = parseHTML(emailContent(message, 'id', 'status.example.com').html);
    expect(document.querySelectorAll('img, script, iframe, object')).toHaveLength(0);
    expect([...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^https:\/\/status\.example\.com\//.test(h!))).toEqual(['https://example.com/details', 'https://example.com/a_(b)']);
    expect(document.body.textContent).toContain('pixel');
  });
});
