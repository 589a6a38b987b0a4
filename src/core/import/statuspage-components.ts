import type { SourceComponent, SourceGroup } from './model.ts';
import type { StatuspagePayload } from './statuspage-payload.ts';

/**
 * Statuspage's components and groups, in the page's order (`position`). Groups come
 * from the management API's component groups or, in the public API, from component
 * rows with `group: true` listing their members; a component's group is its
 * `group_id`, else the group that lists it.
 */
export function statuspageComponents(payload: StatuspagePayload): { groups: SourceGroup[]; components: SourceComponent[] } {
  const byPosition = <T extends { position?: number | null | undefined }>(list: T[]) => [...list].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const groupRows = [...payload.groups, ...payload.components.filter((c) => c.group === true)];
  const groups = new Map<string, SourceGroup>();
  const memberOf = new Map<string, string>();
  for (const g of byPosition(groupRows)) {
    if (!groups.has(g.id)) groups.set(g.id, { key: g.id, name: g.name.trim() || g.id });
    for (const member of g.components ?? []) memberOf.set(member, g.id);
  }
  const components: SourceComponent[] = [];
  for (const c of byPosition(payload.components.filter((c) => c.group !== true))) {
    if (components.some((x) => x.key === c.id)) continue;
    const groupKey = c.group_id ?? memberOf.get(c.id);
    components.push({
      key: c.id,
      name: c.name.trim() || c.id,
      ...(c.description?.trim() && { description: c.description.trim() }),
      ...(groupKey && groups.has(groupKey) && { groupKey }),
    });
  }
  return { groups: [...groups.values()], components };
}
