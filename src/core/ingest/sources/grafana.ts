import { z } from 'zod';
import type { AlertNotification } from '../notification.ts';
import { amAlertSchema, amPayloadSchema, fromAlertmanagerShape } from './alertmanager.ts';
import { parseWith } from './common.ts';

/**
 * Grafana Alerting's webhook contact point (`receivers/webhook` in grafana/alerting): the
 * Alertmanager payload extended with `orgId`, `title`, `state`, `message`, and per alert
 * `values`, `dashboardURL`, `panelURL`, `silenceURL`. A Grafana test notification
 * ("Test" on the contact point) has the same shape, with the alert `TestAlert`.
 */
export const grafanaPayloadSchema = amPayloadSchema.extend({
  orgId: z.number().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
  alerts: z.array(amAlertSchema.extend({ dashboardURL: z.string().optional(), panelURL: z.string().optional(), silenceURL: z.string().optional() })).min(1),
});

export function parseGrafana(value: unknown): AlertNotification {
  const payload = parseWith('grafana', grafanaPayloadSchema, value);
  const notification = fromAlertmanagerShape(payload, 'grafana');
  const test = payload.alerts.every((a) => a.labels.alertname === 'TestAlert' && a.labels.instance === 'Grafana');
  return test ? { ...notification, ignore: 'a test notification from a Grafana contact point' } : notification;
}
