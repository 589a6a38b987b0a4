import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import type { IncidentSource } from '../content/types.ts';
import { deriveIncident } from './derive-incident.ts';
import { derivePageStatus, worstStatus } from './status-rank.ts';
import type { ComponentState, Incident, StatusModel, StatusSegment } from './types.ts';
import { computeUptime, UPTIME_DAYS } from './uptime.ts';
import { startOfDate } from '../time.ts';

/**
 * The status model: everything the site, feeds, API and scripts show, derived
 * once per build from validated content, the site config and `now`. Linear in
 * the history: every incident is walked once and indexed by component.
 * `derived` holds incidents already derived from these very sources with this config and `now`
 * (the render child derives the cached history while the build still lists the files).
 */
export function buildStatusModel(sources: readonly IncidentSource[], config: SiteConfig, now: number, derived?: ReadonlyMap<IncidentSource, Incident>): StatusModel {
  const incidents = sources.map((s) => derived?.get(s) ?? deriveIncident(s, config, now)).sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id));
  const segmentsByComponent = new Map<string, StatusSegment[]>();
  const incidentsByComponent = new Map<string, string[]>();
  const current = new Map<string, ComponentStatus>();
  for (const incident of incidents) {
    for (const segment of incident.segments) listIn(segmentsByComponent, segment.component).push(segment);
    for (const id of incident.componentIds) listIn(incidentsByComponent, id).push(incident.id);
    for (const [id, status] of Object.entries(incident.currentComponents)) current.set(id, worstStatus(current.get(id) ?? 'operational', status));
  }
  const components: ComponentState[] = config.components.map((c) => ({
    config: c,
    status: current.get(c.id) ?? 'operational',
    uptime: computeUptime(segmentsByComponent.get(c.id) ?? [], now, config.timeZone, UPTIME_DAYS, c.since === undefined ? undefined : startOfDate(c.since, config.timeZone)),
    incidentIds: incidentsByComponent.get(c.id) ?? [],
  }));

  const activeIncidents = incidents.filter((i) => i.type === 'incident' && i.active);
  const activeMaintenance = incidents.filter((i) => i.type === 'maintenance' && i.active);
  const upcomingMaintenance = incidents.filter((i) => i.upcoming).sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  const page = derivePageStatus(
    components.map((c) => c.status),
    activeIncidents.map((i) => i.impact),
    activeMaintenance.length > 0,
  );
  // Loops, not flatMap and pairs: a history of 10 000 incidents has 60 000 updates.
  let lastUpdated: number | undefined;
  for (const incident of incidents) for (const { at } of incident.updates) if (at <= now && (lastUpdated === undefined || at > lastUpdated)) lastUpdated = at;
  const byId = new Map<string, Incident>();
  for (const incident of incidents) byId.set(incident.id, incident);
  return {
    now,
    config,
    incidents,
    byId,
    components,
    page,
    ...(lastUpdated !== undefined && { lastUpdated }),
    activeIncidents,
    activeMaintenance,
    upcomingMaintenance,
  };
}

function listIn<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}
