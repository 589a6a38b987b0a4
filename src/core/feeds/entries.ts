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
  const candidates: FeedEntry[] = [];
  for (const incident of model.incidents) {
    if (scope.component && !incident.componentIds.includes(scope.component)) continue;
    const tag = tagPrefix(authority, incident);
    if (incident.type === 'maintenance' && incident.updates[0]?.status !== 'scheduled') {
      candidates.push({ incident, tag, kind: 'announced', id: `${tag}announced`, date: announcedDate(incident) });
    }
    incident.updates.forEach((update, index) => candidates.push({ incident, tag, kind: 'update', index, id: `${tag}${encodeURIComponent(update.id)}`, date: update.at }));
    if (incident.postmortem) candidates.push({ incident, tag, kind: 'postmortem', id: `${tag}postmortem`, date: postmortemDate(model, incident) });
  }
  candidates.sort((a, b) => b.date - a.date || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return candidates.slice(0, scope.limit ?? FEED_LIMIT);
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
 * `tag:<domain>,<year>:<incident-id>/` (RFC 4151). The year comes from the
 * incident id's date prefix when it has one, so neither a later edit of the
 * start time nor a rebuild can change an id readers have already seen.
 */
function tagPrefix(authority: string, incident: Incident): string {
  const year = /^(\d{4})-/.exec(incident.id)?.[1] ?? String(new Date(incident.updates[0]?.at ?? incident.startedAt).getUTCFullYear());
  return `tag:${authority},${year}:${encodeURIComponent(incident.id)}/`;
}

/** Without a dated update, the announcement's only known time is the window itself. */
export const announcedDate = (incident: Incident): number => incident.updates[0]?.at ?? incident.scheduledFor ?? incident.startedAt;

export function postmortemDate(model: StatusModel, incident: Incident): number {
  const published = incident.postmortem!.published;
  const parsed = parseTimestamp(published);
  return parsed.ok ? parsed.ms : DateTime.fromISO(published.slice(0, 10), { zone: model.config.timeZone }).toMillis();
}

