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
