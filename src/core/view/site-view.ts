import type { Incident, StatusModel } from '../model/types.ts';
import { dayKey, monthKeys, startOfDay } from '../time.ts';

/** Incidents per history page: enough to scan a busy month, small enough for a phone on a bad network. */
export const HISTORY_PAGE_SIZE = 25;
export const RECENT_DAYS = 14;
/**
 * Incidents listed per day in the home page's "past 14 days": a busy day links to
 * the rest in the history, so the home page stays within its 14 KB budget however
 * dense the history is (ten incidents a day would otherwise list 140).
 */
export const RECENT_PER_DAY = 3;

export interface MonthGroup {
  /** `YYYY-MM` in the site's time zone. */
  month: string;
  incidents: Incident[];
}

export interface HistoryPage {
  /** 1-based. */
  page: number;
  months: MonthGroup[];
}

export interface RecentDay {
  /** `YYYY-MM-DD` in the site's time zone, newest first. */
  day: string;
  /** Everything that started that day, newest first. */
  incidents: Incident[];
  /** The first RECENT_PER_DAY of them, for the home page. */
  shown: Incident[];
  /** How many more started that day, and the history page the first of them is on. */
  more: number;
  morePage: number;
}

/** Indexes the pages need, derived once per model. */
export interface SiteView {
  /** Everything that has started (no upcoming maintenance), newest first, paginated by month. */
  history: HistoryPage[];
  /** The last RECENT_DAYS days, today first, each with what started that day. */
  recent: RecentDay[];
  /** Component id → the incidents and maintenance that affected it, newest first, paginated like history (at least one page). */
  byComponent: ReadonlyMap<string, Incident[][]>;
  /** Maintenance that is over, newest first, paginated like history (always at least one page, maybe empty). */
  pastMaintenance: Incident[][];
}

const views = new WeakMap<StatusModel, SiteView>();

/** The page indexes of a model, computed once (linear in the number of incidents). */
export function getSiteView(model: StatusModel): SiteView {
  let view = views.get(model);
  if (!view) {
    view = buildSiteView(model);
    views.set(model, view);
  }
  return view;
}

export function buildSiteView(model: StatusModel, pageSize = HISTORY_PAGE_SIZE): SiteView {
  const zone = model.config.timeZone;
  const started = model.incidents.filter((i) => !i.upcoming);

  const history: HistoryPage[] = [];
  const pageOf = new Map<string, number>();
  const monthOf = monthKeys(zone);
  for (let start = 0; start < started.length; start += pageSize) {
    const months: MonthGroup[] = [];
    for (const incident of started.slice(start, start + pageSize)) {
      pageOf.set(incident.id, history.length + 1);
      const month = monthOf(incident.startedAt);
      const last = months.at(-1);
      if (last?.month === month) last.incidents.push(incident);
      else months.push({ month, incidents: [incident] });
    }
    history.push({ page: history.length + 1, months });
  }
  if (history.length === 0) history.push({ page: 1, months: [] });

  const today = startOfDay(model.now, zone);
  const recent: RecentDay[] = [];
  const byDay = new Map<string, RecentDay>();
  // Step back by 12 h past each midnight so DST days of 23 or 25 hours land on the previous day.
  let oldest = today;
  for (let day = today, n = 0; n < RECENT_DAYS; n++, day = startOfDay(day - 12 * 3_600_000, zone)) {
    oldest = day;
    const entry: RecentDay = { day: dayKey(day, zone), incidents: [], shown: [], more: 0, morePage: 1 };
    recent.push(entry);
    byDay.set(entry.day, entry);
  }
  // Only incidents from the recent days' reach can land on one (two days spare: more than any offset change).
  const reach = oldest - 2 * 86_400_000;
  for (const incident of started) if (incident.startedAt >= reach) byDay.get(dayKey(incident.startedAt, zone))?.incidents.push(incident);
  for (const entry of recent) {
    entry.shown = entry.incidents.slice(0, RECENT_PER_DAY);
    entry.more = entry.incidents.length - entry.shown.length;
    const firstHidden = entry.incidents[RECENT_PER_DAY];
    if (firstHidden) entry.morePage = pageOf.get(firstHidden.id) ?? 1;
  }

  const byComponent = new Map<string, Incident[]>(model.config.components.map((c) => [c.id, []]));
  for (const incident of model.incidents) {
    for (const id of incident.componentIds) byComponent.get(id)?.push(incident);
  }

  const pastMaintenance = paginate(
    model.incidents.filter((i) => i.type === 'maintenance' && !i.upcoming && !i.active),
    pageSize,
  );
  return { history, recent, byComponent: new Map([...byComponent].map(([id, list]) => [id, paginate(list, pageSize)])), pastMaintenance };
}

/** `items` in pages of `size`: a list that grows with history never makes one page grow with it. Always one page at least. */
export function paginate<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages.length > 0 ? pages : [[]];
}
