import type { ComponentStatus, IncidentStatus, MaintenanceStatus, PostmortemStatus, Severity } from '../../src/core/content/schema.ts';
import type { ImpactStatus } from '../../src/core/content/types.ts';

/** Indonesian (or any second locale's) text of an update. */
export interface ExampleUpdateText {
  body: string;
  technical?: string;
}

/** One update file; times are epoch ms, written in the site's time zone. */
export interface ExampleUpdate {
  at: number;
  status: IncidentStatus | MaintenanceStatus;
  components?: Record<string, ComponentStatus>;
  nextUpdate?: number;
  eta?: number;
  technical?: string;
  body: string;
  /** Translations by locale tag. */
  tr?: Record<string, ExampleUpdateText>;
}

export interface ExampleIndexText {
  title: string;
  impact?: string;
  workaround?: string;
  compensation?: string;
  body?: string;
}

export interface ExamplePostmortem {
  status: PostmortemStatus;
  authors: string[];
  reviewers?: string[];
  /** Days after the incident's start that it was published (the date is written in the site's zone). */
  publishedAfterDays?: number;
  title?: string;
  body: string;
  tr?: Record<string, { title?: string; body: string }>;
}

export interface ExampleIncident {
  /** The id is `<start date in the site's zone>-<slug>`, so it follows the anchor like everything else. */
  slug: string;
  type: 'incident' | 'maintenance';
  title: string;
  severity?: Severity;
  started?: number;
  window?: { start: number; end: number };
  components: Record<string, ImpactStatus>;
  regions?: string[];
  impact?: string;
  workaround?: string;
  provider?: string;
  compensation?: string;
  body?: string;
  tr?: Record<string, ExampleIndexText>;
  updates: ExampleUpdate[];
  postmortem?: ExamplePostmortem;
}
