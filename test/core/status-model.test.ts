import { describe, expect, it } from 'vitest';
import { normalizeSiteConfig } from '../../src/core/config/normalize.ts';
import { md, model, t, testConfig, testConfigInput, type Files } from '../helpers/content.ts';

const incident = (id: string, front: string, updates: Record<string, string> = {}): Files => ({
  [`incidents/${id}/index.md`]: md(front),
  ...Object.fromEntries(Object.entries(updates).map(([name, text]) => [`incidents/${id}/${name}.md`, text])),
});

const maintenance = (id: string, start: string, end: string, extra = '', updates: Record<string, string> = {}) =>
  incident(id, `title: Database upgrade\ntype: maintenance\nwindow: { start: ${start}, end: ${end} }\ncomponents: { db: under_maintenance }\n${extra}`, updates);

describe('maintenance status from the window and the clock', () => {
  const start = '2026-11-20T01:00:00Z';
  const end = '2026-11-20T03:00:00Z';
  const cases: { name: string; now: string; updates?: Record<string, string>; status: string; db: string; active: boolean; upcoming: boolean }[] = [
    { name: 'before the window: scheduled, component operational', now: '2026-11-20T00:59:59Z', status: 'scheduled', db: 'operational', active: false, upcoming: true },
    { name: 'window opening exactly at now: in progress', now: start, status: 'in_progress', db: 'under_maintenance', active: true, upcoming: false },
    { name: 'inside the window without any update: in progress by time alone', now: '2026-11-20T02:00:00Z', status: 'in_progress', db: 'under_maintenance', active: true, upcoming: false },
    { name: 'window closing exactly at now: completed by time', now: end, status: 'completed', db: 'operational', active: false, upcoming: false },
    {
      name: 'completed update inside the window ends it early',
      now: '2026-11-20T02:30:00Z',
      updates: { a: md('at: 2026-11-20T02:00:00Z\nstatus: completed', 'Done early.') },
      status: 'completed',
      db: 'operational',
      active: false,
      upcoming: false,
    },
    {
      name: 'verifying update inside the window',
      now: '2026-11-20T02:30:00Z',
      updates: { a: md('at: 2026-11-20T02:15:00Z\nstatus: verifying', 'Checking.') },
      status: 'verifying',
      db: 'under_maintenance',
      active: true,
      upcoming: false,
    },
    {
      name: 'in_progress update before the window starts it early',
      now: '2026-11-20T00:45:00Z',
      updates: { a: md('at: 2026-11-20T00:30:00Z\nstatus: in_progress', 'Starting early.') },
      status: 'in_progress',
      db: 'under_maintenance',
      active: true,
      upcoming: false,
    },
  ];
  it.each(cases)('$name', ({ now, updates, status, db, active, upcoming }) => {
    const m = model(maintenance('2026-11-20-db-upgrade', start, end, '', updates ?? {}), t(now));
    const item = m.byId.get('2026-11-20-db-upgrade')!;
    expect(item.status).toBe(status);
    expect(item.active).toBe(active);
    expect(item.upcoming).toBe(upcoming);
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe(db);
    expect(m.activeMaintenance.length).toBe(active ? 1 : 0);
    expect(m.upcomingMaintenance.length).toBe(upcoming ? 1 : 0);
    expect(m.page.indicator).toBe(active ? 'maintenance' : 'none');
  });
});

describe('component status across incidents', () => {
  const now = t('2026-11-20T12:00:00Z');

  it('two incidents on one component: the worst active status wins', () => {
    const m = model(
      {
        ...incident('2026-11-20-slow-api', 'title: Slow API\nseverity: minimal\nstarted: 2026-11-20T09:00:00Z\ncomponents: { api: degraded_performance }'),
        ...incident('2026-11-20-api-down', 'title: API down\nseverity: severe\nstarted: 2026-11-20T10:00:00Z\ncomponents: { api: major_outage, web: partial_outage }'),
      },
      now,
    );
    const status = Object.fromEntries(m.components.map((c) => [c.config.id, c.status]));
    expect(status).toEqual({ api: 'major_outage', web: 'partial_outage', db: 'operational' });
    expect(m.page).toMatchObject({ indicator: 'critical', key: 'major' });
    expect(m.activeIncidents.map((i) => i.id)).toEqual(['2026-11-20-api-down', '2026-11-20-slow-api']);
  });

  it('two incidents on one component: resolving the worse one falls back to the other', () => {
    const m = model(
      {
        ...incident('2026-11-20-slow-api', 'title: Slow API\nseverity: minimal\nstarted: 2026-11-20T09:00:00Z\ncomponents: { api: degraded_performance }'),
        ...incident('2026-11-20-api-down', 'title: API down\nseverity: severe\nstarted: 2026-11-20T10:00:00Z\ncomponents: { api: major_outage }', {
          b: md('at: 2026-11-20T11:00:00Z\nstatus: monitoring', 'Fixed; watching.'),
          c: md('at: 2026-11-20T11:30:00Z\nstatus: resolved', 'Resolved.'),
        }),
      },
      now,
    );
    expect(m.components.find((c) => c.config.id === 'api')!.status).toBe('degraded_performance');
    expect(m.page).toMatchObject({ indicator: 'minor', key: 'minor' });
  });

  it('one component recovering mid-incident while another stays down', () => {
    const m = model(
      incident('2026-11-20-outage', 'title: Outage\nseverity: serious\nstarted: 2026-11-20T09:00:00Z\ncomponents: { api: major_outage, web: major_outage }', {
        u1: md('at: 2026-11-20T09:10:00Z\nstatus: investigating\nnext_update: 2026-11-20T13:00:00Z', 'Looking.'),
        u2: md('at: 2026-11-20T10:00:00Z\nstatus: identified\ncomponents: { web: operational, api: partial_outage }\nnext_update: 2026-11-20T13:00:00Z', 'Web is back.'),
      }),
      now,
    );
    const item = m.byId.get('2026-11-20-outage')!;
    expect(item.currentComponents).toEqual({ api: 'partial_outage' });
    expect(item.status).toBe('identified');
    expect(item.updates[0]!.transitions).toEqual([
      { component: 'api', from: 'operational', to: 'major_outage' },
      { component: 'web', from: 'operational', to: 'major_outage' },
    ]);
    expect(item.updates[1]!.transitions).toEqual([
      { component: 'web', from: 'major_outage', to: 'operational' },
      { component: 'api', from: 'major_outage', to: 'partial_outage' },
    ]);
    expect(Object.fromEntries(m.components.map((c) => [c.config.id, c.status]))).toEqual({ api: 'partial_outage', web: 'operational', db: 'operational' });
    expect(item.stale).toBe(false);
    expect(item.nextUpdate).toBe(t('2026-11-20T13:00:00Z'));
  });

  it('resolution returns every component to operational and records the transitions', () => {
    const m = model(
      incident('2026-11-20-outage', 'title: Outage\nseverity: serious\nstarted: 2026-11-20T09:00:00Z\ncomponents: { api: major_outage }', {
        u1: md('at: 2026-11-20T09:30:00Z\nstatus: monitoring', 'Fix deployed.'),
        u2: md('at: 2026-11-20T10:30:00Z\nstatus: resolved', 'All good.'),
      }),
      now,
    );
    const item = m.byId.get('2026-11-20-outage')!;
    expect(item.active).toBe(false);
    expect(item.resolvedAt).toBe(t('2026-11-20T10:30:00Z'));
    expect(item.durationMs).toBe(90 * 60_000);
    expect(item.updates.at(-1)!.transitions).toEqual([{ component: 'api', from: 'major_outage', to: 'operational' }]);
    expect(m.components.every((c) => c.status === 'operational')).toBe(true);
    expect(m.page).toEqual({ indicator: 'none', key: 'operational', description: 'All Systems Operational' });
    expect(m.lastUpdated).toBe(t('2026-11-20T10:30:00Z'));
  });

  it('an overdue next_update makes an active incident stale', () => {
    const m = model(
      incident('2026-11-20-outage', 'title: Outage\nseverity: significant\nstarted: 2026-11-20T09:00:00Z\ncomponents: { api: partial_outage }', {
        u1: md('at: 2026-11-20T09:30:00Z\nstatus: investigating\nnext_update: 2026-11-20T10:00:00Z', 'Looking.'),
      }),
      now,
    );
    expect(m.byId.get('2026-11-20-outage')!.stale).toBe(true);
  });

  it('an incident without component changes still raises the page indicator from its severity', () => {
    const m = model(incident('2026-11-20-emails', 'title: Emails late\nseverity: serious\nstarted: 2026-11-20T09:00:00Z'), now);
    expect(m.page).toMatchObject({ indicator: 'major', key: 'partial', description: 'Partial System Outage' });
  });

  it('degraded performance alone reads as partially degraded service', () => {
    const m = model(incident('2026-11-20-slow', 'title: Slow\nseverity: negligible\nstarted: 2026-11-20T09:00:00Z\ncomponents: { web: degraded_performance }'), now);
    expect(m.page).toEqual({ indicator: 'minor', key: 'degraded', description: 'Partially Degraded Service' });
  });

  it('an outage during maintenance outranks the maintenance', () => {
    const m = model(
      {
        ...maintenance('2026-11-20-db-upgrade', '2026-11-20T11:00:00Z', '2026-11-20T13:00:00Z'),
        ...incident('2026-11-20-db-down', 'title: DB down\nseverity: severe\nstarted: 2026-11-20T11:30:00Z\ncomponents: { db: major_outage }'),
      },
      now,
    );
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe('major_outage');
    expect(m.page.indicator).toBe('critical');
  });
});

describe('translations', () => {
  const files: Files = {
    ...incident('2026-11-20-outage', 'title: Checkout errors\nseverity: serious\nstarted: 2026-11-20T09:00:00Z\nimpact: Card payments fail.\nworkaround: Use bank transfer.', {
      u1: md('at: 2026-11-20T09:10:00Z\nstatus: investigating\ntechnical: 502s from the gateway.', 'We are investigating.'),
      u2: md('at: 2026-11-20T09:40:00Z\nstatus: identified', 'We found the cause.'),
    }),
    'incidents/2026-11-20-outage/index.id.md': md('title: Kesalahan checkout\nimpact: Pembayaran kartu gagal.'),
    'incidents/2026-11-20-outage/u1.id.md': md('', 'Kami sedang menyelidiki.'),
  };
  const item = () => model(files, t('2026-11-20T12:00:00Z')).byId.get('2026-11-20-outage')!;

  it('uses a translation where one exists', () => {
    expect(item().title.id).toEqual({ text: 'Kesalahan checkout', lang: 'id', untranslated: false });
    expect(item().updates[0]!.message.id).toEqual({ text: 'Kami sedang menyelidiki.', lang: 'id', untranslated: false });
  });

  it('falls back to the default locale, flagged, field by field', () => {
    expect(item().workaround!.id).toEqual({ text: 'Use bank transfer.', lang: 'en', untranslated: true });
    expect(item().updates[0]!.technical!.id).toEqual({ text: '502s from the gateway.', lang: 'en', untranslated: true });
    expect(item().updates[1]!.message.id).toEqual({ text: 'We found the cause.', lang: 'en', untranslated: true });
    expect(item().untranslated).toEqual(['id']);
  });

  it('the default locale is never flagged', () => {
    expect(item().title.en).toEqual({ text: 'Checkout errors', lang: 'en', untranslated: false });
  });
});

describe('uptime over 90 days', () => {
  it('weights a major outage fully and a partial outage at 30 %, per day', () => {
    const m = model(
      incident('2026-11-18-outage', 'title: Outage\nseverity: serious\nstarted: 2026-11-18T00:00:00Z\ncomponents: { api: major_outage }', {
        u1: md('at: 2026-11-18T06:00:00Z\nstatus: monitoring\ncomponents: { api: partial_outage }', 'Partly back.'),
        u2: md('at: 2026-11-18T18:00:00Z\nstatus: resolved', 'Resolved.'),
      }),
      t('2026-11-20T12:00:00Z'),
    );
    const api = m.components.find((c) => c.config.id === 'api')!;
    expect(api.uptime.days).toHaveLength(90);
    expect(api.uptime.days.at(-1)!.date).toBe('2026-11-20');
    expect(api.uptime.days.at(-1)!.lengthMs).toBe(12 * 3600_000);
    const day = api.uptime.days.find((d) => d.date === '2026-11-18')!;
    expect(day.downtimeMs).toBe(6 * 3600_000 + 0.3 * 12 * 3600_000);
    expect(day.uptime).toBeCloseTo(1 - 9.6 / 24, 10);
    expect(day.worst).toBe('major_outage');
    expect(day.incidentIds).toEqual(['2026-11-18-outage']);
    const total = api.uptime.days.reduce((sum, d) => sum + d.lengthMs, 0);
    expect(api.uptime.ratio).toBeCloseTo(1 - (9.6 * 3600_000) / total, 10);
    expect(m.components.find((c) => c.config.id === 'web')!.uptime.ratio).toBe(1);
  });

  it('two overlapping incidents on one component count the overlap once, at the worst status', () => {
    const m = model(
      {
        ...incident('2026-11-18-a', 'title: A\nseverity: serious\nstarted: 2026-11-18T00:00:00Z\ncomponents: { api: major_outage }', {
          r: md('at: 2026-11-18T02:00:00Z\nstatus: resolved', 'Done.'),
        }),
        ...incident('2026-11-18-b', 'title: B\nseverity: minimal\nstarted: 2026-11-18T01:00:00Z\ncomponents: { api: partial_outage }', {
          r: md('at: 2026-11-18T03:00:00Z\nstatus: resolved', 'Done.'),
        }),
      },
      t('2026-11-20T12:00:00Z'),
    );
    const day = m.components.find((c) => c.config.id === 'api')!.uptime.days.find((d) => d.date === '2026-11-18')!;
    // 00–02 major (2 h), 02–03 partial (1 h × 0.3)
    expect(day.downtimeMs).toBe(2 * 3600_000 + 0.3 * 3600_000);
    expect(day.incidentIds).toEqual(['2026-11-18-a', '2026-11-18-b']);
  });

  it('has no data before the page started (since), and counts only the days after it', () => {
    const config = testConfig({ since: '2026-11-10', components: [{ id: 'api', name: 'API' }, { id: 'db', name: 'Database', since: '2026-11-19' }] });
    const m = model(
      incident('2026-11-18-outage', 'title: Outage\nseverity: serious\nstarted: 2026-11-18T00:00:00Z\ncomponents: { api: major_outage }', {
        r: md('at: 2026-11-18T12:00:00Z\nstatus: resolved', 'Resolved.'),
      }),
      t('2026-11-20T12:00:00Z'),
      config,
    );
    const api = m.components.find((c) => c.config.id === 'api')!.uptime;
    expect(api.days.filter((d) => d.uptime === null).map((d) => d.date)).toEqual(api.days.slice(0, 79).map((d) => d.date));
    expect(api.days[79]).toMatchObject({ date: '2026-11-10', uptime: 1 });
    // 12 hours down out of 10.5 days, not out of 89.5.
    expect(api.ratio).toBeCloseTo(1 - 12 / (10.5 * 24), 10);
    const db = m.components.find((c) => c.config.id === 'db')!.uptime;
    expect(db.days.filter((d) => d.uptime !== null).map((d) => d.date)).toEqual(['2026-11-19', '2026-11-20']);
  });

  it('refuses a since that is no day of the calendar, at its line', () => {
    const result = normalizeSiteConfig({ ...testConfigInput, since: '2026-02-30' }, 'kabar.config.ts', "export default {\n  since: '2026-02-30',\n};\n");
    expect(result.problems.map((p) => `${p.line}: ${p.field}: ${p.message}`)).toEqual(['2: since: found "2026-02-30", which is not a day of the calendar (expected a date such as "2026-12-05")']);
  });

  it('maintenance counts as no downtime', () => {
    const m = model(maintenance('2026-11-19-db-upgrade', '2026-11-19T01:00:00Z', '2026-11-19T03:00:00Z'), t('2026-11-20T12:00:00Z'));
    const day = m.components.find((c) => c.config.id === 'db')!.uptime.days.find((d) => d.date === '2026-11-19')!;
    expect(day).toMatchObject({ downtimeMs: 0, uptime: 1, worst: 'under_maintenance' });
  });

  it('daylight-saving transitions: days follow the site time zone, 25 h when clocks go back', () => {
    // Europe/Berlin leaves summer time on 2026-10-25 at 03:00 CEST → 02:00 CET.
    const config = testConfig({ timeZone: 'Europe/Berlin' });
    const m = model(
      incident('2026-10-25-outage', 'title: Outage\nseverity: severe\nstarted: 2026-10-25T00:00:00+02:00\ncomponents: { api: major_outage }', {
        r: md('at: 2026-10-26T00:00:00+01:00\nstatus: resolved', 'Done.'),
      }),
      t('2026-11-01T12:00:00Z'),
      config,
    );
    const days = m.components.find((c) => c.config.id === 'api')!.uptime.days;
    const dst = days.find((d) => d.date === '2026-10-25')!;
    expect(dst.lengthMs).toBe(25 * 3600_000);
    expect(dst.downtimeMs).toBe(25 * 3600_000);
    expect(dst.uptime).toBe(0);
    expect(days.find((d) => d.date === '2026-10-24')!.downtimeMs).toBe(0);
    expect(days.find((d) => d.date === '2026-10-26')!).toMatchObject({ downtimeMs: 0, lengthMs: 24 * 3600_000 });
    expect(m.byId.get('2026-10-25-outage')!.durationMs).toBe(25 * 3600_000);
  });

  it('daylight-saving transitions: 23 h when clocks go forward', () => {
    // America/New_York starts summer time on 2026-03-08 at 02:00 EST → 03:00 EDT.
    const config = testConfig({ timeZone: 'America/New_York' });
    const m = model({}, t('2026-03-20T12:00:00Z'), config);
    const day = m.components[0]!.uptime.days.find((d) => d.date === '2026-03-08')!;
    expect(day.lengthMs).toBe(23 * 3600_000);
  });
});

describe('ordering and summary fields', () => {
  it('sorts incidents newest first and updates oldest first, whatever the file names', () => {
    const m = model(
      {
        ...incident('2026-11-01-old', 'title: Old\nseverity: minimal\nstarted: 2026-11-01T09:00:00Z', {
          zzz: md('at: 2026-11-01T09:05:00Z\nstatus: investigating', 'First.'),
          aaa: md('at: 2026-11-01T09:30:00Z\nstatus: monitoring', 'Second.'),
          mmm: md('at: 2026-11-01T10:00:00Z\nstatus: resolved', 'Third.'),
        }),
        ...incident('2026-11-10-new', 'title: New\nseverity: minimal\nstarted: 2026-11-10T09:00:00Z', {
          a: md('at: 2026-11-10T09:05:00Z\nstatus: monitoring', 'x'),
          b: md('at: 2026-11-10T10:00:00Z\nstatus: resolved', 'y'),
        }),
      },
      t('2026-11-20T12:00:00Z'),
    );
    expect(m.incidents.map((i) => i.id)).toEqual(['2026-11-10-new', '2026-11-01-old']);
    expect(m.byId.get('2026-11-01-old')!.updates.map((u) => u.id)).toEqual(['zzz', 'aaa', 'mmm']);
    expect(m.lastUpdated).toBe(t('2026-11-10T10:00:00Z'));
    expect(m.components.find((c) => c.config.id === 'api')!.incidentIds).toEqual([]);
  });

  it('maps severity to Statuspage impact', () => {
    const severities = ['negligible', 'minimal', 'significant', 'serious', 'severe'];
    const files: Files = Object.assign({}, ...severities.map((s) => incident(`2026-11-20-${s}`, `title: ${s}\nseverity: ${s}\nstarted: 2026-11-20T09:00:00Z`)));
    const m = model(files, t('2026-11-20T12:00:00Z'));
    expect(Object.fromEntries(severities.map((s) => [s, m.byId.get(`2026-11-20-${s}`)!.impact]))).toEqual({
      negligible: 'none',
      minimal: 'minor',
      significant: 'minor',
      serious: 'major',
      severe: 'critical',
    });
  });
});

describe('cancelled maintenance', () => {
  it('a maintenance completed before its window opens never changes a component', () => {
    const files = maintenance('2026-11-20-db-upgrade', '2026-11-20T10:00:00Z', '2026-11-20T12:00:00Z', '', {
      a: md('at: 2026-11-19T09:00:00Z\nstatus: scheduled', 'Planned.'),
      b: md('at: 2026-11-19T15:00:00Z\nstatus: completed', 'Cancelled: no longer needed.'),
    });
    const m = model(files, t('2026-11-20T11:00:00Z'));
    const item = m.byId.get('2026-11-20-db-upgrade')!;
    expect(item.status).toBe('completed');
    expect(item.active).toBe(false);
    expect(item.updates.flatMap((u) => u.transitions)).toEqual([]);
    expect(item.segments).toEqual([]);
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe('operational');
  });
});
