/**
 * A postmortem has two readers. Stakeholders review the whole file in Git: who
 * committed which update through which pull request, how the communication went,
 * owners of the action items. Customers read what happened, why, and what changes.
 * Everything from the internal marker line to the end of the file stays in Git:
 * the model never takes it in, so no page, feed or API file can show it.
 */

/** The line `kabar postmortem` writes before the internal part (an HTML comment, invisible on GitHub too). */
export const INTERNAL_MARKER = '<!-- kabar:internal — everything below this line stays in Git; the status page never shows it -->';

/** A line holding only an HTML comment that starts with `kabar:internal` (spaces and case are free). */
const MARKER_LINE = /^[ \t]*<!--[ \t]*kabar[ \t]*:[ \t]*internal\b[^\n]*?-->[ \t]*$/im;

/** The customer-facing part: the text before the marker line, or all of it when there is none. */
export function publicPart(markdown: string): string {
  const match = MARKER_LINE.exec(markdown);
  return match ? markdown.slice(0, match.index).trimEnd() : markdown;
}

/** 0-based index of the marker's line in `markdown`, or -1. */
export function internalMarkerLine(markdown: string): number {
  const match = MARKER_LINE.exec(markdown);
  return match ? markdown.slice(0, match.index).split('\n').length - 1 : -1;
}
