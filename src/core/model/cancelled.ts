import type { Incident } from './types.ts';

/**
 * A maintenance completed before (or as) its window opened was cancelled: it never touched a
 * component. Pages, feeds, the calendar and notifications all say "Cancelled" for it.
 */
export function isCancelled(m: Pick<Incident, 'type' | 'status' | 'resolvedAt' | 'scheduledFor'>): boolean {
  return m.type === 'maintenance' && m.status === 'completed' && m.resolvedAt !== undefined && m.scheduledFor !== undefined && m.resolvedAt <= m.scheduledFor;
}
