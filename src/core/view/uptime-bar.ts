import type { ComponentStatus } from '../content/schema.ts';
import type { UptimeDay } from '../model/types.ts';

/**
 * The 90-day uptime bar as a few SVG paths, one per status colour, instead of an
 * element per day: a dense history colours most days, and ninety `<rect>`s with a
 * tooltip per component outgrew the home page's 14 KB budget. Each day is a unit
 * of the viewBox; a bar is a vertical stroke `BAR` wide at the day's centre, and
 * operational days are one dashed line under them all (see site.css `.bar`).
 * The per-day figures live in the component page's list, which touch screens,
 * keyboards and screen readers reach; the bar itself is a picture.
 */

export const BAR = 0.75;
export const BAR_HEIGHT = 10;

export type DayClass = 'd' | 'p' | 'm' | 'u' | 'n';

const CLASS_OF: Record<ComponentStatus, DayClass | undefined> = {
  operational: undefined,
  degraded_performance: 'd',
  partial_outage: 'p',
  major_outage: 'm',
  under_maintenance: 'u',
};

export interface UptimeBarPath {
  /** CSS class: d (degraded), p (partial), m (major), u (maintenance), n (no data). */
  cls: DayClass;
  d: string;
}

export interface UptimeBarDrawing {
  /** Days drawn: the viewBox is `0 0 <days> BAR_HEIGHT`. */
  days: number;
  paths: UptimeBarPath[];
}

/** The colour class of one day: by the worst status seen that day, grey when nothing was measured. */
export function dayClass(day: UptimeDay): DayClass | undefined {
  return day.uptime === null ? 'n' : CLASS_OF[day.worst];
}

/** One path per colour, in a fixed order, each a run of relative moves so it compresses well. */
export function drawUptimeBar(days: readonly UptimeDay[]): UptimeBarDrawing {
  const xs = new Map<DayClass, number[]>();
  days.forEach((day, i) => {
    const cls = dayClass(day);
    if (cls) xs.set(cls, [...(xs.get(cls) ?? []), i]);
  });
  const order: DayClass[] = ['n', 'u', 'd', 'p', 'm'];
  const paths = order.flatMap((cls) => {
    const at = xs.get(cls);
    if (!at) return [];
    const d = at.map((x, k) => (k === 0 ? `M${x + BAR / 2} 0v${BAR_HEIGHT}` : `m${x - at[k - 1]!}-${BAR_HEIGHT}v${BAR_HEIGHT}`)).join('');
    return [{ cls, d }];
  });
  return { days: days.length, paths };
}

/** Uptime over the last `count` days (0..1), weighted by their length, as the 90-day ratio is. */
export function uptimeOfLastDays(days: readonly UptimeDay[], count: number): number {
  const recent = days.slice(-count);
  const length = recent.reduce((sum, d) => sum + d.lengthMs, 0);
  const down = recent.reduce((sum, d) => sum + d.downtimeMs, 0);
  return length > 0 ? 1 - down / length : 1;
}

/** Days worth listing on a component page: any downtime or any incident, newest first. */
export function notableDays(days: readonly UptimeDay[]): UptimeDay[] {
  return days.filter((d) => d.incidentIds.length > 0 || d.downtimeMs > 0).reverse();
}
