import { describe, expect, it } from 'vitest';
import type { NotificationChannel } from '../../src/core/config/normalize-notifications.ts';
import { deriveEvents, type NotifyEvent } from '../../src/core/notify/events.ts';
import { parseImported } from '../../src/core/notify/imports.ts';
import { applyChanges, CLAIM_TTL_MS, emptyLedger, type Ledger } from '../../src/core/notify/ledger.ts';
import { claimChanges, coalesce, outcomeChanges, planNotifications } from '../../src/core/notify/plan.ts';
import { md, model, t, type Files } from '../helpers/content.ts';

const maintenance = (window: [string, string], updates: Files = {}): Files => ({
  'incidents/2026-03-10-db-upgrade/index.md': md(`title: DB upgrade\ntype: maintenance\nwindow:\n  start: ${window[0]}\n  end: ${window[1]}\ncomponents:\n  db: under_maintenance`),
  ...Object.fromEntries(Object.entries(updates).map(([name, text]) => [`incidents/2026-03-10-db-upgrade/${name}`, text])),
});
const events = (files: Files, now: string) => deriveEvents(model(files, t(now)));
const summary = (list: NotifyEvent[]) => list.map((e) => [e.id.replace(/^[^/]+\//, ''), e.kind, e.superseded, e.transitions.map((x) => `${x.component}:${x.from}>${x.to}`).join(',')]);

describe('events from the content and the clock', () => {
  const window: [string, string] = ['2026-03-10T22:00:00Z', '2026-03-10T23:00:00Z'];
  const announced = { '2026-03-09T1000Z.md': md('at: 2026-03-09T10:00:00Z\nstatus: scheduled', 'We upgrade the database.') };

  it('maintenance announced by a scheduled update, before its window: only the announcement', () => {
    expect(summary(events(maintenance(window, announced), '2026-03-09T12:00:00Z'))).toEqual([['2026-03-09T1000Z', 'maintenance.scheduled', false, '']]);
  });

  it('the window opens by the clock: "started" at the window start carries the components, the announcement\'s changes wait for it', () => {
    expect(summary(events(maintenance(window, announced), '2026-03-10T22:00:00Z'))).toEqual([
      ['2026-03-09T1000Z', 'maintenance.scheduled', true, ''],
      ['started', 'maintenance.started', false, 'db:operational>under_maintenance'],
      ['started/db', 'component.updated', false, 'db:operational>under_maintenance'],
    ]);
  });

  it('the window closes by the clock: "completed" returns the components; a "started" nobody got in time is superseded', () => {
    expect(summary(events(maintenance(window, announced), '2026-03-10T23:30:00Z'))).toEqual([
      ['2026-03-09T1000Z', 'maintenance.scheduled', true, ''],
      ['started', 'maintenance.started', true, 'db:operational>under_maintenance'],
      ['started/db', 'component.updated', true, 'db:operational>under_maintenance'],
      ['completed', 'maintenance.completed', false, 'db:under_maintenance>operational'],
      ['completed/db', 'component.updated', false, 'db:under_maintenance>operational'],
    ]);
  });

  it('an in_progress update at the window start is the start (no clock event); a completed update before the end is the end', () => {
    const files = maintenance(window, {
      ...announced,
      '2026-03-10T2200Z.md': md('at: 2026-03-10T22:00:00Z\nstatus: in_progress', 'Started.'),
      '2026-03-10T2240Z.md': md('at: 2026-03-10T22:40:00Z\nstatus: completed', 'Done early.'),
    });
    expect(summary(events(files, '2026-03-11T00:00:00Z')).filter((e) => e[1] !== 'component.updated')).toEqual([
      ['2026-03-09T1000Z', 'maintenance.scheduled', true, ''],
      ['2026-03-10T2200Z', 'maintenance.started', false, 'db:operational>under_maintenance'],
      ['2026-03-10T2240Z', 'maintenance.completed', false, 'db:under_maintenance>operational'],
    ]);
  });

  it('completed before the window opened calls it off: "cancelled", no clock events, no component changes', () => {
    const files = maintenance(window, { ...announced, '2026-03-10T0900Z.md': md('at: 2026-03-10T09:00:00Z\nstatus: completed', 'Called off.') });
    expect(summary(events(files, '2026-03-11T00:00:00Z'))).toEqual([
      ['2026-03-09T1000Z', 'maintenance.scheduled', true, ''],
      ['2026-03-10T0900Z', 'maintenance.cancelled', false, ''],
    ]);
  });

  it('maintenance without a scheduled update is announced as soon as it is published, dated by its window', () => {
    const list = events(maintenance(window), '2026-03-09T12:00:00Z');
    expect(summary(list)).toEqual([['announced', 'maintenance.scheduled', false, '']]);
    expect(list[0]!.at).toBe(t(window[0]));
  });

  it('incident updates: created, updated, resolved; an update dated in the future waits for its time', () => {
    const files: Files = {
      'incidents/2026-03-10-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-03-10T10:00:00Z\ncomponents:\n  api: major_outage'),
      'incidents/2026-03-10-api/2026-03-10T1005Z.md': md('at: 2026-03-10T10:05:00Z\nstatus: investigating', 'Looking.'),
      'incidents/2026-03-10-api/2026-03-10T1030Z.md': md('at: 2026-03-10T10:30:00Z\nstatus: identified\ncomponents:\n  api: partial_outage', 'Found it.'),
      'incidents/2026-03-10-api/2026-03-10T1100Z.md': md('at: 2026-03-10T11:00:00Z\nstatus: resolved', 'Fixed.'),
    };
    expect(summary(events(files, '2026-03-10T10:45:00Z')).filter((e) => e[1] !== 'component.updated')).toEqual([
      ['2026-03-10T1005Z', 'incident.created', false, 'api:operational>major_outage'],
      ['2026-03-10T1030Z', 'incident.updated', false, 'api:major_outage>partial_outage'],
    ]);
    expect(events(files, '2026-03-10T11:00:00Z').map((e) => e.kind)).toContain('incident.resolved');
  });

  it('a postmortem dated by day is published from the start of that day and ages from its end', () => {
    const files: Files = {
      'incidents/2026-03-10-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-03-10T10:00:00Z'),
      'incidents/2026-03-10-api/2026-03-10T1005Z.md': md('at: 2026-03-10T10:05:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/2026-03-10-api/postmortem.md': md('status: published\npublished: 2026-03-12', 'What happened.'),
    };
    const pm = events(files, '2026-03-12T06:00:00Z').find((e) => e.kind === 'postmortem.published')!;
    expect([pm.id, pm.at, pm.ageFrom]).toEqual(['2026-03-10-api/postmortem', t('2026-03-12T00:00:00Z'), t('2026-03-12T23:59:59.999Z')]);
  });

  it('a postmortem is placed when it became published (its commit), never before the incident\'s last update', () => {
    const files: Files = {
      'incidents/2026-03-10-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-03-10T10:00:00Z'),
      'incidents/2026-03-10-api/2026-03-10T1005Z.md': md('at: 2026-03-10T10:05:00Z\nstatus: identified', 'Found it.'),
      'incidents/2026-03-10-api/2026-03-10T1100Z.md': md('at: 2026-03-10T11:00:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/2026-03-10-api/postmortem.md': md('status: published\npublished: 2026-03-10', 'What happened.'),
    };
    const m = model(files, t('2026-03-10T18:00:00Z'));
    const kinds = (list: NotifyEvent[]) => list.filter((e) => !e.kind.startsWith('component')).map((e) => [e.kind, e.at]);
    expect(kinds(deriveEvents(m)).at(-1)).toEqual(['postmortem.published', t('2026-03-10T11:00:00Z')]);
    expect(kinds(deriveEvents(m, new Map([['2026-03-10-api', t('2026-03-10T16:30:00Z')]]))).at(-1)).toEqual(['postmortem.published', t('2026-03-10T16:30:00Z')]);
  });
});

describe('what each channel gets', () => {
  const files: Files = {
    'incidents/2026-03-10-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-03-10T10:00:00Z\ncomponents:\n  api: major_outage'),
    'incidents/2026-03-10-api/2026-03-10T1005Z.md': md('at: 2026-03-10T10:05:00Z\nstatus: investigating', 'Looking.'),
  };
  const now = t('2026-03-10T10:10:00Z');
  const list = deriveEvents(model(files, now));
  const channel = (over: Partial<NotificationChannel> = {}) => ({ id: 'chat', type: 'slack', locale: 'en', events: ['incidents', 'maintenance', 'postmortems'], env: 'X', ...over }) as NotificationChannel;
  const known: Ledger = { version: 1, channels: { chat: { since: '2026-03-01T00:00:00Z', events: {} } } };
  const plan = (ledger: Ledger | undefined, over: Partial<NotificationChannel> = {}, at = now, imports = '') =>
    planNotifications({ events: list, channels: [channel(over)], ledger, imports: imports ? parseImported(imports).imports : [], now: at, maxAgeMs: 86_400_000 })[0]!;
  const ids = (events: readonly { id: string }[]) => events.map((e) => e.id);

  it.each([
    ['first run: recorded', undefined, {}, { send: 0, record: 'first-run' }],
    ['a channel the ledger has not seen: recorded', { version: 1, channels: {} } as Ledger, {}, { send: 0, record: 'new-channel' }],
    ['a known channel: sent', known, {}, { send: 1, record: undefined }],
    ['a channel following other components: nothing', known, { components: ['db'] }, { send: 0, record: undefined }],
    ['a webhook also gets the component change', known, { type: 'webhook', events: ['incidents', 'components'] }, { send: 2, record: undefined }],
  ] as const)('%s', (_name, ledger, over, expected) => {
    const p = plan(ledger as Ledger | undefined, over as Partial<NotificationChannel>);
    expect(p.send).toHaveLength(expected.send);
    expect(p.record.map((r) => r.reason)[0]).toBe(expected.record);
  });

  it('events older than maxAge are recorded; an imported incident\'s events up to the import (inclusive) are recorded', () => {
    expect(plan(known, {}, t('2026-03-11T10:05:00.001Z')).record.map((r) => r.reason)).toEqual(['too-old']);
    const imported = (at: string) => JSON.stringify({ imports: [{ source: 'statuspage', at, incidents: ['2026-03-10-api'] }] });
    expect(plan(known, {}, now, imported('2026-03-10T10:05:00Z')).record.map((r) => r.reason)).toEqual(['imported']);
    expect(ids(plan(known, {}, now, imported('2026-03-10T10:04:59Z')).send)).toEqual(['2026-03-10-api/2026-03-10T1005Z']);
  });

  it('an imported maintenance\'s undated announcement is history; its window opening after the import is news', () => {
    const files = maintenance(['2026-03-12T22:00:00Z', '2026-03-12T23:00:00Z']);
    const imports = parseImported(JSON.stringify({ imports: [{ source: 'statuspage', at: '2026-03-10T12:00:00Z', incidents: ['2026-03-10-db-upgrade'] }] })).imports;
    const planAt = (at: string) => planNotifications({ events: deriveEvents(model(files, t(at))), channels: [channel({ events: ['maintenance'] })], ledger: known, imports, now: t(at), maxAgeMs: 86_400_000 })[0]!;
    expect(planAt('2026-03-10T12:05:00Z').record.map((r) => [r.event.id, r.reason])).toEqual([['2026-03-10-db-upgrade/announced', 'imported']]);
    expect(ids(planAt('2026-03-12T22:05:00Z').send)).toEqual(['2026-03-10-db-upgrade/started']);
  });

  it('a claim is left to its run for 30 minutes, then counts as abandoned and is sent again (at least once)', () => {
    const claimed = applyChanges(known, claimChanges([plan(known)], 'run-a', now), ['chat'], now, 86_400_000);
    expect(plan(claimed, {}, now + CLAIM_TTL_MS - 1).inFlight).toHaveLength(1);
    expect(ids(plan(claimed, {}, now + CLAIM_TTL_MS).send)).toEqual(['2026-03-10-api/2026-03-10T1005Z']);
  });

  it('outcomes: sent; failed (kept, with attempts and the error, for the next run); never tried (released); another run\'s claim untouched', () => {
    const p = plan(known);
    const claimed = applyChanges(known, claimChanges([p], 'run-a', now), ['chat'], now, 86_400_000);
    const event = p.send[0]!;
    const after = (outcome: Parameters<typeof outcomeChanges>[2][number], run = 'run-a') => applyChanges(claimed, outcomeChanges(claimed, 'chat', [outcome], run, now), ['chat'], now, 86_400_000).channels.chat!.events[event.id];
    expect(after({ event, outcome: 'sent' })).toMatchObject({ state: 'sent' });
    expect(after({ event, outcome: 'failed', error: 'HTTP 500' })).toMatchObject({ state: 'failed', attempts: 1, error: 'HTTP 500' });
    expect(after({ event, outcome: 'not-attempted' })).toBeUndefined();
    expect(after({ event, outcome: 'sent' }, 'run-b')).toMatchObject({ state: 'claimed', run: 'run-a' });
  });

  it('the ledger keeps only the last maxAge of events, and remembers where it stopped', () => {
    const ledger = applyChanges(emptyLedger(), claimChanges([plan(undefined)], 'run-a', now), ['chat'], now, 86_400_000);
    expect(Object.keys(ledger.channels.chat!.events)).toEqual(['2026-03-10-api/2026-03-10T1005Z']);
    const later = applyChanges(ledger, [], ['chat'], t('2026-03-12T00:00:00Z'), 86_400_000);
    expect(later.channels.chat!.events).toEqual({});
    expect(later.settledBefore).toBe('2026-03-11T00:00:00.000Z');
    // A longer maxAge later does not bring settled events back.
    expect(planNotifications({ events: list, channels: [channel()], ledger: later, imports: [], now: t('2026-03-12T00:00:00Z'), maxAgeMs: 30 * 86_400_000 })[0]!.send).toEqual([]);
  });
});

describe('one message per incident in a run', () => {
  it('an incident\'s updates make one message (the newest); its postmortem and each component\'s change stay apart; oldest message first', () => {
    const files: Files = {
      'incidents/2026-03-10-api/index.md': md('title: API errors\nseverity: serious\nstarted: 2026-03-10T10:00:00Z\ncomponents:\n  api: major_outage'),
      'incidents/2026-03-10-api/2026-03-10T1005Z.md': md('at: 2026-03-10T10:05:00Z\nstatus: investigating', 'Looking.'),
      'incidents/2026-03-10-api/2026-03-10T1030Z.md': md('at: 2026-03-10T10:30:00Z\nstatus: identified\ncomponents:\n  api: partial_outage', 'Found it.'),
      'incidents/2026-03-10-api/2026-03-10T1100Z.md': md('at: 2026-03-10T11:00:00Z\nstatus: resolved', 'Fixed.'),
      'incidents/2026-03-10-api/postmortem.md': md('status: published\npublished: 2026-03-10T12:00:00Z', 'What happened.'),
      'incidents/2026-03-10-web/index.md': md('title: Slow site\nseverity: minimal\nstarted: 2026-03-10T10:40:00Z'),
      'incidents/2026-03-10-web/2026-03-10T1040Z.md': md('at: 2026-03-10T10:40:00Z\nstatus: investigating', 'Slow.'),
    };
    const messages = coalesce(events(files, '2026-03-10T13:00:00Z'));
    expect(messages.map((m) => [m.event.id, m.events.length])).toEqual([
      ['2026-03-10-web/2026-03-10T1040Z', 1],
      ['2026-03-10-api/2026-03-10T1100Z', 3],
      ['2026-03-10-api/2026-03-10T1100Z/api', 3],
      ['2026-03-10-api/postmortem', 1],
    ]);
  });
});

describe('.kabar/imported.json', () => {
  it('reads imports merged across runs', () => {
    const { imports, problems } = parseImported('{ "imports": [ { "source": "statuspage", "at": "2026-12-01T03:00:00Z", "incidents": ["2026-11-20-api-errors"] } ] }');
    expect(problems).toEqual([]);
    expect(imports.map((i) => [i.source, i.at, [...i.incidents]])).toEqual([['statuspage', t('2026-12-01T03:00:00Z'), ['2026-11-20-api-errors']]]);
  });

  it.each([
    ['{ "imports": [ ', 1, 'file'],
    ['{\n  "imports": [\n    { "source": "statuspage", "at": "2026-12-01", "incidents": [] }\n  ]\n}', 3, 'imports[0].at'],
    ['{\n  "imports": {}\n}', 2, 'imports'],
  ])('refuses %j at its line', (text, line, field) => {
    const { problems } = parseImported(text);
    expect(problems.map((p) => [p.file, p.line, p.field])).toEqual([['.kabar/imported.json', line, field]]);
  });
});
