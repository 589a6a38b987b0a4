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
  for (const c of candidatesOf(model)) {
    if (chosen.length >= limit) break;
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

/**
 * Every possible entry of a model, newest first (then by id): sorted once, and shared by the
 * site's feed and each component's, which take their first entries from it.
 */
const candidatesByModel = new WeakMap<StatusModel, Candidate[]>();

function candidatesOf(model: StatusModel): Candidate[] {
  let candidates = candidatesByModel.get(model);
  if (candidates) return candidates;
  candidates = [];
  for (const incident of model.incidents) {
    const tagRest = tagAfterAuthority(incident);
    if (incident.type === 'maintenance' && incident.updates[0]?.status !== 'scheduled') {
      candidates.push({ incident, kind: 'announced', tagRest, suffix: 'announced', date: announcedDate(incident) });
    }
    incident.updates.forEach((update, index) => candidates!.push({ incident, kind: 'update', index, tagRest, suffix: encodeURIComponent(update.id), date: update.at }));
    if (incident.postmortem) candidates.push({ incident, kind: 'postmortem', tagRest, suffix: 'postmortem', date: postmortemDate(model, incident) });
  }
  const keyOf = (c: Candidate) => `${c.tagRest}${c.suffix}`;
  candidates.sort((a, b) => {
    if (a.date !== b.date) return b.date - a.date;
    const [x, y] = [keyOf(a), keyOf(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  candidatesByModel.set(model, candidates);
  return candidates;
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

