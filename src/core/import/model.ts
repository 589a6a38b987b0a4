import type { ComponentStatus, Severity, UpdateStatus } from '../content/schema.ts';
import type { ImpactStatus } from '../content/types.ts';

/**
 * The history an importer hands over: what the source said, already in Kabar's
 * vocabulary (statuses, severities, epoch-ms times) but not yet fitted to the
 * content format's rules (unique update times, one resolution, …). Each source
 * maps its own shapes to this (statuspage.ts, cstate.ts, upptime.ts); fit.ts and
 * render.ts turn it into files the same way for all of them.
 */

export const IMPORT_SOURCES = ['statuspage', 'cstate', 'upptime'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

/** Human name of each source, for messages and the report. */
export const SOURCE_NAMES: Record<ImportSource, string> = { statuspage: 'Atlassian Statuspage', cstate: 'cState', upptime: 'Upptime' };

export interface SourceGroup {
  /** The source's own id (or name, where it has no ids). */
  key: string;
  name: string;
}

export interface SourceComponent {
  key: string;
  name: string;
  description?: string;
  /** `key` of its group. */
  groupKey?: string;
}

export interface SourceUpdate {
  /** The source's id of the update, or a description of where it was found. */
  key: string;
  at: number;
  status: UpdateStatus;
  /** Component key → status from this update on. */
  components?: Record<string, ComponentStatus>;
  body: string;
  /** Set when Kabar wrote the body because the source had none. */
  generated?: boolean;
  /** The message in other languages, by language tag. */
  translations?: Record<string, string>;
}

export interface SourcePostmortem {
  body: string;
  /** Publication time; absent for an unpublished draft. */
  published?: number;
}

export interface SourceIncident {
  key: string;
  /** How the report names it in the source, e.g. `Statuspage incident p3k8…` or `content/issues/x.md`. */
  label: string;
  type: 'incident' | 'maintenance';
  title: string;
  severity?: Severity;
  started?: number;
  window?: { start: number; end: number };
  /** Component key → status when it starts. */
  components: Record<string, ImpactStatus>;
  /** A longer description (index.md's body). */
  body?: string;
  updates: SourceUpdate[];
  postmortem?: SourcePostmortem;
  /** Title and description in other languages, by language tag. */
  translations?: Record<string, { title?: string; body?: string }>;
}

export type ReportKind = 'skipped' | 'lost' | 'changed' | 'note';

/** One line of import-report.md: something that did not survive as it was, and why. */
export interface ReportEntry {
  kind: ReportKind;
  /** What it concerns: an incident's label, a file, or the import as a whole (`''`). */
  subject: string;
  message: string;
}

export interface SourceHistory {
  source: ImportSource;
  /** Which page, directory or repository, as the user named it (e.g. `page abc123`, `acme/status`). */
  origin: string;
  /** How it was read, e.g. "the management API" or "the public API". */
  via: string;
  groups: SourceGroup[];
  components: SourceComponent[];
  incidents: SourceIncident[];
  /** What the mapping could not carry over, or had to decide. */
  notes: ReportEntry[];
}
