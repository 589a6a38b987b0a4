import { z } from 'zod';
import type { AlertNotification } from '../notification.ts';
import { parseWith } from './common.ts';

/**
 * Uptime Kuma's webhook notification (`server/notification-providers/webhook.js`), body type
 * JSON: `{ heartbeat, monitor, msg }`. `heartbeat.status` is 0 down, 1 up, 2 pending,
 * 3 maintenance; `heartbeat.time` is UTC without a zone (`2026-11-20 02:58:12.345`);
 * `important` marks a change of state (a resend repeats one). The "Test" button sends
 * only `msg`, with `heartbeat` and `monitor` null.
 */
const heartbeatSchema = z.looseObject({
  monitorID: z.number().optional(),
  status: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  time: z.string(),
  msg: z.string().nullable().optional(),
  important: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  /** Uptime Kuma 2: on an up beat, when the monitor went down. */
  lastDownTime: z.string().nullable().optional(),
});

const monitorSchema = z.looseObject({
  id: z.number(),
  name: z.string().min(1),
  url: z.string().nullable().optional(),
  type: z.string().optional(),
  tags: z.array(z.looseObject({ name: z.string(), value: z.string().nullable().optional() })).default([]),
});

const payloadSchema = z.looseObject({
  heartbeat: heartbeatSchema.nullable(),
  monitor: monitorSchema.nullable(),
  msg: z.string().optional(),
});

const DOWN = 0;
const UP = 1;

/** `2026-11-20 02:58:12.345` (UTC, SQL style) → epoch ms. */
function kumaTime(text: string): number | undefined {
  const ms = Date.parse(`${text.trim().replace(' ', 'T')}${/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? '' : 'Z'}`);
  return Number.isFinite(ms) ? ms : undefined;
}

export function parseUptimeKuma(value: unknown): AlertNotification {
  const payload = parseWith('uptime-kuma', payloadSchema, value);
  const { heartbeat, monitor } = payload;
  if (!heartbeat || !monitor) return { source: 'uptime-kuma', group: 'test', status: 'firing', alerts: [], ignore: 'a test notification from Uptime Kuma' };
  // Monitor tags are its labels; the name is there too, so rules can match it.
  // Object.fromEntries defines own properties: a tag named __proto__ stays a label.
  const labels: Record<string, string> = Object.fromEntries([['monitor', monitor.name], ...monitor.tags.map((tag) => [tag.name, tag.value ?? ''])]);
  const status = heartbeat.status === UP ? 'resolved' : 'firing';
  const at = kumaTime(heartbeat.time);
  const repeat = heartbeat.important === false || heartbeat.important === 0;
  // The episode began with the down beat that changed the state; an up beat may say when that was.
  const since = heartbeat.status === DOWN ? (repeat ? undefined : at) : heartbeat.lastDownTime ? kumaTime(heartbeat.lastDownTime) : undefined;
  return {
    source: 'uptime-kuma',
    group: `monitor-${monitor.id}`,
    status,
    alerts: [{ name: monitor.name, status, labels, ...(heartbeat.msg && { summary: heartbeat.msg }), ...(heartbeat.status === DOWN && at !== undefined && { startsAt: at }) }],
    ...(since !== undefined && { since }),
    ...(repeat && { repeat: true }),
    ...(heartbeat.status !== DOWN && heartbeat.status !== UP && { ignore: `the monitor "${monitor.name}" is ${heartbeat.status === 2 ? 'pending (not down yet)' : 'in maintenance'}` }),
  };
}
