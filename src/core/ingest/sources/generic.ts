import { z } from 'zod';
import type { AlertNotification } from '../notification.ts';
import { parseWith, rfc3339 } from './common.ts';

/**
 * The generic alert format, for anything that can send JSON (docs/alerts.md):
 *
 *   { "fingerprint": "checkout-errors", "status": "firing", "title": "High error rate",
 *     "summary": "5xx above 5% for 5 minutes", "labels": { "component": "card-payments", "severity": "critical" },
 *     "startsAt": "2026-11-20T02:58:00Z", "url": "https://grafana.example.com/d/abc" }
 *
 * `fingerprint` is what stays the same while it is the same problem; `startsAt` should too.
 */
export const genericPayloadSchema = z.strictObject({
  /** Stays the same for the same alert: it decides which incident and pull request a notification belongs to. */
  fingerprint: z.string().trim().min(1).max(200),
  status: z.enum(['firing', 'resolved']),
  /** The alert's name in your monitoring. */
  title: z.string().trim().min(1).max(200),
  /** One line for reviewers. */
  summary: z.string().trim().min(1).max(2000).optional(),
  labels: z.record(z.string(), z.string()).default({}),
  /** When it started firing: RFC 3339 with a zone. */
  startsAt: z.string().refine((v) => rfc3339(v) !== undefined && /(Z|[+-]\d\d:\d\d)$/i.test(v), { message: 'expected an RFC 3339 time with a zone, e.g. 2026-11-20T02:58:00Z' }).optional(),
  url: z.url().optional(),
});

export function parseGeneric(value: unknown): AlertNotification {
  const p = parseWith('generic', genericPayloadSchema, value);
  const startsAt = rfc3339(p.startsAt);
  return {
    source: 'generic',
    group: p.fingerprint,
    status: p.status,
    alerts: [{ name: p.title, status: p.status, labels: p.labels, ...(p.summary && { summary: p.summary }), ...(startsAt !== undefined && { startsAt }), ...(p.url && { url: p.url }) }],
    ...(startsAt !== undefined && { since: startsAt }),
  };
}
