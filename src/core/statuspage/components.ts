import type { ComponentStatus } from '../content/schema.ts';
import { worstStatus } from '../model/status-rank.ts';
import type { ComponentState, StatusModel } from '../model/types.ts';
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
  const { epoch, updated } = componentTimes(model);
  const rows: SpComponent[] = [];
  const seenGroups = new Set<string>();
  const updatedOf = (members: readonly ComponentState[]) => Math.max(epoch, ...members.map((m) => updated.get(m.config.id)!));
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
        updated_at: toIso(updatedOf(members)),
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
      updated_at: toIso(updatedOf([state])),
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

const times = new WeakMap<StatusModel, { epoch: number; updated: Map<string, number> }>();

/** The page's first known time, and each component's newest update: once per model, not once per file and locale. */
function componentTimes(model: StatusModel): { epoch: number; updated: Map<string, number> } {
  let found = times.get(model);
  if (!found) {
    let epoch = model.lastUpdated ?? model.now;
    for (const i of model.incidents) epoch = Math.min(epoch, i.startedAt);
    // A component's incidents are those that name it (ComponentState.incidentIds).
    const updated = new Map<string, number>(model.components.map((c) => [c.config.id, epoch]));
    for (const i of model.incidents) {
      for (const id of i.componentIds) if (updated.has(id)) updated.set(id, Math.max(updated.get(id)!, i.updatedAt));
    }
    found = { epoch, updated };
    times.set(model, found);
  }
  return found;
}
