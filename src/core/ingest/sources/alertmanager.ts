import { z } from 'zod';
import type { AlertNotification } from '../notification.ts';
import { earliest, parseWith, rfc3339 } from './common.ts';

/**
 * Prometheus Alertmanager's webhook payload, version 4 (`notify/webhook/webhook.go`: the
 * template data plus `version`, `groupKey` and `truncatedAlerts`). Grafana's webhook payload
 * is the same with more fields (grafana.ts). Unknown fields are allowed: Alertmanager may add some.
 */
const labels = z.record(z.string(), z.string());
const status = z.enum(['firing', 'resolved']);

export const amAlertSchema = z.looseObject({
  status,
  labels,
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const amPayloadSchema = z.looseObject({
  version: z.string().optional(),
  groupKey: z.string().min(1),
  status,
  receiver: z.string().optional(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(amAlertSchema).min(1),
});

type AmPayload = z.output<typeof amPayloadSchema>;

/** The notification of an Alertmanager-shaped payload (also Grafana's). */
export function fromAlertmanagerShape(payload: AmPayload, source: 'alertmanager' | 'grafana'): AlertNotification {
  const alerts = payload.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description;
    const startsAt = rfc3339(a.startsAt);
    return {
      name: a.labels.alertname ?? payload.groupLabels.alertname ?? 'alert',
      status: a.status,
      labels: a.labels,
      ...(summary && { summary }),
      ...(startsAt !== undefined && { startsAt }),
      ...(a.generatorURL && { url: a.generatorURL }),
    };
  });
  const since = earliest(alerts.map((a) => a.startsAt));
  return { source, group: payload.groupKey, status: payload.status, alerts, ...(since !== undefined && { since }) };
}

export function parseAlertmanager(value: unknown): AlertNotification {
  return fromAlertmanagerShape(parseWith('alertmanager', amPayloadSchema, value), 'alertmanager');
}
