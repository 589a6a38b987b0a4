import { describe, expect, it } from 'vitest';
import type { Incident, StatusModel } from '../../src/core/model/types.ts';
import { buildSiteView, HISTORY_PAGE_SIZE, RECENT_DAYS } from '../../src/core/view/site-view.ts';
import { testConfig } from '../helpers/content.ts';

const HOUR = 3_600_000;

/** Just the incident fields the view reads; the rest of the model is not involved. */
function incident(id: string, startedAt: number, extra: Partial<Incident> = {}): Incident {
  return { id, startedAt, type: 'incident', upcoming: false, active: false, componentIds: ['api'], ...extra } as Incident;
}

function modelOf(incidents: Incident[], now: number, timeZone = 'UTC'): StatusModel {
  const config = { ...testConfig(), timeZone };
  return { now, config, incidents: [...incidents].sort((a, b) => b.startedAt - a.startedAt) } as StatusModel;
}

describe('buildSiteView', () => {
  it('lists the last 14 calendar days once each across a DST change (Europe/Berlin, 25 h day)', () => {
    const now = Date.parse('2026-11-01T12:00:00Z');
    const view = buildSiteView(modelOf([incident('a', Date.parse('2026-10-25T01:30:00+02:00'))], now, 'Europe/Berlin'));
    expect(view.recent.map((d) => d.day)).toEqual(Array.from({ length: RECENT_DAYS }, (_, n) => new Date(Date.UTC(2026, 10, 1 - n)).toISOString().slice(0, 10)));
    expect(view.recent.find((d) => d.day === '2026-10-25')?.incidents.map((i) => i.id)).toEqual(['a']);
  });

  it('keeps upcoming maintenance out of history and recent days, but on its components', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const upcoming = incident('m', now + 48 * HOUR, { type: 'maintenance', upcoming: true, componentIds: ['db'] });
    const view = buildSiteView(modelOf([upcoming, incident('x', now - HOUR)], now));
    expect(view.history.flatMap((p) => p.months.flatMap((m) => m.incidents.map((i) => i.id)))).toEqual(['x']);
    expect(view.byComponent.get('db')?.flat().map((i) => i.id)).toEqual(['m']);
    expect(view.pastMaintenance).toEqual([[]]);
  });

  it('has one empty history page when nothing happened', () => {
    expect(buildSiteView(modelOf([], Date.parse('2026-11-22T12:00:00Z'))).history).toEqual([{ page: 1, months: [] }]);
  });

  it('pages 10 000 incidents by month in linear work, each incident once and in order', () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    // Work is counted, not timed: every read of an incident's fields goes through a counter.
    const build = (n: number) => {
      let reads = 0;
      const incidents = Array.from({ length: n }, (_, k) => new Proxy(incident(`i${k}`, now - k * 7 * HOUR), { get: (target, key, receiver) => (reads++, Reflect.get(target, key, receiver)) }));
      const model = modelOf(incidents, now, 'Asia/Jakarta');
      reads = 0;
      const view = buildSiteView(model);
      return { model, view, reads };
    };
    const small = build(1_000);
    const { model, view, reads } = build(10_000);
    // Linear: ten times the incidents, ten times the reads (a quadratic pass would be a hundred), a handful per incident.
    expect(reads / small.reads).toBeLessThan(10.5);
    expect(reads / 10_000).toBeLessThan(12);
    expect(view.history).toHaveLength(Math.ceil(10_000 / HISTORY_PAGE_SIZE));
    const flat = view.history.flatMap((p) => p.months.flatMap((m) => m.incidents.map((i) => i.id)));
    expect(flat).toEqual(model.incidents.map((i) => i.id));
    for (const page of view.history) {
      const months = page.months.map((m) => m.month);
      expect(new Set(months).size).toBe(months.length);
    }
  });
});
