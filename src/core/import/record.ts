import { z } from 'zod';
import { IMPORT_SOURCES, type ImportSource } from './model.ts';

/**
 * `.kabar/imported.json`: what every import wrote, kept in the repository.
 * - `kabar notify` reads `imports[].incidents` so that its first run does not
 *   announce history that was imported rather than posted.
 * - The import reads `files` (SHA-256 of each file as it wrote it) to tell a file
 *   the user edited since, which it never overwrites, from one it may refresh;
 *   and `ids`, `components`, `groups` to give the same source item the same Kabar
 *   id on every run.
 * Entries are appended, one per import that changed something; later entries win.
 */
export const IMPORT_RECORD_PATH = '.kabar/imported.json';

const entrySchema = z.object({
  source: z.string(),
  /** ISO time of the import. */
  at: z.string(),
  /** Kabar ids of every incident and maintenance this source holds after the import. */
  incidents: z.array(z.string()),
  origin: z.string().optional(),
  files: z.record(z.string(), z.string()).optional(),
  ids: z.record(z.string(), z.string()).optional(),
  components: z.record(z.string(), z.string()).optional(),
  groups: z.record(z.string(), z.string()).optional(),
});

const recordSchema = z.object({ imports: z.array(entrySchema) });

export type ImportRecordEntry = z.output<typeof entrySchema>;
export type ImportRecord = z.output<typeof recordSchema>;

export const EMPTY_RECORD: ImportRecord = { imports: [] };

export function parseImportRecord(text: string): { ok: true; record: ImportRecord } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `is not JSON (${(error as Error).message})` };
  }
  const parsed = recordSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'the file'}: ${issue.message} (expected { "imports": [ { "source", "at", "incidents": [...] } ] })` };
  }
  return { ok: true, record: parsed.data };
}

/** What earlier imports of this source and origin decided, later entries winning. */
export interface Recalled {
  files: Record<string, string>;
  ids: Record<string, string>;
  components: Record<string, string>;
  groups: Record<string, string>;
  incidents: Set<string>;
}

/**
 * Whether a source's keys are only unique within one origin. Statuspage ids are unique
 * across pages, and the same page read first through its public address and later
 * with an API key must keep its ids; a cState site is one per repository, wherever
 * its directory is; Upptime issue numbers repeat in every repository.
 */
const KEYS_PER_ORIGIN: Record<ImportSource, boolean> = { statuspage: false, cstate: false, upptime: true };

export function recall(record: ImportRecord, source: ImportSource, origin: string): Recalled {
  const out: Recalled = { files: {}, ids: {}, components: {}, groups: {}, incidents: new Set() };
  for (const entry of record.imports) {
    // Hashes belong to paths whatever the source: a file another import wrote is no user's edit.
    Object.assign(out.files, entry.files);
    if (entry.source !== source || (KEYS_PER_ORIGIN[source] && (entry.origin ?? origin) !== origin)) continue;
    Object.assign(out.ids, entry.ids);
    Object.assign(out.components, entry.components);
    Object.assign(out.groups, entry.groups);
    for (const id of entry.incidents) out.incidents.add(id);
  }
  return out;
}

export function appendImport(record: ImportRecord, entry: ImportRecordEntry): string {
  return `${JSON.stringify({ ...record, imports: [...record.imports, entry] }, null, 2)}\n`;
}

export const isImportSource = (value: string): value is ImportSource => (IMPORT_SOURCES as readonly string[]).includes(value);
