import type { AlertsConfig } from '../config/alerts-schema.ts';
import { ownValue } from '../own.ts';
import type { SiteConfig } from '../config/normalize.ts';
import { SEVERITIES, type Severity } from '../content/schema.ts';
import type { ImpactStatus } from '../content/types.ts';
import { worstStatus } from '../model/status-rank.ts';
import type { Alert, AlertNotification } from './notification.ts';
import { draftStrings, type DraftText } from './strings.ts';

/** What a notification says about customers' view of things, through the config's `alerts` rules. */
export interface AlertImpact {
  /** Components the alerts map to, with the status they imply. */
  components: Record<string, ImpactStatus>;
  severity: Severity;
  /** Where the severity came from, for reviewers: `severity=critical`, or the default. */
  severityFrom: string;
}

/** Severity → the status of the components an alert affects, when its rule names none. */
const STATUS_BY_SEVERITY: Readonly<Record<Severity, ImpactStatus>> = {
  negligible: 'degraded_performance',
  minimal: 'degraded_performance',
  significant: 'partial_outage',
  serious: 'major_outage',
  severe: 'major_outage',
};

/** Labels and their values come from the alert: looked up as own properties only. */
const label = (alert: Alert, name: string): string | undefined => ownValue(alert.labels, name);

const matches = (alert: Alert, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(labels).every(([name, value]) => label(alert, name) !== undefined && (value === '*' || label(alert, name) === value));

/** Severity and components of the alerts that fire (all of them, once resolved: what they were about). */
export function alertImpact(notification: AlertNotification, config: SiteConfig, alerts: AlertsConfig): AlertImpact {
  const firing = notification.alerts.filter((a) => a.status === 'firing');
  const relevant = firing.length > 0 ? firing : notification.alerts;
  let severity: Severity | undefined;
  let severityFrom = `the default (alerts.defaultSeverity)`;
  for (const alert of relevant) {
    const value = label(alert, alerts.severityLabel);
    const mapped = value === undefined ? undefined : ownValue(alerts.severities, value);
    if (mapped && (!severity || SEVERITIES.indexOf(mapped) > SEVERITIES.indexOf(severity))) {
      severity = mapped;
      severityFrom = `${alerts.severityLabel}=${value}`;
    }
  }
  const chosen = severity ?? alerts.defaultSeverity;
  const known = new Set(config.components.map((c) => c.id));
  const components: Record<string, ImpactStatus> = {};
  const add = (id: string, status: ImpactStatus) => {
    if (known.has(id)) components[id] = components[id] ? (worstStatus(components[id], status) as ImpactStatus) : status;
  };
  for (const alert of relevant) {
    const named = label(alert, alerts.componentLabel);
    if (named !== undefined) add(named, STATUS_BY_SEVERITY[chosen]);
    for (const rule of alerts.components) if (matches(alert, rule.labels)) for (const id of rule.components) add(id, rule.status ?? STATUS_BY_SEVERITY[chosen]);
  }
  // Config order, as the page lists them.
  const ordered = Object.fromEntries(config.components.filter((c) => components[c.id]).map((c) => [c.id, components[c.id]!]));
  return { components: ordered, severity: chosen, severityFrom };
}

/** A draft's text (title or message) in the default locale, with the components' names. */
export function draftText(kind: DraftText, componentIds: readonly string[], config: SiteConfig, alerts: AlertsConfig): string {
  const locale = config.defaultLocale;
  const words = draftStrings(locale, config.ui[locale]);
  const names = componentIds.map((id) => config.components.find((c) => c.id === id)?.name[locale] ?? id);
  const list = names.length > 0 ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(names) : words('ourService');
  const template = (kind !== 'ourService' && alerts.messages[kind]) || words(kind);
  return template.replaceAll('{components}', list);
}
