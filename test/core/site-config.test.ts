import { describe, expect, it } from 'vitest';
import { logoOutputName } from '../../src/core/config/schema.ts';
import { normalizeSiteConfig } from '../../src/core/config/normalize.ts';

const base = { name: 'Shop', timeZone: 'UTC', locales: [{ tag: 'en', label: 'English' }], components: [{ id: 'api', name: 'API' }] };
const source = "export default {\n  name: 'Shop',\n  logo: 'x',\n};\n";

describe('site config: logo', () => {
  it.each([
    ['https://cdn.example.com/logo.png', 'a URL (expected a file in the repository, e.g. logo.svg: the page must not depend on another host during an outage)'],
    ['logo.bmp', 'not an image file name (expected .svg, .png, .webp, .avif, .jpg, .jpeg or .gif)'],
  ])('refuses %s', (logo, message) => {
    const result = normalizeSiteConfig({ ...base, logo }, 'kabar.config.ts', source);
    expect(result.config).toBeUndefined();
    expect(result.problems.map((p) => [p.line, p.field, p.message])).toEqual([[3, 'logo', message]]);
  });

  it.each([
    ['logo.svg', 'logo.svg'],
    ['brand/Shop Logo.PNG', 'logo.png'],
    ['/assets/mark.jpeg', 'logo.jpeg'],
  ])('serves %s as %s', (logo, served) => {
    expect(normalizeSiteConfig({ ...base, logo }, 'kabar.config.ts', source).config?.logo).toBe(logo);
    expect(logoOutputName(logo)).toBe(served);
  });
});

describe('site config: fields renamed in a release', () => {
  const renamedSource = "export default {\n  components: [\n    { id: 'api', name: 'API', uptime: false },\n  ],\n};\n";

  it('reads the old name with a warning that names the new field and the release, and never changes the input', () => {
    const input = { ...base, components: [{ id: 'api', name: 'API', uptime: false }] };
    const result = normalizeSiteConfig(input, 'kabar.config.ts', renamedSource);
    expect(result.config?.components[0]?.uptimeBar).toBe(false);
    expect(result.problems).toEqual([
      { file: 'kabar.config.ts', line: 3, field: 'components[0].uptime', severity: 'warning', message: 'renamed to "uptimeBar" in Kabar 0.2.0 (expected "uptimeBar": rename the field; "uptime" stops working in Kabar 1.0.0)' },
    ]);
    expect(input.components[0]).toEqual({ id: 'api', name: 'API', uptime: false });
  });

  it('refuses the old and the new name together: which one wins would be a guess', () => {
    const result = normalizeSiteConfig({ ...base, components: [{ id: 'api', name: 'API', uptime: false, uptimeBar: true }] }, 'kabar.config.ts', renamedSource);
    expect(result.config).toBeUndefined();
    expect(result.problems.map((p) => [p.field, p.severity, p.message])).toEqual([
      ['components[0].uptime', 'error', 'renamed to "uptimeBar" in Kabar 0.2.0, and both are set (expected only "uptimeBar": delete "uptime")'],
    ]);
  });

  it('once removed, the old name is an error that still says what it became', async () => {
    const { applyRenames, RENAMED_CONFIG_FIELDS } = await import('../../src/core/config/renamed-fields.ts');
    const { issuesToProblems } = await import('../../src/core/zod-problems.ts');
    const removed = RENAMED_CONFIG_FIELDS.map((r) => ({ ...r, removed: true as const }));
    expect(applyRenames({ components: [{ uptime: false }] }, removed).uses).toEqual([]);
    const problems = issuesToProblems([{ code: 'unrecognized_keys', keys: ['uptime'], path: ['components', 0], message: '', input: {} }], 'kabar.config.ts', () => 3, [], removed);
    expect(problems.map((p) => p.message)).toEqual(['renamed to "uptimeBar" in Kabar 0.2.0 and removed in 1.0.0 (expected "uptimeBar": rename the field)']);
  });
});

describe('site config: notifications and subscribe', () => {
  const source = [
    'export default {',
    "  name: 'Shop',",
    '  notifications: {',
    '    channels: [',
    "      { id: 'ops', type: 'slak' },",
    "      { id: 'hook', type: 'webhook', locale: 'fr', components: ['nope'] },",
    "      { id: 'hook', type: 'mastodon', server: 'ftp://example.com' },",
    "      { id: 'mail', type: 'email', from: 'status', to: 'list@example.com' },",
    '    ],',
    "    maxAge: '1w',",
    '  },',
    '};',
  ].join('\n');
  const problems = (notifications: unknown, subscribe?: unknown) =>
    normalizeSiteConfig({ ...base, notifications, ...(subscribe !== undefined && { subscribe }) }, 'kabar.config.ts', source).problems.map((p) => `${p.line}: ${p.field}: ${p.message}`);

  it('reports each mistake at its line, naming what was expected', () => {
    expect(problems({ channels: [{ id: 'ops', type: 'slak' }, { id: 'mail', type: 'email', from: 'status', to: 'list@example.com' }], maxAge: '1w' })).toEqual([
      '5: notifications.channels[0].type: found "slak" (expected one of: slack, discord, teams, mastodon, webhook, email, buttondown)',
      '8: notifications.channels[1].from: found "status" (expected an email address, e.g. "status@example.com" or "Acme Status <status@example.com>")',
      '10: notifications.maxAge: found "1w" (expected a duration such as "30m", "24h" or "2d")',
    ]);
    expect(problems({ channels: [{ id: 'hook', type: 'webhook', locale: 'fr', components: ['nope'] }, { id: 'hook', type: 'mastodon', server: 'https://m.example' }] })).toEqual([
      '6: notifications.channels[0].locale: unknown locale "fr" (expected one of: en)',
      '6: notifications.channels[0].components: unknown component "nope" (expected one of the components in kabar.config.ts: api)',
      '7: notifications.channels[1].id: "hook" is used twice (expected unique channel ids: the ledger keeps what each one was sent)',
    ]);
    expect(problems({ channels: [{ id: 'hook', type: 'mastodon', server: 'ftp://example.com' }] })).toEqual([
      '7: notifications.channels[0].server: found "ftp://example.com" (expected an https:// URL such as "https://mastodon.social"; plain http only to 127.0.0.1 or localhost)',
    ]);
    expect(problems({}, { email: { field: 'email' } })).toEqual([
      '1: subscribe.email: has neither "form" nor "page" (expected the list service\'s subscribe address in "form", or its sign-up page in "page")',
    ]);
  });

  it('fills in defaults: the default locale, KABAR_NOTIFY_<ID> variables, webhook-only component events, 24 h', () => {
    const result = normalizeSiteConfig(
      { ...base, notifications: { channels: [{ id: 'team-slack', type: 'slack' }, { id: 'partner-hook', type: 'webhook' }, { id: 'm', type: 'mastodon', server: 'https://m.example/' }] } },
      'kabar.config.ts',
      '',
    );
    expect(result.problems).toEqual([]);
    expect(result.config!.notifications).toEqual({
      channels: [
        { id: 'team-slack', type: 'slack', locale: 'en', events: ['incidents', 'maintenance', 'postmortems'], env: 'KABAR_NOTIFY_TEAM_SLACK' },
        { id: 'partner-hook', type: 'webhook', locale: 'en', events: ['incidents', 'maintenance', 'postmortems', 'components'], env: 'KABAR_NOTIFY_PARTNER_HOOK', secretEnv: 'KABAR_NOTIFY_PARTNER_HOOK_SECRET' },
        { id: 'm', type: 'mastodon', locale: 'en', events: ['incidents', 'maintenance', 'postmortems'], env: 'KABAR_NOTIFY_M', server: 'https://m.example', visibility: 'public' },
      ],
      maxAgeMs: 86_400_000,
      ledgerBranch: 'kabar-notifications',
    });
    expect(result.config!.subscribe).toEqual({ links: [] });
  });
});
