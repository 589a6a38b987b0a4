import { DateTime } from 'luxon';
import type { Incident, StatusModel } from '../model/types.ts';
import { parseTimestamp } from '../time.ts';

/** Subscribers get the newest entries only, so a feed's size does not grow with the history. */
export const FEED_LIMIT = 50;

export type FeedItemKind = 'update' | 'announced' | 'postmortem';

export interface FeedScope {
  /** Only incidents and maintenance that touch this component. */
  component?: string;
  limit?: number;
}

/**
 * The entries a feed shows, newest first, before they are rendered. Entries are chosen by date
 * and id first and rendered after: a feed shows 50, and rendering every update of years of
 * history for each of a site's feeds cost more than the rest of its build. The order does not
 * depend on `authority`, which starts every id alike (so a rebuild can tell a feed's entries
 * without knowing its domain: core/build/page-keys.ts).
 */
export function chooseFeedEntries(model: StatusModel, authority: string, scope: FeedScope = {}): FeedEntry[] {
  const limit = scope.limit ?? FEED_LIMIT;
  const chosen: FeedEntry[] = [];
  const candidates = candidatesOf(model);
  for (let i = 0; chosen.length < limit && (i < candidates.list.length || candidates.more()); i++) {
    const c = candidates.list[i]!;
    if (scope.component && !c.incident.componentIds.includes(scope.component)) continue;
    const tag = `tag:${authority},${c.tagRest}`;
    chosen.push({ incident: c.incident, tag, kind: c.kind, ...(c.index !== undefined && { index: c.index }), id: `${tag}${c.suffix}`, date: c.date });
  }
  return chosen;
}

/** A possible entry, without the authority its id starts with (every id starts alike, so it does not decide the order). */
interface Candidate {
  incident: Incident;
  kind: FeedItemKind;
  index?: number;
  /** The tag after `tag:<authority>,`. */
  tagRest: string;
  /** The id after the tag. */
  suffix: string;
  date: number;
}

/** A model's possible entries, newest first (then by id), listed as far as asked: `more()` lists more, false once all are. */
interface Candidates {
  list: Candidate[];
  more(): boolean;
}

/**
 * Every possible entry of a model, newest first (then by id), shared by the site's feed and each
 * component's, which take their first entries from it. Listed lazily, incident by incident in
 * the order of their newest entry: an entry is placed once no incident left can have a newer
 * one. Feeds take the first 50 of what years of history hold: 60 000 entries for 10 000
 * incidents, which took as long to list and sort as the rest of planning a rebuild.
 */
const candidatesByModel = new WeakMap<StatusModel, Candidates>();

function candidatesOf(model: StatusModel): Candidates {
  let found = candidatesByModel.get(model);
  if (found) return found;
  const newest = new Map(model.incidents.map((incident) => [incident, newestEntryDate(model, incident)]));
  const incidents = [...model.incidents].sort((a, b) => newest.get(b)! - newest.get(a)!);
  const keyOf = (c: Candidate) => `${c.tagRest}${c.suffix}`;
  const order = (a: Candidate, b: Candidate) => {
    if (a.date !== b.date) return b.date - a.date;
    const [x, y] = [keyOf(a), keyOf(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const list: Candidate[] = [];
  let pending: Candidate[] = [];
  let next = 0;
  const more = (): boolean => {
    const before = list.length;
    while (list.length === before && (next < incidents.length || pending.length > 0)) {
      if (next < incidents.length) pending.push(...entriesOf(model, incidents[next++]!));
      // No incident left has an entry newer than its own newest: what is newer than that is in place.
      const bound = next < incidents.length ? newest.get(incidents[next]!)! : undefined;
      pending.sort(order);
      let placed = 0;
      while (placed < pending.length && (bound === undefined || pending[placed]!.date > bound)) list.push(pending[placed++]!);
      pending = pending.slice(placed);
    }
    return list.length > before;
  };
  found = { list, more };
  candidatesByModel.set(model, found);
  return found;
}

/** The date of an incident's newest possible entry (entriesOf), -Infinity without one. */
function newestEntryDate(model: StatusModel, incident: Incident): number {
  let date = hasAnnouncement(incident) ? announcedDate(incident) : -Infinity;
  for (const update of incident.updates) date = Math.max(date, update.at);
  return incident.postmortem ? Math.max(date, postmortemDate(model, incident)) : date;
}

/** Maintenance whose first update is not `scheduled` gets an entry of its own for being announced. */
const hasAnnouncement = (incident: Incident): boolean => incident.type === 'maintenance' && incident.updates[0]?.status !== 'scheduled';

/** An incident's possible entries. */
function entriesOf(model: StatusModel, incident: Incident): Candidate[] {
  const tagRest = tagAfterAuthority(incident);
  const entries: Candidate[] = [];
  if (hasAnnouncement(incident)) {
    entries.push({ incident, kind: 'announced', tagRest, suffix: 'announced', date: announcedDate(incident) });
  }
  incident.updates.forEach((update, index) => entries.push({ incident, kind: 'update', index, tagRest, suffix: encodeURIComponent(update.id), date: update.at }));
  if (incident.postmortem) entries.push({ incident, kind: 'postmortem', tagRest, suffix: 'postmortem', date: postmortemDate(model, incident) });
  return entries;
}

/** The time a feed gives as its last update: its newest entry's, not the build clock's, so rebuilds are byte-identical. */
export const feedUpdated = (model: StatusModel, entries: readonly { date: number }[]): number => entries[0]?.date ?? model.lastUpdated ?? model.now;

/** An entry before it is rendered: enough to choose the newest. */
export interface FeedEntry {
  incident: Incident;
  tag: string;
  kind: FeedItemKind;
  /** The update's index, for `update` entries. */
  index?: number;
  id: string;
  date: number;
}

/**
 * `<year>:<incident-id>/`, the tag after `tag:<domain>,` (RFC 4151). The year comes from the
 * incident id's date prefix when it has one, so neither a later edit of the
 * start time nor a rebuild can change an id readers have already seen.
 */
function tagAfterAuthority(incident: Incident): string {
  const year = /^(\d{4})-/.exec(incident.id)?.[1] ?? String(new Date(incident.updates[0]?.at ?? incident.startedAt).getUTCFullYear());
  return `${year}:${encodeURIComponent(incident.id)}/`;
}

/** Without a dated update, the announcement's only known time is the window itself. */
export const announcedDate = (incident: Incident): number => incident.updates[0]?.at ?? incident.scheduledFor ?? incident.startedAt;

export function postmortemDate(model: StatusModel, incident: Incident): number {
  const published = incident.postmortem!.published;
  const parsed = parseTimestamp(published);
  return parsed.ok ? parsed.ms : DateTime.fromISO(published.slice(0, 10), { zone: model.config.timeZone }).toMillis();
}

