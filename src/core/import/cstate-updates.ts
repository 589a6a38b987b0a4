import type { UpdateStatus } from '../content/schema.ts';
import type { ReportEntry, SourceUpdate } from './model.ts';
import { ownValue } from '../own.ts';

/**
 * cState writes an issue's updates in its Markdown body, newest first, one block each:
 *
 *     *Monitoring* - We deployed a fix. {{< track "2019-04-11 06:40:00" >}}
 *
 *     *Investigating* - We are looking into it. {{< track "2019-04-11 06:10:00" >}}
 *
 * The label is italic or bold, followed by a dash; the `track` shortcode (cState's
 * layouts/shortcodes/track.html) holds the update's time and may be missing.
 */
export interface CstateBlock {
  /** The label as written, e.g. "Monitoring". */
  label: string;
  /** The message, without the label and the shortcode. */
  text: string;
  /** The `track` time as written, if any. */
  time?: string;
}

export interface CstateBody {
  /** Text before the first labelled block (or the whole body when there is none). */
  preamble: string;
  /** In the order written (cState: newest first). */
  blocks: CstateBlock[];
}

const MARKER = /^[ \t]*(\*{1,2}|_{1,2})([^*_\n]{1,80}?)(\*{1,2}|_{1,2})[ \t]*[-–—:][ \t]*/gm;
const TRACK = /\{\{[<%]\s*track\s+"([^"]*)"\s*[>%]\}\}/g;

export function parseCstateBody(body: string): CstateBody {
  const starts = [...body.matchAll(MARKER)];
  const blocks: CstateBlock[] = starts.map((m, i) => block(m[2]!.trim(), body.slice(m.index + m[0].length, starts[i + 1]?.index ?? body.length)));
  const head = body.slice(0, starts[0]?.index ?? body.length);
  // Text before the first label that carries its own time is an update without a label.
  if (TRACK_ONE.test(head)) return { preamble: '', blocks: [block('', head), ...blocks] };
  return { preamble: clean(head), blocks };
}

const TRACK_ONE = /\{\{[<%]\s*track\s+"[^"]*"\s*[>%]\}\}/;

function block(label: string, chunk: string): CstateBlock {
  const time = [...chunk.matchAll(TRACK)][0]?.[1]?.trim();
  return { label, text: clean(chunk), ...(time && { time }) };
}

/** Without the shortcode, and without the thematic breaks (---) some sites put between updates. */
const clean = (text: string): string =>
  text
    .replace(TRACK, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/^(?:\s*(?:-{3,}|\*{3,}|_{3,})\s*\n)+|(?:\n\s*(?:-{3,}|\*{3,}|_{3,})\s*)+$/g, '')
    .trim();

const INCIDENT_LABELS: Record<string, UpdateStatus> = { investigating: 'investigating', identified: 'identified', monitoring: 'monitoring', resolved: 'resolved', fixed: 'resolved' };
const MAINTENANCE_LABELS: Record<string, UpdateStatus> = { scheduled: 'scheduled', planned: 'scheduled', 'in progress': 'in_progress', started: 'in_progress', verifying: 'verifying', monitoring: 'verifying', completed: 'completed', resolved: 'completed', done: 'completed' };

export interface BlockContext {
  started: number;
  resolved: boolean;
  resolvedWhen?: number;
  maintenance: boolean;
  time: (value: unknown) => number | undefined;
  /** Reads a time without counting it (a translation's times repeat the original's). */
  peek: (value: unknown) => number | undefined;
  note: (kind: ReportEntry['kind'], message: string) => void;
  /** The same issue in other languages (Hugo's `x.id.md`), block by block. */
  translations: { lang: string; blocks: CstateBlock[] }[];
}

/** Blocks → updates, oldest first; blocks without a time are placed and reported. */
export function toUpdates(blocks: CstateBlock[], ctx: BlockContext): SourceUpdate[] {
  const labels = ctx.maintenance ? MAINTENANCE_LABELS : INCIDENT_LABELS;
  const statusOf = (b: CstateBlock) => ownValue(labels, b.label.toLowerCase());
  const timed = blocks.map((block) => ({ block, at: block.time === undefined ? undefined : ctx.time(block.time) }));
  const chronological = newestFirst(timed, statusOf) ? [...timed].reverse() : timed;
  const out: SourceUpdate[] = [];
  chronological.forEach(({ block, at: written }, i) => {
    let at = written;
    const known = statusOf(block);
    const name = block.label ? `the "${block.label}" update` : 'an update without a label';
    if (at === undefined) {
      const newest = i === chronological.length - 1;
      const byResolution = newest && i > 0 && ctx.resolved && ctx.resolvedWhen !== undefined;
      at = i === 0 ? ctx.started : byResolution ? ctx.resolvedWhen! : (out.at(-1)?.at ?? ctx.started) + 1000;
      ctx.note('changed', `${name} has ${block.time === undefined ? 'no time' : `an unreadable time ("${block.time}")`}; it was placed at ${isoSecond(at)} (${i === 0 ? "the issue's date" : byResolution ? 'resolvedWhen' : 'just after the update before it'})`);
    }
    const previous = out.at(-1)?.status ?? (ctx.maintenance ? 'scheduled' : 'investigating');
    const lastResolves = !ctx.maintenance && i === chronological.length - 1 && i > 0 && ctx.resolved && !blocks.some((b) => statusOf(b) === 'resolved');
    const status = known ?? (lastResolves ? 'resolved' : previous);
    // A label that is not a status ("Update", "Automated alert") stays in the message, as cState showed it.
    const body = known || !block.label ? block.text : `*${block.label}* – ${block.text}`.replace(/ – $/, '');
    const translations = translationsOf(blocks, block, known !== undefined, written, ctx);
    out.push({ key: name, at, status, body, ...(Object.keys(translations).length > 0 && { translations }) });
  });
  for (const t of ctx.translations) {
    const used = out.filter((u) => u.translations?.[t.lang] !== undefined).length;
    if (t.blocks.length > used) ctx.note('lost', `${t.blocks.length - used} of its "${t.lang}" updates match no update of the original (by time, or by place when both have as many) and were left out`);
  }
  return out;
}

/**
 * The block in each translation: the one with the same `track` time, else the one in
 * the same place when the translation has as many blocks. Its label is dropped where
 * the original's is a status (Kabar names the status in every language).
 */
function translationsOf(blocks: CstateBlock[], block: CstateBlock, statusLabel: boolean, at: number | undefined, ctx: BlockContext): Record<string, string> {
  const out: Record<string, string> = {};
  const index = blocks.indexOf(block);
  for (const t of ctx.translations) {
    const byTime = at === undefined ? undefined : t.blocks.find((b) => b.time !== undefined && ctx.peek(b.time) === at);
    const match = byTime ?? (t.blocks.length === blocks.length ? t.blocks[index] : undefined);
    if (!match?.text) continue;
    out[t.lang] = statusLabel || !match.label ? match.text : `*${match.label}* – ${match.text}`;
  }
  return out;
}

/**
 * cState's convention is newest first; some sites write oldest first. The times
 * decide when they differ; otherwise a resolving label at the top means newest first.
 */
function newestFirst(timed: { block: CstateBlock; at: number | undefined }[], statusOf: (b: CstateBlock) => UpdateStatus | undefined): boolean {
  const blocks = timed.map((t) => t.block);
  const times = timed.map((t) => t.at).filter((t): t is number => t !== undefined);
  const rising = times.some((t, i) => i > 0 && t > times[i - 1]!);
  const falling = times.some((t, i) => i > 0 && t < times[i - 1]!);
  if (rising !== falling) return falling;
  const terminal = (b: CstateBlock | undefined) => b !== undefined && (statusOf(b) === 'resolved' || statusOf(b) === 'completed');
  return !(terminal(blocks.at(-1)) && !terminal(blocks[0]));
}

const isoSecond = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
