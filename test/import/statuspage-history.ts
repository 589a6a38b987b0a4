import type { StatuspageData } from '../helpers/statuspage-server.ts';

/**
 * A realistic Statuspage page, in the management API's shapes (newest first):
 * - an incident with 8 updates moving two components through several statuses,
 *   text with emoji, right-to-left script, `<script>` and `&`, and a published postmortem;
 * - a minor incident whose second update has no message;
 * - an active incident;
 * - a completed maintenance (components under maintenance, then back) and an upcoming one.
 */
export const PAGE_ID = 'kdh7xq2m9v4p';
export const API_KEY = 'test-key-1b2c3d';

const page_id = PAGE_ID;
const group = (id: string, name: string, components: string[], position: number) => ({ id, page_id, name, description: null, components, position, created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-01-01T00:00:00.000Z' });
const component = (id: string, name: string, group_id: string | null, position: number, description: string | null = null) => ({
  id,
  page_id,
  group_id,
  name,
  description,
  position,
  status: 'operational',
  showcase: true,
  group: false,
  only_show_if_degraded: false,
  created_at: '2024-01-01T00:00:00.000Z',
  updated_at: '2026-11-18T04:45:00.000Z',
  start_date: '2024-01-01',
});

export const COMPONENTS = [
  component('cmp_card', 'Card payments', 'grp_pay', 1, 'Credit & debit cards 💳'),
  component('cmp_bank', 'Bank transfer', 'grp_pay', 2),
  component('cmp_api', 'API', 'grp_plat', 3),
  component('cmp_dash', 'Dashboard', null, 4, 'لوحة التحكم: the merchant dashboard'),
];
export const GROUPS = [group('grp_pay', 'Payments', ['cmp_card', 'cmp_bank'], 1), group('grp_plat', 'Platform', ['cmp_api'], 2)];

type Transition = [code: string, name: string, old: string, next: string];
let seq = 0;
const update = (incident: string, status: string, at: string, body: string, transitions: Transition[] = []) => ({
  id: `upd${String(++seq).padStart(3, '0')}${incident.slice(-3)}`,
  incident_id: incident,
  status,
  body,
  created_at: at.replace(/Z$/, '.123Z'),
  updated_at: at.replace(/Z$/, '.123Z'),
  display_at: at.replace(/Z$/, '.123Z'),
  affected_components: transitions.length === 0 ? null : transitions.map(([code, name, old_status, new_status]) => ({ code, name, old_status, new_status })),
  deliver_notifications: true,
  custom_tweet: null,
  tweet_id: null,
});

const incident = (fields: Record<string, unknown> & { id: string; updates: ReturnType<typeof update>[] }) => {
  const { updates, ...rest } = fields;
  return {
    page_id,
    impact_override: null,
    monitoring_at: null,
    resolved_at: null,
    shortlink: `https://stspg.io/${fields.id}`,
    postmortem_body: null,
    postmortem_published_at: null,
    postmortem_ignored: false,
    scheduled_for: null,
    scheduled_until: null,
    components: [],
    metadata: {},
    ...rest,
    incident_updates: [...updates].reverse(),
  };
};

export const CARD_TITLE = 'Card payments failing 💳 <script>alert("x")</script> & more';
export const CARD_ID = 'inc8upd0card';

const card = incident({
  id: CARD_ID,
  name: CARD_TITLE,
  status: 'postmortem',
  impact: 'major',
  created_at: '2026-11-18T02:10:00.123Z',
  started_at: '2026-11-18T02:05:00.000Z',
  resolved_at: '2026-11-18T04:45:00.123Z',
  postmortem_body: '## What happened\n\nA certificate expired at our card gateway & payments failed.\n\n- Fixed: renewed 🔐\n- Next: alerts 30 days ahead <b>not</b> 3\n\nملخص: تم إصلاح المشكلة',
  postmortem_published_at: '2026-11-19T08:00:00.000Z',
  updates: [
    update(CARD_ID, 'investigating', '2026-11-18T02:10:00Z', 'We are investigating failed card payments.', [['cmp_card', 'Card payments', 'operational', 'partial_outage']]),
    update(CARD_ID, 'investigating', '2026-11-18T02:25:00Z', 'Still investigating; bank transfer works & is a workaround.'),
    update(CARD_ID, 'identified', '2026-11-18T02:40:00Z', 'The card gateway rejects every payment. <script>alert(1)</script>', [
      ['cmp_card', 'Card payments', 'partial_outage', 'major_outage'],
      ['cmp_api', 'API', 'operational', 'degraded_performance'],
    ]),
    update(CARD_ID, 'identified', '2026-11-18T03:00:00Z', 'A fix is being deployed. مرحبا بالعالم — שלום 👋'),
    update(CARD_ID, 'monitoring', '2026-11-18T03:30:00Z', 'The fix is out; payments recover.', [
      ['cmp_card', 'Card payments', 'major_outage', 'degraded_performance'],
      ['cmp_api', 'API', 'degraded_performance', 'operational'],
    ]),
    update(CARD_ID, 'monitoring', '2026-11-18T03:50:00Z', 'Payments succeed again for most customers.'),
    update(CARD_ID, 'investigating', '2026-11-18T04:05:00Z', 'Some payments fail again; we are looking into it.', [['cmp_card', 'Card payments', 'degraded_performance', 'partial_outage']]),
    update(CARD_ID, 'resolved', '2026-11-18T04:45:00Z', 'Card payments work normally again.', [['cmp_card', 'Card payments', 'partial_outage', 'operational']]),
  ],
});

const latency = incident({
  id: 'inc2latency1',
  name: 'Slow API responses',
  status: 'resolved',
  impact: 'minor',
  created_at: '2026-11-12T09:00:00.000Z',
  started_at: '2026-11-12T09:00:00.000Z',
  updates: [
    update('inc2latency1', 'investigating', '2026-11-12T09:00:00Z', 'API responses are slow.', [['cmp_api', 'API', 'operational', 'degraded_performance']]),
    update('inc2latency1', 'identified', '2026-11-12T09:20:00Z', ''),
    update('inc2latency1', 'monitoring', '2026-11-12T09:40:00Z', 'A slow query was fixed.', [['cmp_api', 'API', 'degraded_performance', 'operational']]),
    update('inc2latency1', 'resolved', '2026-11-12T10:10:00Z', 'Responses are fast again.'),
  ],
});

const active = incident({
  id: 'inc3active01',
  name: 'Bank transfers delayed',
  status: 'investigating',
  impact: 'minor',
  created_at: '2026-11-20T02:30:00.000Z',
  started_at: '2026-11-20T02:30:00.000Z',
  updates: [update('inc3active01', 'investigating', '2026-11-20T02:30:00Z', 'Bank transfers take up to an hour to confirm.', [['cmp_bank', 'Bank transfer', 'operational', 'degraded_performance']])],
});

const upgrade = incident({
  id: 'mnt1dbupgrad',
  name: 'Database upgrade',
  status: 'completed',
  impact: 'maintenance',
  created_at: '2026-11-05T10:00:00.000Z',
  started_at: '2026-11-05T10:00:00.000Z',
  scheduled_for: '2026-11-10T18:00:00.000Z',
  scheduled_until: '2026-11-10T20:00:00.000Z',
  components: [{ id: 'cmp_api', name: 'API' }],
  updates: [
    update('mnt1dbupgrad', 'scheduled', '2026-11-05T10:00:00Z', 'We will upgrade the database; the API will be read-only.'),
    update('mnt1dbupgrad', 'in_progress', '2026-11-10T18:00:00Z', 'The upgrade has started.', [['cmp_api', 'API', 'operational', 'under_maintenance']]),
    update('mnt1dbupgrad', 'completed', '2026-11-10T19:40:00Z', 'The upgrade is done.', [['cmp_api', 'API', 'under_maintenance', 'operational']]),
  ],
});

const upcoming = incident({
  id: 'mnt2network1',
  name: 'Network maintenance',
  status: 'scheduled',
  impact: 'maintenance',
  created_at: '2026-11-19T10:00:00.000Z',
  scheduled_for: '2026-12-01T17:00:00.000Z',
  scheduled_until: '2026-12-01T18:00:00.000Z',
  components: [{ id: 'cmp_dash', name: 'Dashboard' }],
  updates: [update('mnt2network1', 'scheduled', '2026-11-19T10:00:00Z', 'The dashboard may be unreachable for a few minutes.')],
});

/** Newest first, as the management API lists them; a fresh copy each time, for tests to change. */
export function pageData(extra: Record<string, unknown>[] = []): StatuspageData {
  return structuredClone({ pageId: PAGE_ID, pageName: 'Acme', incidents: [upcoming, active, card, latency, upgrade, ...extra], components: [...COMPONENTS], groups: [...GROUPS] });
}

/** Many small resolved incidents, older than the others (for pagination). */
export function fillerIncidents(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `fill${String(i).padStart(8, '0')}`;
    const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    return incident({
      id,
      name: `Old incident ${i + 1}`,
      status: 'resolved',
      impact: 'none',
      created_at: `${day}T08:00:00.000Z`,
      started_at: `${day}T08:00:00.000Z`,
      updates: [update(id, 'investigating', `${day}T08:00:00Z`, `Problem number ${i + 1}.`), update(id, 'resolved', `${day}T08:30:00Z`, 'Fixed.')],
    });
  }).reverse();
}
