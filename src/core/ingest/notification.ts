/**
 * One notification from a monitoring system, whatever sent it: the shape every source's
 * payload is mapped to (sources/*.ts) before Kabar drafts anything from it.
 */

export const ALERT_SOURCES = ['alertmanager', 'grafana', 'uptime-kuma', 'generic'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

export const SOURCE_NAMES: Readonly<Record<AlertSource, string>> = {
  alertmanager: 'Prometheus Alertmanager',
  grafana: 'Grafana',
  'uptime-kuma': 'Uptime Kuma',
  generic: 'Monitoring (generic format)',
};

export interface Alert {
  /** What the alert is called in the monitoring system (`alertname`, a monitor's name). */
  name: string;
  status: 'firing' | 'resolved';
  labels: Readonly<Record<string, string>>;
  /** A one-line summary from the alert's annotations, for reviewers (never published as is). */
  summary?: string;
  /** When it started firing (epoch ms). */
  startsAt?: number;
  /** A link back to the monitoring system. */
  url?: string;
}

export interface AlertNotification {
  source: AlertSource;
  /**
   * What stays the same each time this alert (or alert group) notifies: Alertmanager's and
   * Grafana's `groupKey`, an Uptime Kuma monitor's id, the generic format's `fingerprint`.
   * It decides which incident and pull request a notification belongs to.
   */
  group: string;
  /** `firing` while any alert of the group fires; `resolved` once all have. */
  status: 'firing' | 'resolved';
  alerts: Alert[];
  /**
   * When this firing episode began, if the source says: the same value in a repeated
   * notification tells "still the same problem" from "it broke again".
   */
  since?: number;
  /** The source says this notification only repeats an earlier one (Uptime Kuma's resends). */
  repeat?: boolean;
  /** Why nothing is drafted from it, when so: a test message from the monitoring system's settings, say. */
  ignore?: string;
}

/** A payload that does not have the source's shape: each line names the field and what was expected. */
export class PayloadError extends Error {
  readonly details: string[];
  constructor(message: string, details: string[] = []) {
    super(message);
    this.name = 'PayloadError';
    this.details = details;
  }
}
