import type { Incident, Update } from '../model/types.ts';

/**
 * The colour and icon an incident is shown with (a CSS class `s-<tone>`). A
 * resolved incident reads as resolved at a glance, whatever it did while it
 * lasted: its severity stays on the page in words. Maintenance is blue while
 * planned or under way; an active incident takes its Statuspage impact, and one
 * of negligible impact still reads as a (minor) problem, never as all clear.
 */
export type Tone = 'resolved' | 'maintenance' | 'minor' | 'major' | 'critical';

export function incidentTone(incident: Incident): Tone {
  if (incident.type === 'maintenance') return incident.active || incident.upcoming ? 'maintenance' : 'resolved';
  if (!incident.active) return 'resolved';
  return incident.impact === 'none' || incident.impact === 'maintenance' ? 'minor' : incident.impact;
}

/** An update in the timeline: the one that ended it reads as resolved; the others as the incident does while active. */
export function updateTone(incident: Incident, update: Pick<Update, 'status'>): Tone | undefined {
  if (update.status === 'resolved' || update.status === 'completed') return 'resolved';
  return incident.active || incident.upcoming ? incidentTone(incident) : undefined;
}
