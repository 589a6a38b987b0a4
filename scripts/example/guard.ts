import { parseTimestamp } from '../../src/core/time.ts';
import { EXAMPLE_README, readExampleAnchor, renderExample } from './render-example.ts';

/** Files that may sit in an empty `incidents/` without making it someone's content. */
const NEUTRAL = new Set(['incidents/.gitkeep']);

/**
 * Which existing files the generator did not write. The example's README
 * records the anchor it was generated for; regenerating for that anchor must
 * give back every existing file byte for byte. Anything else — a new incident,
 * an edited example file, a README without the marker — is someone's content,
 * and the generator must not delete or overwrite it.
 *
 * `existing`: repository-relative path → text, of the paths the generator
 * manages. `alsoOurs`: other files it would write identically (the config copy).
 */
export function foreignFiles(existing: ReadonlyMap<string, string>, alsoOurs: ReadonlyMap<string, string> = new Map()): string[] {
  // The README first: when it is the edited file, everything else is unrecognisable too, and it is the one to mention.
  const relevant = [...existing.keys()].filter((p) => !NEUTRAL.has(p)).sort((a, b) => Number(b === EXAMPLE_README) - Number(a === EXAMPLE_README) || a.localeCompare(b));
  if (relevant.length === 0) return [];
  const anchor = readExampleAnchor(existing.get(EXAMPLE_README) ?? '');
  const parsed = anchor === undefined ? undefined : parseTimestamp(anchor);
  const previous = parsed?.ok ? renderExample(parsed.ms) : new Map<string, string>();
  return relevant.filter((p) => (previous.get(p) ?? alsoOurs.get(p)) !== existing.get(p));
}
