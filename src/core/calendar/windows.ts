import type { Incident, StatusModel } from '../model/types.ts';

/**
 * How far back a calendar reaches: windows that ended within the last 12 months, at most the 100
 * most recent of them, and every one in progress or to come. Calendar apps re-download the whole
 * file on every refresh, so it must grow neither with years of history nor with a busy schedule;
 * older maintenance stays on the site's maintenance pages.
 */
export const CALENDAR_PAST_MS = 365 * 24 * 3_600_000;
export const CALENDAR_PAST_MAX = 100;

export interface CalendarScope {
  /** Only maintenance that touches this component. */
  component?: string;
}

/** The maintenance a calendar holds, in its order: the clock decides which, and nothing else. */
export function calendarWindows(model: StatusModel, scope: CalendarScope = {}): Incident[] {
  const inReach = scope.component ? windowsInReach(model).filter((m) => m.componentIds.includes(scope.component!)) : windowsInReach(model);
  const past = inReach.filter((m) => m.scheduledUntil! < model.now);
  return [...past.slice(-CALENDAR_PAST_MAX), ...inReach.filter((m) => m.scheduledUntil! >= model.now)];
}

/** Per model: the site's calendar and each component's (a build makes them all) look through the history once. */
const inReachByModel = new WeakMap<StatusModel, readonly Incident[]>();

/** Every maintenance window that ended within reach, or has not ended, in calendar order. */
function windowsInReach(model: StatusModel): readonly Incident[] {
  let found = inReachByModel.get(model);
  if (!found) {
    const since = model.now - CALENDAR_PAST_MS;
    found = model.incidents
      .filter((m) => m.type === 'maintenance' && m.scheduledFor !== undefined && m.scheduledUntil !== undefined && m.scheduledUntil >= since)
      .sort((a, b) => a.scheduledFor! - b.scheduledFor! || (a.id < b.id ? -1 : 1));
    inReachByModel.set(model, found);
  }
  return found;
}
