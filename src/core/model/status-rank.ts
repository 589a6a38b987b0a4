import type { ComponentStatus, Severity } from '../content/schema.ts';
import type { Impact, PageStatus } from './types.ts';

/**
 * Worst-first ranking for combining incidents. An outage outranks planned
 * maintenance: if something breaks during maintenance, customers must see it.
 */
const RANK: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

export function worstStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * Severity (Uptime Institute scale) → Statuspage `impact`. Negligible has no
 * customer impact; minimal and significant are partial service problems;
 * serious is a major outage; severe a critical one.
 */
export const SEVERITY_IMPACT: Record<Severity, Exclude<Impact, 'maintenance'>> = {
  negligible: 'none',
  minimal: 'minor',
  significant: 'minor',
  serious: 'major',
  severe: 'critical',
};

/** How bad each impact is, for the roll-up and for putting the worst of several active incidents first. */
export const IMPACT_RANK: Readonly<Record<Impact, number>> = { none: 0, maintenance: 0.5, minor: 1, major: 2, critical: 3 };

/** Worst impact first; among equals the given order (newest first) stays, since sort is stable. */
export const worstImpactFirst = <T extends { impact: Impact }>(items: readonly T[]): T[] => [...items].sort((a, b) => IMPACT_RANK[b.impact] - IMPACT_RANK[a.impact]);

/** Component status → the page indicator it implies, as Statuspage rolls components up. */
const COMPONENT_IMPACT: Record<ComponentStatus, Impact> = {
  operational: 'none',
  under_maintenance: 'maintenance',
  degraded_performance: 'minor',
  partial_outage: 'major',
  major_outage: 'critical',
};

/** Statuspage's English description of each page status, which tools match on (and the embed widget translates). */
export const PAGE_DESCRIPTIONS: Readonly<Record<PageStatus['key'], string>> = {
  operational: 'All Systems Operational',
  degraded: 'Partially Degraded Service',
  minor: 'Minor Service Outage',
  partial: 'Partial System Outage',
  major: 'Major System Outage',
  maintenance: 'Service Under Maintenance',
};

const page = (indicator: Impact, key: PageStatus['key']): PageStatus => ({ indicator, key, description: PAGE_DESCRIPTIONS[key] });

/**
 * The page's roll-up indicator: the worst of the components' statuses and the
 * active incidents' impact; `maintenance` only when nothing is broken.
 */
export function derivePageStatus(componentStatuses: readonly ComponentStatus[], activeIncidentImpacts: readonly Impact[], maintenanceActive: boolean): PageStatus {
  let indicator: Impact = maintenanceActive ? 'maintenance' : 'none';
  for (const impact of [...componentStatuses.map((s) => COMPONENT_IMPACT[s]), ...activeIncidentImpacts]) {
    if (IMPACT_RANK[impact] > IMPACT_RANK[indicator]) indicator = impact;
  }
  switch (indicator) {
    case 'critical':
      return page(indicator, 'major');
    case 'major':
      return page(indicator, 'partial');
    case 'minor': {
      const onlyDegraded = componentStatuses.some((s) => s === 'degraded_performance') && !activeIncidentImpacts.some((i) => i === 'minor');
      return page(indicator, onlyDegraded ? 'degraded' : 'minor');
    }
    case 'maintenance':
      return page(indicator, 'maintenance');
    default:
      return page('none', 'operational');
  }
}
