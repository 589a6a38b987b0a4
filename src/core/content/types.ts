import type { ComponentStatus, IncidentIndexData, MaintenanceStatus, PostmortemStatus, Severity, UpdateStatus } from './schema.ts';

/** A file under `incidents/` as read from the repository. */
export interface ContentFile {
  /** Repository-relative path with forward slashes. */
  path: string;
  text: string;
}

export type ImpactStatus = Exclude<ComponentStatus, 'operational'>;

/** Translatable text of an incident's `index.md`, in one locale. */
export interface IndexText {
  title?: string;
  impact?: string;
  workaround?: string;
  compensation?: string;
  body?: string;
  file: string;
}

export interface UpdateText {
  technical?: string;
  body?: string;
  file: string;
}

/** One validated update file. Times are epoch milliseconds. */
export interface UpdateSource {
  /** File base name, e.g. `2026-11-20T1005Z`; unique within the incident and stable, so it anchors links and feed ids. */
  id: string;
  file: string;
  at: number;
  status: UpdateStatus;
  components?: Record<string, ComponentStatus>;
  nextUpdate?: number;
  eta?: number;
  technical?: string;
  body: string;
  translations: Record<string, UpdateText>;
}

export interface PostmortemSource {
  file: string;
  status: PostmortemStatus;
  authors: string[];
  reviewers: string[];
  published?: string;
  title?: string;
  body: string;
  translations: Record<string, { title?: string; body?: string; file: string }>;
}

/** One validated incident or maintenance directory. */
export interface IncidentSource {
  /** Directory name: `YYYY-MM-DD-slug`. */
  id: string;
  /** Path of `index.md`. */
  file: string;
  type: IncidentIndexData['type'];
  title: string;
  severity?: Severity;
  /** Incidents: when it started. */
  started?: number;
  /** Maintenance: the announced window. */
  window?: { start: number; end: number };
  components: Record<string, ImpactStatus>;
  /** Region ids; undefined means everyone. */
  regions?: string[];
  impact?: string;
  workaround?: string;
  provider?: string;
  compensation?: string;
  body: string;
  /** Sorted by `at`, oldest first. */
  updates: UpdateSource[];
  translations: Record<string, IndexText>;
  postmortem?: PostmortemSource;
}

export type { MaintenanceStatus };
