import type { Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * The "Action items" table of a postmortem, read from the Markdown the team
 * wrote, and the same text with tracking-issue links filled in. The rewrite
 * touches only the tracking cells it fills: every other byte stays as written.
 */

export interface ActionItem {
  /** 1-based line of the row in the file's body. */
  line: number;
  action: string;
  type: string;
  owner: string;
  priority: string;
  /** The tracking cell as written; empty when there is none yet. */
  tracking: string;
  /** Offsets in the body of the tracking cell (with its pipes), or of the row's end when the row has no such cell. */
  trackingSpan: { start: number; end: number; present: boolean };
}

export interface ActionItemsTable {
  items: ActionItem[];
  /** Why no table was found, when none was. */
  missing?: string;
}

const HEADING = 'action items';
/** What counts as "no tracking issue yet". */
const EMPTY_TRACKING = /^(|—|-|–|todo|tbd|none)$/i;
/** The template's placeholder row, which is not an action. */
const PLACEHOLDER_ACTION = /^(|todo|tbd)$/i;

export const needsTrackingIssue = (item: ActionItem): boolean => EMPTY_TRACKING.test(item.tracking.trim()) && !PLACEHOLDER_ACTION.test(item.action.trim());
export const isPlaceholder = (item: ActionItem): boolean => PLACEHOLDER_ACTION.test(item.action.trim());

export function readActionItems(body: string): ActionItemsTable {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(body) as Root;
  const start = tree.children.findIndex((n) => n.type === 'heading' && n.depth === 2 && toString(n).trim().toLowerCase() === HEADING);
  if (start < 0) return { items: [], missing: 'there is no "## Action items" section' };
  const next = tree.children.findIndex((n, i) => i > start && n.type === 'heading' && n.depth <= 2);
  const table = tree.children.slice(start + 1, next < 0 ? undefined : next).find((n): n is Table => n.type === 'table');
  if (!table) return { items: [], missing: 'the "Action items" section has no table' };

  const header = table.children[0]!.children.map((c) => toString(c).trim().toLowerCase());
  const column = (name: string, fallback: number) => {
    const i = header.findIndex((h) => h.startsWith(name));
    return i < 0 ? fallback : i;
  };
  const col = { action: column('action', 0), type: column('type', 1), owner: column('owner', 2), priority: column('priority', 3), tracking: column('tracking', 4) };
  const items = table.children.slice(1).map((row): ActionItem => {
    const cells = row.children;
    const text = (i: number) => (cells[i] ? toString(cells[i]).trim() : '');
    const tracking = cells[col.tracking];
    const span = tracking?.position
      ? { start: tracking.position.start.offset!, end: tracking.position.end.offset!, present: true }
      : { start: row.position!.end.offset!, end: row.position!.end.offset!, present: false };
    return {
      line: row.position!.start.line,
      action: text(col.action),
      type: text(col.type),
      owner: text(col.owner),
      priority: text(col.priority),
      tracking: text(col.tracking),
      trackingSpan: span,
    };
  });
  return { items };
}

/** `body` with each given item's tracking cell set to `link` (Markdown). */
export function withTrackingLinks(body: string, links: readonly { item: ActionItem; link: string }[]): string {
  let out = body;
  // From the end backwards, so earlier offsets stay valid.
  for (const { item, link } of [...links].sort((a, b) => b.item.trackingSpan.start - a.item.trackingSpan.start)) {
    const { start, end, present } = item.trackingSpan;
    const written = out.slice(start, end);
    let replacement: string;
    // A cell's span starts at its own pipe and, for the row's last cell, includes the closing one.
    if (present) replacement = `| ${link} ${written.length > 1 && written.trimEnd().endsWith('|') ? '|' : ''}`;
    else replacement = out.slice(0, start).trimEnd().endsWith('|') ? ` ${link} |` : ` | ${link}`;
    out = out.slice(0, start) + replacement + out.slice(end);
  }
  return out;
}
