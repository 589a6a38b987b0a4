import type { UpdateStatus } from '../content/schema.ts';
import type { SourceComponent, SourceIncident, SourceUpdate } from './model.ts';
import type { Comment, Note, UpptimeIssue } from './upptime.ts';

/**
 * An Upptime maintenance issue: labelled `maintenance`, its window in an HTML comment
 * at the top of the body, as Upptime's monitor reads it (uptime-monitor's update.ts):
 *
 *     <!--
 *     start: 2026-11-25T01:00:00.000Z
 *     end: 2026-11-25T03:00:00.000Z
 *     expectedDown: api, checkout
 *     expectedDegraded: website
 *     -->
 *
 * Its body and comments become updates by their time against the window; closing it
 * before the end completes it then; before the start, that completion cancels it (Kabar's
 * pages, feeds, calendar and notifications say "Cancelled").
 */
export function mapMaintenance(issue: UpptimeIssue, label: string, created: number, closed: number | undefined, comments: Comment[], bySlug: Map<string, SourceComponent>, time: (v: unknown) => number | undefined, note: Note): SourceIncident | undefined {
  const body = issue.body ?? '';
  const block = /<!--([\s\S]*?)-->/.exec(body);
  const meta: Record<string, string> = {};
  for (const line of (block?.[1] ?? '').split('\n')) {
    const m = /^\s*([\w-]+)\s*:\s*(.+?)\s*$/.exec(line);
    if (m) meta[m[1]!] = m[2]!;
  }
  const start = time(meta.start);
  const end = time(meta.end);
  if (start === undefined || end === undefined) {
    note('skipped', 'a maintenance issue without a readable "start:" and "end:" in its <!-- --> block, so it was left out');
    return undefined;
  }
  const slugs = [meta.expectedDown, meta.expectedDegraded].flatMap((v) => (v ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = slugs.filter((s) => !bySlug.has(s));
  for (const s of unknown) bySlug.set(s, { key: s, name: s });
  if (unknown.length > 0) note('note', `it names ${unknown.map((s) => `"${s}"`).join(', ')}, not a site of .upptimerc.yml; added as ${unknown.length === 1 ? 'a component' : 'components'}`);
  const statusAt = (at: number): UpdateStatus => (at < start ? 'scheduled' : at < end ? 'in_progress' : 'completed');
  const updates: SourceUpdate[] = [];
  const text = body.replace(/<!--[\s\S]*?-->/, '').trim();
  if (text) updates.push({ key: 'the issue\'s first message', at: created, status: statusAt(created), body: text });
  for (const c of comments) updates.push({ key: `comment ${c.id}`, at: c.at, status: statusAt(c.at), body: c.body.trim() });
  if (closed !== undefined && closed < end && updates.at(-1)?.status !== 'completed') updates.push({ key: 'the closing of the issue', at: closed, status: 'completed', body: '' });
  return {
    key: String(issue.number),
    label,
    type: 'maintenance',
    title: issue.title.trim(),
    window: { start, end },
    components: Object.fromEntries(slugs.map((s) => [s, 'under_maintenance' as const])),
    updates,
  };
}
