import { describe, expect, it } from 'vitest';
import type { UptimeDay } from '../../src/core/model/types.ts';
import { internalMarkerLine, publicPart } from '../../src/core/postmortem/public-part.ts';
import { buildSiteView, RECENT_PER_DAY } from '../../src/core/view/site-view.ts';
import { incidentTone, updateTone } from '../../src/core/view/status-tone.ts';
import { drawUptimeBar, notableDays, uptimeOfLastDays } from '../../src/core/view/uptime-bar.ts';
import { md, model, t, validate, type Files } from '../helpers/content.ts';

// How the page reads: maintenance as planned until it starts, resolved incidents as resolved, the uptime bar drawn
// compactly with its figures elsewhere, postmortems without their internal part, a bounded "past 14 days".

const START = '2026-11-20T01:00:00Z';
const END = '2026-11-20T03:00:00Z';
const ID = '2026-11-20-db-upgrade';
const maintenance = (updates: Record<string, string>): Files => ({
  [`incidents/${ID}/index.md`]: md(`title: Database upgrade\ntype: maintenance\nwindow: { start: ${START}, end: ${END} }\ncomponents: { db: under_maintenance }`),
  ...Object.fromEntries(Object.entries(updates).map(([name, text]) => [`incidents/${ID}/${name}.md`, text])),
});
const announced = { a: md('at: 2026-11-18T09:00:00Z\nstatus: scheduled', 'We will upgrade the database.') };

describe('maintenance: planned before the window, changed when it opens', () => {
  it('before the window: the plan is there, no update carries a transition, the component is operational', () => {
    const m = model(maintenance(announced), t('2026-11-19T12:00:00Z'));
    const item = m.byId.get(ID)!;
    expect(item.plannedComponents).toEqual({ db: 'under_maintenance' });
    expect(item.updates.map((u) => u.transitions)).toEqual([[]]);
    expect(item.windowOpened).toBeUndefined();
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe('operational');
  });

  it('window opened on schedule with no update then: the schedule makes the change itself, at the window start', () => {
    const m = model(maintenance(announced), t('2026-11-20T01:30:00Z'));
    const item = m.byId.get(ID)!;
    expect(item.updates.map((u) => u.transitions)).toEqual([[]]);
    expect(item.windowOpened).toEqual({ at: t(START), transitions: [{ component: 'db', from: 'operational', to: 'under_maintenance' }] });
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe('under_maintenance');
  });

  it('an in_progress update posted exactly when the window opens carries the change', () => {
    const m = model(maintenance({ ...announced, b: md(`at: ${START}\nstatus: in_progress`, 'Started.') }), t('2026-11-20T01:30:00Z'));
    const item = m.byId.get(ID)!;
    expect(item.updates.map((u) => u.transitions)).toEqual([[], [{ component: 'db', from: 'operational', to: 'under_maintenance' }]]);
    expect(item.windowOpened).toBeUndefined();
  });

  it('a maintenance cancelled before its window plans, but never changes anything', () => {
    const m = model(maintenance({ ...announced, b: md('at: 2026-11-19T09:00:00Z\nstatus: completed', 'Called off.') }), t('2026-11-20T01:30:00Z'));
    const item = m.byId.get(ID)!;
    expect(item.updates.flatMap((u) => u.transitions)).toEqual([]);
    expect(item.windowOpened).toBeUndefined();
    expect(m.components.find((c) => c.config.id === 'db')!.status).toBe('operational');
  });

  it('a maintenance may declare only under_maintenance (index) and under_maintenance or operational (updates)', () => {
    const files: Files = {
      [`incidents/${ID}/index.md`]: md(`title: Database upgrade\ntype: maintenance\nwindow: { start: ${START}, end: ${END} }\ncomponents: { db: major_outage }`),
      [`incidents/${ID}/a.md`]: md('at: 2026-11-18T09:00:00Z\nstatus: scheduled\ncomponents: { api: operational, web: partial_outage }', 'Planned.'),
    };
    const errors = validate(files, t('2026-11-19T00:00:00Z')).errors.map((e) => `${e.field}: ${e.message.split(' (')[0]}`).sort();
    expect(errors).toEqual(['components.db: "major_outage" in a maintenance', 'components.web: "partial_outage" in a maintenance']);
  });
});

describe('status tones', () => {
  const incident = (severity: string, resolved: boolean): Files => ({
    'incidents/2026-11-20-api/index.md': md(`title: API errors\nseverity: ${severity}\nstarted: 2026-11-20T01:00:00Z\ncomponents: { api: major_outage }`),
    'incidents/2026-11-20-api/a.md': md('at: 2026-11-20T01:05:00Z\nstatus: investigating', 'Looking.'),
    ...(resolved && { 'incidents/2026-11-20-api/b.md': md('at: 2026-11-20T02:00:00Z\nstatus: resolved', 'Fixed.') }),
  });
  it.each([
    ['a resolved severe incident reads as resolved', 'severe', true, 'resolved'],
    ['an active severe incident reads critical', 'severe', false, 'critical'],
    ['an active negligible incident still reads as a problem', 'negligible', false, 'minor'],
  ])('%s', (_name, severity, resolved, tone) => {
    const item = model(incident(severity, resolved), t('2026-11-20T03:00:00Z')).byId.get('2026-11-20-api')!;
    expect(incidentTone(item)).toBe(tone);
    expect(item.severity).toBe(severity);
  });
  it('in a resolved incident, the resolving update reads resolved and the others neutral', () => {
    const item = model(incident('serious', true), t('2026-11-20T03:00:00Z')).byId.get('2026-11-20-api')!;
    expect(item.updates.map((u) => updateTone(item, u))).toEqual([undefined, 'resolved']);
  });
  it('upcoming maintenance reads as maintenance', () => {
    expect(incidentTone(model(maintenance(announced), t('2026-11-19T00:00:00Z')).byId.get(ID)!)).toBe('maintenance');
  });
});

describe('uptime bar drawing', () => {
  const day = (worst: UptimeDay['worst'], downtimeMs = 0, uptime: number | null = 1, incidentIds: string[] = []): UptimeDay => ({
    date: '2026-11-01', start: 0, lengthMs: 86_400_000, downtimeMs, uptime, worst, incidentIds,
  });
  it('draws one path per colour, however many days have that colour', () => {
    const days = [day('operational'), day('major_outage', 3_600_000), day('partial_outage'), day('major_outage', 7_200_000), ...Array.from({ length: 86 }, () => day('operational'))];
    const bar = drawUptimeBar(days);
    expect(bar.days).toBe(90);
    expect(bar.paths).toEqual([
      { cls: 'p', d: 'M2.375 0v10' },
      { cls: 'm', d: 'M1.375 0v10m2-10v10' },
    ]);
  });
  it('a day without measured time is grey', () => {
    expect(drawUptimeBar([day('operational', 0, null)]).paths).toEqual([{ cls: 'n', d: 'M0.375 0v10' }]);
  });
  it('the short (phone) summary covers only its days, weighted by their length', () => {
    const days = [day('major_outage', 86_400_000), ...Array.from({ length: 29 }, () => day('operational')), day('major_outage', 43_200_000)];
    expect(uptimeOfLastDays(days, 30)).toBeCloseTo(1 - 0.5 / 30, 10);
  });
  it('lists the days with downtime or an incident, newest first', () => {
    const a = { ...day('degraded_performance', 0, 1, ['x']), date: '2026-11-01' };
    const b = { ...day('operational'), date: '2026-11-02' };
    const c = { ...day('major_outage', 60_000, 0.99), date: '2026-11-03' };
    expect(notableDays([a, b, c]).map((d) => d.date)).toEqual(['2026-11-03', '2026-11-01']);
  });
});

describe('postmortem parts', () => {
  const body = 'Public summary.\n\n<!-- kabar:internal — stays in Git -->\n## Internal review\nCommitted by Rina (abc1234).';
  it('customers get the text before the marker line; without one, all of it', () => {
    expect(publicPart(body)).toBe('Public summary.');
    expect(internalMarkerLine(body)).toBe(2);
    expect(publicPart('No marker here.')).toBe('No marker here.');
    expect(publicPart('A\n  <!--KABAR: Internal-->\nB')).toBe('A');
    // Only a line of its own counts: mentioning the marker in a sentence does not cut the text.
    expect(publicPart('Write <!-- kabar:internal --> on its own line.')).toBe('Write <!-- kabar:internal --> on its own line.');
  });
  it('the model never holds the internal part of a published postmortem, in any locale', () => {
    const files: Files = {
      'incidents/2026-11-20-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-11-20T01:00:00Z'),
      'incidents/2026-11-20-api/a.md': md('at: 2026-11-20T02:00:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/2026-11-20-api/postmortem.md': md('status: published\npublished: 2026-11-22', body),
      'incidents/2026-11-20-api/postmortem.id.md': md('title: Laporan', 'Ringkasan publik.\n<!-- kabar:internal -->\nDi-commit oleh Rina.'),
    };
    const pm = model(files, t('2026-11-23T00:00:00Z')).byId.get('2026-11-20-api')!.postmortem!;
    expect(pm.body.en!.text).toBe('Public summary.');
    expect(pm.body.id!.text).toBe('Ringkasan publik.');
  });
  it('template placeholders after the marker are not warned about: customers never see them', () => {
    const files: Files = {
      'incidents/2026-11-20-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-11-20T01:00:00Z'),
      'incidents/2026-11-20-api/a.md': md('at: 2026-11-20T01:30:00Z\nstatus: monitoring', 'Watching.'),
      'incidents/2026-11-20-api/b.md': md('at: 2026-11-20T02:00:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/2026-11-20-api/postmortem.md': md('status: published\npublished: 2026-11-22', 'Summary.\n<!-- kabar:internal -->\n<!-- TODO: list. -->\n| TODO | prevent | | P1 | |'),
    };
    expect(validate(files, t('2026-11-23T00:00:00Z')).problems).toEqual([]);
  });
});

describe('past 14 days on the home page', () => {
  it('lists at most RECENT_PER_DAY incidents a day and links the rest to the history page holding them', () => {
    const files: Files = {};
    for (let i = 0; i < 40; i++) {
      const id = `2026-11-20-api-${i}`;
      const at = new Date(t('2026-11-20T00:00:00Z') + i * 60_000).toISOString();
      files[`incidents/${id}/index.md`] = md(`title: API errors ${i}\nseverity: minimal\nstarted: ${at}`);
      files[`incidents/${id}/a.md`] = md(`at: ${at}\nstatus: resolved`, 'Fixed.');
    }
    const view = buildSiteView(model(files, t('2026-11-20T23:00:00Z')), 25);
    const today = view.recent[0]!;
    expect(today.incidents).toHaveLength(40);
    expect(today.shown.map((i) => i.id)).toEqual(['2026-11-20-api-39', '2026-11-20-api-38', '2026-11-20-api-37']);
    expect(today.more).toBe(40 - RECENT_PER_DAY);
    // The 4th newest is on the first history page; the page is where the reader continues.
    expect(today.morePage).toBe(1);
  });
});
