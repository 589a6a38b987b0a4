import { z } from 'zod';
import { LineCounter, parseDocument } from 'yaml';
import type { Problem } from '../problems.ts';
import { parseTimestamp, TIMESTAMP_EXPECTED } from '../time.ts';
import { issuesToProblems } from '../zod-problems.ts';
import type { NotifyEvent } from './events.ts';

/** Written by `kabar import` into the status repository, merged across imports. */
export const IMPORTED_FILE = '.kabar/imported.json';

const importedSchema = z.object({
  imports: z.array(
    z.object({
      /** Where the history came from, e.g. `statuspage`. */
      source: z.string().min(1),
      /** When the import ran; events of its incidents at or before it are history. */
      at: z.string().superRefine((value, ctx) => {
        const parsed = parseTimestamp(value);
        if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${parsed.reason} (expected ${TIMESTAMP_EXPECTED})` });
      }),
      /** Incident ids it wrote. */
      incidents: z.array(z.string().min(1)),
    }),
  ),
});

export interface ImportRecord {
  source: string;
  at: number;
  incidents: ReadonlySet<string>;
}

/**
 * Reads `.kabar/imported.json`. A malformed file is an error, not an empty list: guessing
 * would announce years of imported history to every subscriber.
 */
export function parseImported(text: string, file = IMPORTED_FILE): { imports: ImportRecord[]; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    return { imports: [], problems: [{ file, line: error.linePos?.[0]?.line ?? 1, field: 'file', message: `is not valid JSON: ${error.message.split('\n')[0]} (expected the file kabar import writes: { "imports": [ { "source", "at", "incidents" } ] })`, severity: 'error' }] };
  }
  const lineOf = (path: readonly PropertyKey[]) => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as (string | number)[], true) as { range?: [number, number] } | undefined;
      if (node?.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = importedSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) return { imports: [], problems: issuesToProblems(parsed.error.issues, file, lineOf) };
  return {
    imports: parsed.data.imports.map((i) => ({ source: i.source, at: (parseTimestamp(i.at) as { ms: number }).ms, incidents: new Set(i.incidents) })),
    problems: [],
  };
}

/**
 * History an import brought in: an event of an imported incident at or before that import. An
 * announcement no file dates was published with the import, so it is history too (its
 * subscribers heard it from the page it was imported from).
 */
export function isImported(event: NotifyEvent, imports: readonly ImportRecord[]): boolean {
  return imports.some((i) => i.incidents.has(event.incidentId) && (event.undated || event.at <= i.at));
}
