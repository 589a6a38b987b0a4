import { z } from 'zod';
import { IMPACT_STATUSES, SEVERITIES } from '../content/schema.ts';

/**
 * The `alerts` section of `kabar.config.ts`: how `kabar ingest` turns an alert from monitoring
 * into a drafted incident (docs/alerts.md). Everything has a default, so the section is optional.
 */

const ruleSchema = z.strictObject({
  /**
   * Labels an alert must carry, each with this value (`{ service: 'checkout' }`); `'*'` only
   * requires the label to be there. Every rule that matches adds its components.
   */
  labels: z.record(z.string().min(1), z.string().min(1)).refine((labels) => Object.keys(labels).length > 0, { message: 'expected at least one label, e.g. { service: "checkout" }' }),
  /** Ids of the components it affects, as in `components` above. */
  components: z.array(z.string().min(1)).min(1, { message: 'expected at least one component id' }),
  /** Their status while the alert fires; default: from the drafted severity (serious and severe: major_outage, significant: partial_outage, else degraded_performance). */
  status: z.enum(IMPACT_STATUSES).optional(),
});

export const alertsSchema = z.strictObject({
  /** Rules from alert labels to components, in order. An alert whose `component` label is a component id needs none. */
  components: z.array(ruleSchema).default([]),
  /** The label naming a component id directly (default `component`). */
  componentLabel: z.string().min(1).default('component'),
  /** The label holding an alert's severity (default `severity`, as Prometheus and Grafana rules usually have). */
  severityLabel: z.string().min(1).default('severity'),
  /** Values of that label → the incident's severity; the worst of a group's alerts wins. */
  severities: z.record(z.string().min(1), z.enum(SEVERITIES)).default({ critical: 'serious', page: 'serious', error: 'significant', warning: 'minimal', info: 'negligible' }),
  /** Severity when an alert has no known severity (Uptime Kuma never sends one). */
  defaultSeverity: z.enum(SEVERITIES).default('significant'),
  /** Minutes from the drafted update to the next one it promises; 0 promises none. */
  nextUpdateMinutes: z.number().int().min(0).max(1440).default(30),
  /**
   * List the alerts' summaries and labels in the pull request, besides their names. Off by
   * default: in a public repository the pull request is public too.
   */
  details: z.boolean().default(false),
  /**
   * Your own wording of the drafts, in the default locale's language; `{components}` stands for
   * the affected components' names. Defaults are neutral, in English or Indonesian.
   */
  messages: z
    .strictObject({
      /** The drafted incident's title, e.g. `Problems with {components}`. */
      title: z.string().trim().min(1).optional(),
      /** The first update (`investigating`). */
      investigating: z.string().trim().min(1).optional(),
      /** The update proposed when the alert resolves (`monitoring`). */
      monitoring: z.string().trim().min(1).optional(),
      /** The update proposed when the alert fires again while monitoring (`investigating`). */
      returned: z.string().trim().min(1).optional(),
    })
    .default({}),
});

export type AlertsInput = z.input<typeof alertsSchema>;
/** The `alerts` section with every default filled in. */
export type AlertsConfig = z.output<typeof alertsSchema>;

/** The settings when a config has no `alerts` section. */
export const defaultAlertsConfig = (): AlertsConfig => alertsSchema.parse({});
