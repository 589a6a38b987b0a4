import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import { markdownToPlainText } from '../markdown.ts';
import type { Incident, StatusModel } from '../model/types.ts';
import { formatSiteTime } from '../time.ts';

const STATUS_WORDS: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

const COMPONENT_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded_performance: 'Degraded performance',
  partial_outage: 'Partial outage',
  major_outage: 'Major outage',
  under_maintenance: 'Under maintenance',
};

/** Markdown as one line of plain text; tag boundaries can leave a space before punctuation, which is removed. */
export const plainText = (markdown: string): string => markdownToPlainText(markdown).replace(/\s+([.,;:!?)])/g, '$1');

export const statusWord = (status: string): string => STATUS_WORDS[status] ?? status;
export const componentStatusWord = (status: ComponentStatus): string => COMPONENT_WORDS[status];

export function componentName(config: SiteConfig, id: string, locale = config.defaultLocale): string {
  return config.components.find((c) => c.id === id)?.name[locale] ?? id;
}

export function regionName(config: SiteConfig, id: string, locale = config.defaultLocale): string {
  return config.regions.find((r) => r.id === id)?.name[locale] ?? id;
}

/** A time as customers read it on the page: in the site's time zone, to the minute, with the zone named. */
export const formatForReaders = (ms: number, timeZone: string): string => formatSiteTime(ms, timeZone);

/**
 * Plain-text preview of what customers see for one incident in the default
 * locale: the heading, affected components and regions, the impact and
 * workaround, and the newest message with the promised next update.
 */
export function previewIncident(incident: Incident, model: StatusModel, locale = model.config.defaultLocale): string {
  const { config } = model;
  const tz = config.timeZone;
  const lines: string[] = [];
  const kind = incident.type === 'maintenance' ? 'Maintenance' : 'Incident';
  lines.push(`${kind}: ${incident.title[locale]?.text ?? incident.id}`);
  lines.push(`Status: ${statusWord(incident.status)}${incident.severity ? ` (severity: ${incident.severity})` : ''}`);
  if (incident.scheduledFor !== undefined && incident.scheduledUntil !== undefined) {
    lines.push(`Window: ${formatForReaders(incident.scheduledFor, tz)} – ${formatForReaders(incident.scheduledUntil, tz)}`);
  }
  const current = Object.entries(incident.currentComponents);
  const planned = Object.entries(incident.plannedComponents ?? {});
  if (incident.upcoming && planned.length > 0) {
    lines.push('Planned, from the window\'s start (nothing changes before it):');
    for (const [id, status] of planned) lines.push(`  - ${componentName(config, id, locale)}: ${componentStatusWord(status)}`);
  } else if (current.length > 0) {
    lines.push('Components:');
    for (const [id, status] of current) lines.push(`  - ${componentName(config, id, locale)}: ${componentStatusWord(status)}`);
  } else if (incident.componentIds.length > 0) {
    lines.push(`Components: ${incident.componentIds.map((id) => componentName(config, id, locale)).join(', ')} (all operational)`);
  }
  lines.push(`Regions: ${incident.regions?.length ? incident.regions.map((r) => regionName(config, r, locale)).join(', ') : 'everyone'}`);
  if (incident.impactStatement) lines.push(`Impact: ${plainText(incident.impactStatement[locale]!.text)}`);
  if (incident.workaround) lines.push(`Workaround: ${plainText(incident.workaround[locale]!.text)}`);
  const last = incident.updates.at(-1);
  if (last) {
    lines.push('');
    lines.push(`${statusWord(last.status)} — ${formatForReaders(last.at, tz)}`);
    lines.push(`  ${plainText(last.message[locale]!.text)}`);
    for (const t of last.transitions) lines.push(`  ${componentName(config, t.component, locale)}: ${componentStatusWord(t.from)} → ${componentStatusWord(t.to)}`);
    if (last.nextUpdate !== undefined && incident.active) lines.push(`  Next update by ${formatForReaders(last.nextUpdate, tz)}`);
  }
  lines.push('');
  lines.push(`Page status: ${model.page.description}`);
  return lines.join('\n');
}
