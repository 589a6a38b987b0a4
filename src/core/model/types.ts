import type { ComponentConfig, SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus, Severity, UpdateStatus } from '../content/schema.ts';

/** Text in one locale, with the language it is really in (the default locale's when untranslated). */
export interface Text {
  text: string;
  /** Language tag of `text`: the requested locale, or the default locale when falling back. */
  lang: string;
  untranslated: boolean;
}

/** A text for every configured locale tag. */
export type LocalizedText = Readonly<Record<string, Text>>;

/** Atlassian Statuspage's `impact` / `indicator` scale. */
export type Impact = 'none' | 'minor' | 'major' | 'critical' | 'maintenance';

export interface ComponentTransition {
  component: string;
  from: ComponentStatus;
  to: ComponentStatus;
}

export interface Update {
  /** File base name; unique within its incident. */
  id: string;
  file: string;
  at: number;
  status: UpdateStatus;
  /** Component changes this update makes, old → new (as Statuspage's `affected_components`). */
  transitions: ComponentTransition[];
  nextUpdate?: number;
  eta?: number;
  message: LocalizedText;
  technical?: LocalizedText;
}

export interface Postmortem {
  file: string;
  /** Publication date as written (`YYYY-MM-DD` or a timestamp). */
  published: string;
  authors: string[];
  title: LocalizedText;
  body: LocalizedText;
}

/** A time span in which one incident put one component in one status. `to` is Infinity while open. */
export interface StatusSegment {
  component: string;
  from: number;
  to: number;
  status: Exclude<ComponentStatus, 'operational'>;
  incidentId: string;
}

export interface Incident {
  id: string;
  file: string;
  type: 'incident' | 'maintenance';
  severity?: Severity;
  /** Statuspage impact: from the severity for incidents, `maintenance` for maintenance. */
  impact: Impact;
  title: LocalizedText;
  impactStatement?: LocalizedText;
  workaround?: LocalizedText;
  compensation?: LocalizedText;
  description?: LocalizedText;
  /** Third party at fault, for the page itself (feeds say "a third-party provider"). */
  provider?: string;
  /** Region ids; undefined means everyone. */
  regions?: string[];
  /** Every component it ever affected, in config order. */
  componentIds: string[];
  /** Oldest first. */
  updates: Update[];
  /** Current status; for maintenance also derived from the clock and the window. */
  status: UpdateStatus;
  /** An unresolved incident, or a maintenance in progress. */
  active: boolean;
  /** A maintenance whose window has not opened. */
  upcoming: boolean;
  /** Incidents: `started`; maintenance: when it really began (window start, or an earlier in_progress update). */
  startedAt: number;
  scheduledFor?: number;
  scheduledUntil?: number;
  resolvedAt?: number;
  /**
   * Maintenance: the component statuses it announces (index.md, then updates
   * posted before the window). Shown as planned until the window opens; the
   * transitions happen then.
   */
  plannedComponents?: Record<string, ComponentStatus>;
  /**
   * Maintenance whose window has opened with no update posted at that instant:
   * the component changes the schedule made by itself (Statuspage posts an
   * automatic "in progress" update for the same moment).
   */
  windowOpened?: { at: number; transitions: ComponentTransition[] };
  /** From start to resolution, or to now while active; 0 for upcoming maintenance. */
  durationMs: number;
  /** Newest update's time, or the start when there is none. */
  updatedAt: number;
  /** Component statuses this incident imposes now (empty unless active). */
  currentComponents: Record<string, ComponentStatus>;
  nextUpdate?: number;
  eta?: number;
  /** Active, and the promised next update is overdue. */
  stale: boolean;
  /** Locales in which some of its text falls back to the default locale. */
  untranslated: string[];
  postmortem?: Postmortem;
  segments: StatusSegment[];
}

export interface UptimeDay {
  /** `YYYY-MM-DD` in the site's time zone. */
  date: string;
  start: number;
  /** Length of the day counted (today: until now). */
  lengthMs: number;
  /** Weighted downtime: major outage ×1, partial outage ×0.3. */
  downtimeMs: number;
  /** `null` for a day with no measured time. */
  uptime: number | null;
  /** Worst status seen that day. */
  worst: ComponentStatus;
  incidentIds: string[];
}

export interface Uptime {
  /** Over the whole period, 0..1. */
  ratio: number;
  days: UptimeDay[];
}

export interface ComponentState {
  config: ComponentConfig;
  status: ComponentStatus;
  uptime: Uptime;
  /** Incidents and maintenance that affected it, newest first. */
  incidentIds: string[];
}

export interface PageStatus {
  indicator: Impact;
  /** Statuspage's English description, e.g. "Partial System Outage". */
  description: string;
  /** Key of the description, for localised UI strings. */
  key: 'operational' | 'degraded' | 'minor' | 'partial' | 'major' | 'maintenance';
}

export interface StatusModel {
  now: number;
  config: SiteConfig;
  /** Every incident and maintenance, newest start first. */
  incidents: Incident[];
  byId: ReadonlyMap<string, Incident>;
  components: ComponentState[];
  page: PageStatus;
  /** Newest update time across everything, if any. */
  lastUpdated?: number;
  activeIncidents: Incident[];
  activeMaintenance: Incident[];
  /** Soonest first. */
  upcomingMaintenance: Incident[];
}
