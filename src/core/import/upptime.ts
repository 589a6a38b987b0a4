import type { Severity, UpdateStatus } from '../content/schema.ts';
import type { ImpactStatus } from '../content/types.ts';
import upptimeSlugify from '@sindresorhus/slugify';
import type { ReportEntry, SourceComponent, SourceHistory, SourceIncident, SourceUpdate } from './model.ts';
import { mapMaintenance } from './upptime-maintenance.ts';
import { parseSourceTime } from './times.ts';

/** An issue of an Upptime repository, with its comments, as the GitHub API gives them. */
export interface UpptimeIssue {
  number: number;
  title: string;
  body: string | null;
  state: string;
  labels: string[];
  createdAt: string;
  closedAt: string | null;
  comments: { id: number; body: string; createdAt: string }[];
}

export interface UpptimeRepo {
  /** `owner/repo`. */
  origin: string;
  /** `.upptimerc.yml`, parsed; undefined when the repository has none. */
  config?: Record<string, unknown>;
  /** Issues labelled `status` (incidents) or `maintenance`. */
  issues: UpptimeIssue[];
}

/**
 * Upptime → Kabar (docs/import.md has the table). Upptime's monitor opens an issue
 * labelled `status` and the site's slug ("🛑 Google is down" or "⚠️ Google has
 * degraded performance"), comments "**Resolved:** …" and closes it when the site
 * is back; people open such issues by hand too, and `maintenance` issues with a
 * `<!-- start: … end: … expectedDown: … -->` block. Sites of `.upptimerc.yml`
 * become components; the issue is the incident, its body the first update, each
 * comment an update, its closing the resolution.
 */
export function mapUpptime(repo: UpptimeRepo): SourceHistory {
  const notes: ReportEntry[] = [];
  const components = sites(repo.config);
  if (!repo.config) notes.push({ kind: 'note', subject: '', message: 'the repository has no .upptimerc.yml, so components were made from the issues\' site labels, named as the labels are' });
  const bySlug = new Map(components.map((c) => [c.key, c]));
  const incidents: SourceIncident[] = [];
  let zoneless = 0;
  const time = (value: unknown) => {
    const parsed = parseSourceTime(value, 'UTC');
    if (parsed && !parsed.hadZone) zoneless++;
    return parsed?.ms;
  };
  for (const issue of [...repo.issues].sort((a, b) => a.number - b.number)) {
    const maintenance = issue.labels.includes('maintenance');
    const label = `"${issue.title}" (${repo.origin}#${issue.number})`;
    const note = (kind: ReportEntry['kind'], message: string) => notes.push({ kind, subject: label, message });
    const created = time(issue.createdAt);
    if (created === undefined) {
      note('skipped', 'no readable creation time, so it was left out');
      continue;
    }
    const closed = issue.state === 'closed' && issue.closedAt ? time(issue.closedAt) : undefined;
    const comments = [...issue.comments]
      .map((c) => ({ ...c, at: time(c.createdAt) }))
      .filter((c): c is typeof c & { at: number } => c.at !== undefined)
      .sort((a, b) => a.at - b.at || a.id - b.id);
    const siteLabels = issue.labels.filter((l) => l !== 'status' && l !== 'maintenance');
    if (!repo.config) {
      for (const l of siteLabels) if (!bySlug.has(l)) bySlug.set(l, { key: l, name: l });
    }
    const incident = maintenance ? mapMaintenance(issue, label, created, closed, comments, bySlug, time, note) : mapIncident(issue, label, created, closed, comments, siteLabels, bySlug, note);
    if (incident) incidents.push(incident);
  }
  for (const c of bySlug.values()) if (!components.includes(c)) components.push(c);
  if (zoneless > 0) notes.push({ kind: 'note', subject: '', message: `${zoneless} maintenance time${zoneless === 1 ? '' : 's'} had no time zone and ${zoneless === 1 ? 'was' : 'were'} read as UTC, as Upptime's monitor (on GitHub Actions, in UTC) reads them` });
  notes.push({ kind: 'lost', subject: '', message: 'assignees, reactions, lock state and the monitor\'s response-time history are not part of Kabar\'s content and were left out' });
  return { source: 'upptime', origin: repo.origin, via: 'its GitHub issues and .upptimerc.yml', groups: [], components, incidents, notes };
}

export type Comment = { id: number; body: string; at: number };
export type Note = (kind: ReportEntry['kind'], message: string) => void;

const DOWN = /^\s*🛑\s*(.+?) is down\s*$/u;
const DEGRADED = /^\s*⚠️?\s*(.+?) has degraded performance\s*$/u;
const KINDS: Record<'down' | 'degraded' | 'manual', { severity: Severity; status: ImpactStatus }> = {
  down: { severity: 'serious', status: 'major_outage' },
  degraded: { severity: 'minimal', status: 'degraded_performance' },
  manual: { severity: 'significant', status: 'partial_outage' },
};

function mapIncident(issue: UpptimeIssue, label: string, created: number, closed: number | undefined, comments: Comment[], siteLabels: string[], bySlug: Map<string, SourceComponent>, note: Note): SourceIncident {
  const down = DOWN.exec(issue.title);
  const degraded = DEGRADED.exec(issue.title);
  const kind = down ? 'down' : degraded ? 'degraded' : 'manual';
  const siteName = down?.[1] ?? degraded?.[1];
  let keys = siteLabels.filter((l) => bySlug.has(l));
  if (keys.length === 0 && siteName) keys = [...bySlug.values()].filter((c) => c.name === siteName).map((c) => c.key);
  if (keys.length === 0) note('note', 'no label names a site of .upptimerc.yml, so it affects no component');
  const { severity, status } = KINDS[kind];
  const updates: SourceUpdate[] = [{ key: 'the issue\'s first message', at: created, status: 'investigating', body: (issue.body ?? '').trim() }];
  const resolvedComment = closed === undefined ? undefined : comments.filter((c) => c.at <= closed + GRACE && isResolvedComment(c.body)).at(-1);
  const late: Comment[] = [];
  for (const c of comments) {
    if (closed !== undefined && c.at > closed + GRACE) {
      late.push(c);
      continue;
    }
    const resolves = c === resolvedComment;
    updates.push({ key: `comment ${c.id}`, at: c.at, status: resolves ? 'resolved' : isResolvedComment(c.body) ? 'monitoring' : (updates.at(-1)!.status as UpdateStatus), body: c.body.trim() });
  }
  if (closed !== undefined && !resolvedComment) updates.push({ key: 'the closing of the issue', at: Math.max(closed, updates.at(-1)!.at), status: 'resolved', body: '' });
  if (late.length > 0) {
    const last = updates.at(-1)!;
    last.body = [last.body, ...late.map((c) => c.body.trim())].filter(Boolean).join('\n\n');
    note('changed', `${late.length} comment${late.length === 1 ? '' : 's'} posted after the issue was closed ${late.length === 1 ? 'is' : 'are'} part of the resolution's message (Kabar has no updates after the resolution)`);
  }
  return {
    key: String(issue.number),
    label,
    type: 'incident',
    title: issue.title.replace(/^\s*(🛑|⚠️?)\s*/u, '').trim() || issue.title,
    severity,
    started: created,
    components: Object.fromEntries(keys.map((k) => [k, status])),
    updates,
  };
}

/** Comments a minute after closing still count as closing it: the monitor comments, then closes. */
const GRACE = 60_000;
const isResolvedComment = (body: string) => /^\s*\*\*Resolved:?\*\*/i.test(body);

/**
 * A site's slug as Upptime's monitor makes it, so its issues' labels find their component:
 * `slug`; else the name through the same slugify (`&` → `and`, transliterated, camelCase split:
 * "GitHub" → `git-hub`); else, for a name with nothing to transliterate ("鸭鸭梨"), the name with
 * path and control characters replaced; else the URL slugified.
 */
export function upptimeSlug(site: { name: string; slug?: unknown; url?: unknown }): string {
  if (typeof site.slug === 'string' && site.slug.trim()) return site.slug.trim();
  const ascii = upptimeSlugify(site.name);
  if (ascii) return ascii;
  const unicode = site.name
    .normalize('NFKC')
    .trim()
    .replace(/[\\/<>:"|?*#%]/g, '-')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[.-]+|[.-]+$/g, '');
  return unicode || (typeof site.url === 'string' && upptimeSlugify(site.url)) || 'site';
}

/** Sites of `.upptimerc.yml`, keyed by Upptime's slug (its labels use the same). */
function sites(config: Record<string, unknown> | undefined): SourceComponent[] {
  const out: SourceComponent[] = [];
  for (const site of Array.isArray(config?.sites) ? config.sites : []) {
    if (!site || typeof site !== 'object') continue;
    const { name, slug, url } = site as { name?: unknown; slug?: unknown; url?: unknown };
    if (typeof name !== 'string' || !name.trim()) continue;
    const key = upptimeSlug({ name, slug, url });
    if (!out.some((c) => c.key === key)) out.push({ key, name: name.trim() });
  }
  return out;
}
