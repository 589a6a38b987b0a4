import { z } from 'zod';

/**
 * What Kabar reads from Atlassian Statuspage, in the shapes of its management API
 * (`https://api.statuspage.io/v1/pages/{page_id}/incidents`, `components`,
 * `component-groups`) and of every page's public API v2 (`/api/v2/incidents.json`,
 * `scheduled-maintenances.json`, `components.json`). Both share the incident shape.
 * Only the fields Kabar maps are listed; unknown fields are ignored. Payloads come
 * from a network: parsed, never trusted.
 */

const time = z.string().nullish();
const text = z.string().nullish();

export const spAffectedComponentSchema = z.object({
  /** Component id; absent on "No components were affected by this update." placeholders. */
  code: z.string().nullish(),
  name: text,
  old_status: text,
  new_status: text,
});

export const spIncidentUpdateSchema = z.object({
  id: z.string(),
  status: z.string(),
  body: text,
  created_at: time,
  display_at: time,
  affected_components: z.array(spAffectedComponentSchema).nullish(),
});

export const spIncidentSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  impact: text,
  created_at: time,
  started_at: time,
  resolved_at: time,
  scheduled_for: time,
  scheduled_until: time,
  postmortem_body: text,
  // The management API's docs type this as a boolean, its payloads carry a time.
  postmortem_published_at: z.union([z.string(), z.boolean()]).nullish(),
  incident_updates: z.array(spIncidentUpdateSchema).nullish(),
  components: z.array(z.object({ id: z.string(), name: text })).nullish(),
  /** Maintenance: whether Statuspage sets its components under maintenance when it starts. */
  auto_transition_to_maintenance_state: z.boolean().nullish(),
});

export const spComponentSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: text,
  group_id: text,
  group: z.boolean().nullish(),
  position: z.number().nullish(),
  /** Group rows of the public API list their members. */
  components: z.array(z.string()).nullish(),
});

export const spGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  position: z.number().nullish(),
  components: z.array(z.string()).nullish(),
});

export type SpImportIncident = z.output<typeof spIncidentSchema>;
export type SpImportUpdate = z.output<typeof spIncidentUpdateSchema>;
export type SpImportComponent = z.output<typeof spComponentSchema>;
export type SpImportGroup = z.output<typeof spGroupSchema>;

/** Everything one import reads from a Statuspage page. */
export interface StatuspagePayload {
  /** `management`: the full history with an API key; `public`: the page's public API (the 50 newest of each). */
  api: 'management' | 'public';
  /** Page id or the page's address. */
  origin: string;
  incidents: SpImportIncident[];
  /** The public API lists maintenance separately; the management API among incidents. */
  maintenances: SpImportIncident[];
  components: SpImportComponent[];
  groups: SpImportGroup[];
}

/** The public API's documented cap on `incidents.json` and `scheduled-maintenances.json`. */
export const PUBLIC_API_LIMIT = 50;

/** Parses one payload list, naming the first thing that is not in Statuspage's shape. */
export function parseList<T>(schema: z.ZodType<T>, value: unknown, what: string): { ok: true; items: T[] } | { ok: false; reason: string } {
  const result = z.array(schema).safeParse(value);
  if (result.success) return { ok: true, items: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, reason: `${what}${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}` };
}
