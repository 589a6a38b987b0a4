import { z } from 'zod';
import { parseTimestamp, TIMESTAMP_EXPECTED } from '../time.ts';
import { FIELD_LIMITS } from './limits.ts';

/**
 * The content format: frontmatter of `incidents/<id>/*.md`. These schemas are
 * the contract documented in docs/content-format.md; the CLI, the build and
 * the tests all validate with them. Cross-file rules (known component ids,
 * update order, translations) live in validate-repo.ts.
 */

export const SEVERITIES = ['negligible', 'minimal', 'significant', 'serious', 'severe'] as const;
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
/** Component statuses an incident or maintenance can start with. */
export const IMPACT_STATUSES = ['degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance'] as const;
/** Every component status, as in Statuspage's API. */
export const COMPONENT_STATUSES = ['operational', ...IMPACT_STATUSES] as const;
export const POSTMORTEM_STATUSES = ['draft', 'in-review', 'published'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export type MaintenanceStatus = (typeof MAINTENANCE_STATUSES)[number];
export type UpdateStatus = IncidentStatus | MaintenanceStatus;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/**
 * A timestamp as written: ISO 8601, with an offset or (read in the site's time
 * zone) without. Its form is checked here; validate-repo.ts converts it with the
 * config's zone, which also refuses a local time the clocks skip.
 */
const timestamp = z.string().superRefine((value, ctx) => {
  const parsed = parseTimestamp(value, 'UTC');
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${parsed.reason} (expected ${TIMESTAMP_EXPECTED})` });
});

const text = z.string().trim().min(1);
/** Text of at most `max` characters (limits.ts: one field must not make a page of megabytes). */
const bounded = (max: number) => text.max(max);

export const incidentIndexSchema = z.strictObject({
  /** Short customer-facing name of the problem, e.g. "Checkout errors for card payments". */
  title: bounded(FIELD_LIMITS.title),
  /** `incident` (default) or `maintenance`. */
  type: z.enum(['incident', 'maintenance']).default('incident'),
  /** Incidents only: the Uptime Institute outage severity. */
  severity: z.enum(SEVERITIES).optional(),
  /** Incidents only: when the problem started (not when it was noticed); without an offset, in the site's time zone. */
  started: timestamp.optional(),
  /** Maintenance only: the announced window. */
  window: z.strictObject({ start: timestamp, end: timestamp }).optional(),
  /** Component id → its status when this starts. */
  components: z.record(z.string(), z.enum(IMPACT_STATUSES)).default({}),
  /** Region ids affected; omit when everyone is. */
  regions: z.array(z.string()).optional(),
  /** One customer-facing sentence: who is affected, and how. */
  impact: bounded(FIELD_LIMITS.impact).optional(),
  /** What customers can do meanwhile (Markdown). */
  workaround: bounded(FIELD_LIMITS.workaround).optional(),
  /** The third party at fault; named on the page, "a third-party provider" in feeds. */
  provider: bounded(FIELD_LIMITS.provider).optional(),
  /** A credit or voucher, shown once resolved. */
  compensation: bounded(FIELD_LIMITS.compensation).optional(),
});

export const updateSchema = z.strictObject({
  /** When this update was posted; without an offset, in the site's time zone. */
  at: timestamp,
  /** Lifecycle status from this update on. */
  status: z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES]),
  /** Component id → status from this update on; `operational` marks one recovered. */
  components: z.record(z.string(), z.enum(COMPONENT_STATUSES)).optional(),
  /** When the next update is promised; without an offset, in the site's time zone. */
  next_update: timestamp.optional(),
  /** Expected resolution time; without an offset, in the site's time zone. */
  eta: timestamp.optional(),
  /** Detail for technical readers (Markdown), shown collapsed. */
  technical: bounded(FIELD_LIMITS.technical).optional(),
});

/** `index.<locale>.md`: the translatable fields of `index.md`. */
export const indexTranslationSchema = z.strictObject({
  title: bounded(FIELD_LIMITS.title).optional(),
  impact: bounded(FIELD_LIMITS.impact).optional(),
  workaround: bounded(FIELD_LIMITS.workaround).optional(),
  compensation: bounded(FIELD_LIMITS.compensation).optional(),
});

/** `<update>.<locale>.md`: the translatable fields of an update. */
export const updateTranslationSchema = z.strictObject({
  technical: bounded(FIELD_LIMITS.technical).optional(),
});

export const postmortemSchema = z.strictObject({
  /** Only `published` postmortems reach the site. */
  status: z.enum(POSTMORTEM_STATUSES),
  /** Who wrote it. */
  authors: z.array(bounded(FIELD_LIMITS.title)).max(50).default([]),
  /** Who reviewed it. */
  reviewers: z.array(bounded(FIELD_LIMITS.title)).max(50).default([]),
  /** Publication date (`YYYY-MM-DD` or a timestamp with offset); required once published. */
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}/, { message: 'expected a date such as 2026-11-24' }).optional(),
  /** Optional customer-facing title; defaults to "Postmortem: <incident title>". */
  title: bounded(FIELD_LIMITS.title).optional(),
});

export type IncidentIndexData = z.output<typeof incidentIndexSchema>;
export type UpdateData = z.output<typeof updateSchema>;
export type IndexTranslationData = z.output<typeof indexTranslationSchema>;
export type UpdateTranslationData = z.output<typeof updateTranslationSchema>;
export type PostmortemData = z.output<typeof postmortemSchema>;

export const fieldNames = (schema: { shape: object }): string[] => Object.keys(schema.shape);
