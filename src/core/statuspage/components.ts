import type { ComponentStatus } from '../content/schema.ts';
import { worstStatus } from '../model/status-rank.ts';
import type { StatusModel } from '../model/types.ts';
import { toIso } from '../time.ts';
import { pageId } from './page.ts';
import type { SpComponent } from './types.ts';

/**
 * Components the way Statuspage lists them: in display order, each group as a
 * row of its own (`group: true`, its members' ids in `components`, the worst
 * member status) placed before its first member, members pointing back with
 * `group_id`. Ids are our config ids, unchanged.
 *
 * The content has no creation dates, so `created_at` is the page's first
 * known time (the oldest incident start) and `updated_at` the newest update of
 * anything that touched the component: both stable across rebuilds.
 */
export function buildComponents(model: StatusModel, locale: string): SpComponent[] {
  const page_id = pageId(model.config.name);
  const fallback = model.lastUpdated ?? model.now;
  const epoch = Math.min(fallback, ...model.incidents.map((i) => i.startedAt));
  const rows: SpComponent[] = [];
  const seenGroups = new Set<string>();
  const updatedOf = (incidentIds: readonly string[]) => Math.max(epoch, ...incidentIds.map((id) => model.byId.get(id)?.updatedAt ?? epoch));
  const common = { showcase: true, page_id, only_show_if_degraded: false, created_at: toIso(epoch) };

  for (const state of model.components) {
    const { config } = state;
    const group = config.group ? model.config.groups.find((g) => g.id === config.group) : undefined;
    if (group && !seenGroups.has(group.id)) {
      seenGroups.add(group.id);
      const members = model.components.filter((c) => c.config.group === group.id);
      rows.push({
        id: group.id,
        name: group.name[locale] ?? group.id,
        status: members.reduce<ComponentStatus>((worst, m) => worstStatus(worst, m.status), 'operational'),
        updated_at: toIso(updatedOf(members.flatMap((m) => m.incidentIds))),
        position: rows.length + 1,
        description: null,
        group_id: null,
        group: true,
        start_date: null,
        ...common,
        components: members.map((m) => m.config.id),
      });
    }
    rows.push({
      id: config.id,
      name: config.name[locale] ?? config.id,
      status: state.status,
      updated_at: toIso(updatedOf(state.incidentIds)),
      position: rows.length + 1,
      description: config.description?.[locale] ?? null,
      group_id: group?.id ?? null,
      group: false,
      // Statuspage's "start date": when the component's uptime starts counting.
      start_date: config.since ?? null,
      ...common,
    });
  }
  return rows;
}
