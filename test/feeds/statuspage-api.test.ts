import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEVERITY_IMPACT } from '../../src/core/model/status-rank.ts';
import type { StatusModel } from '../../src/core/model/types.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { buildFixture, FEEDS_NOW, fixture, SCHEMAS } from './helpers.ts';

/** The built `api/v2/` files checked against a JSON Schema written from Statuspage's documented shapes. */
const ENDPOINTS = {
  'summary.json': 'summary',
  'status.json': 'statusResponse',
  'components.json': 'componentsResponse',
  'incidents.json': 'incidentsResponse',
  'incidents/unresolved.json': 'incidentsResponse',
  'scheduled-maintenances.json': 'scheduledMaintenancesResponse',
  'scheduled-maintenances/upcoming.json': 'scheduledMaintenancesResponse',
  'scheduled-maintenances/active.json': 'scheduledMaintenancesResponse',
} as const;

interface Component { id: string; name: string; status: string; group: boolean; group_id: string | null; components?: string[]; position: number }
interface Update { id: string; status: string; incident_id: string; affected_components: { code: string; old_status: string; new_status: string }[] | null }
interface Incident { id: string; name: string; status: string; impact: string; incident_updates: Update[]; components: Component[]; shortlink: string; scheduled_for: string | null }
interface Summary { page: { id: string; url: string }; components: Component[]; incidents: Incident[]; scheduled_maintenances: Incident[]; status: { indicator: string } }

let out: string;
let model: StatusModel;
const api = async <T>(domain: string, file: string): Promise<T> => JSON.parse(await readFile(path.join(out, domain, 'api/v2', file), 'utf8')) as T;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

beforeAll(async () => {
  out = await buildFixture('feeds-basic');
  model = (await loadRepo(fixture('feeds-basic'), FEEDS_NOW)).model!;
  ajv.addSchema(JSON.parse(await readFile(path.join(SCHEMAS, 'statuspage-v2.schema.json'), 'utf8')) as object);
}, 240_000);

const validator = (definition: string) => ajv.getSchema(`https://kabar.invalid/schemas/statuspage-v2.schema.json#/definitions/${definition}`)!;

describe.each(['status.bayar.example', 'status.bayar.example.id'])('api/v2 of %s', (domain) => {
  it.each(Object.entries(ENDPOINTS))('%s matches the Statuspage shape', async (file, definition) => {
    const validate = validator(definition);
    const body = await api<unknown>(domain, file);
    expect(validate(body), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('summary: unresolved incidents, upcoming and active maintenance, the roll-up status', async () => {
    const summary = await api<Summary>(domain, 'summary.json');
    expect(summary.incidents.map((i) => i.id)).toEqual(model.activeIncidents.map((i) => i.id));
    expect(summary.scheduled_maintenances.map((m) => m.id).sort()).toEqual([...model.activeMaintenance, ...model.upcomingMaintenance].map((m) => m.id).sort());
    expect(summary.status.indicator).toBe(model.page.indicator);
    expect(summary.page.url).toBe(`https://${domain}`);
    const status = await api<{ page: unknown; status: unknown }>(domain, 'status.json');
    expect(status).toEqual({ page: summary.page, status: summary.status });
  });

  it('components: groups listed the Statuspage way, members pointing back', async () => {
    const { components } = await api<{ components: Component[] }>(domain, 'components.json');
    for (const group of model.config.groups) {
      const row = components.find((c) => c.id === group.id && c.group)!;
      const members = model.config.components.filter((c) => c.group === group.id).map((c) => c.id);
      expect(row.components).toEqual(members);
      for (const id of members) expect(components.find((c) => c.id === id && !c.group)?.group_id).toBe(group.id);
    }
    for (const state of model.components) expect(components.find((c) => c.id === state.config.id)?.status).toBe(state.status);
    expect(components.map((c) => c.position)).toEqual(components.map((_, i) => i + 1));
  });

  it('incidents: impact from severity, postmortem status, updates newest first with old → new component transitions', async () => {
    const { incidents } = await api<{ incidents: Incident[] }>(domain, 'incidents.json');
    const expected = model.incidents.filter((i) => i.type === 'incident');
    expect(incidents.map((i) => i.id)).toEqual(expected.map((i) => i.id));
    for (const source of expected) {
      const incident = incidents.find((i) => i.id === source.id)!;
      expect(incident.impact).toBe(SEVERITY_IMPACT[source.severity!]);
      expect(incident.status).toBe(source.postmortem ? 'postmortem' : source.status);
      expect(incident.shortlink).toBe(`https://${domain}/incidents/${source.id}/`);
      expect(incident.incident_updates.map((u) => u.id)).toEqual([...source.updates].reverse().map((u) => `${source.id}/${u.id}`));
      for (const update of source.updates) {
        const out = incident.incident_updates.find((u) => u.id === `${source.id}/${update.id}`)!;
        expect(out.incident_id).toBe(source.id);
        expect(out.affected_components ?? []).toEqual(update.transitions.map((t) => expect.objectContaining({ code: t.component, old_status: t.from, new_status: t.to })));
      }
    }
    const checkout = incidents.find((i) => i.id === '2026-11-20-checkout-errors')!;
    expect(checkout.status).toBe('postmortem');
    expect(checkout.name).not.toMatch(/paycorp/i);
  });

  it('scheduled maintenances: upcoming and active split by the clock', async () => {
    const upcoming = await api<{ scheduled_maintenances: Incident[] }>(domain, 'scheduled-maintenances/upcoming.json');
    const active = await api<{ scheduled_maintenances: Incident[] }>(domain, 'scheduled-maintenances/active.json');
    expect(upcoming.scheduled_maintenances.map((m) => m.id)).toEqual(model.upcomingMaintenance.map((m) => m.id));
    expect(active.scheduled_maintenances.map((m) => m.id)).toEqual(model.activeMaintenance.map((m) => m.id));
    for (const m of upcoming.scheduled_maintenances) expect(m.status).toBe('scheduled');
  });
});

describe('ids', () => {
  it('page ids, component ids and incident ids are the same on every locale domain; names are localised', async () => {
    const [en, id] = await Promise.all([api<Summary>('status.bayar.example', 'summary.json'), api<Summary>('status.bayar.example.id', 'summary.json')]);
    expect(id.page.id).toBe(en.page.id);
    expect(id.components.map((c) => c.id)).toEqual(en.components.map((c) => c.id));
    const card = (s: Summary) => s.components.find((c) => c.id === 'card-payments')!.name;
    expect([card(en), card(id)]).toEqual(['Card payments', 'Pembayaran kartu']);
  });

  it('the schema can fail: a made-up component status is rejected', async () => {
    const summary = await api<Summary>('status.bayar.example', 'summary.json');
    summary.components[0]!.status = 'broken';
    expect(validator('summary')(summary)).toBe(false);
  });
});
