import type { AlertsConfig } from '../config/alerts-schema.ts';
import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import type { ContentFile, IncidentSource } from '../content/types.ts';
import { INCIDENTS_DIR } from '../content/validate-repo.ts';
import { componentsToRestore, latestComponentStatuses, scaffoldNewIncident, scaffoldUpdate, type Scaffold } from '../scaffold/content.ts';
import { hasContentMarker, markIndex } from './key.ts';
import { alertImpact, draftText, type AlertImpact } from './map.ts';
import type { AlertNotification } from './notification.ts';

/**
 * What a notification proposes. Alerts never publish and never resolve: a new problem becomes a
 * drafted incident, a resolved alert a `monitoring` update, an alert firing again while
 * monitoring an `investigating` one; people review each as a pull request and decide.
 */
export type IngestPlan =
  | { kind: 'draft' }
  | { kind: 'update'; status: 'monitoring' | 'investigating'; reason: 'resolved' | 'returned' }
  | { kind: 'none'; reason: string };

/** `incident`: the open (unresolved) incident already tied to this alert, if any. */
export function planIngest(notification: AlertNotification, incident: IncidentSource | undefined): IngestPlan {
  if (notification.ignore) return { kind: 'none', reason: `${notification.ignore}: nothing to draft` };
  const status = incident?.updates.at(-1)?.status ?? 'investigating';
  if (notification.status === 'firing') {
    if (!incident) return { kind: 'draft' };
    if (status === 'monitoring') return { kind: 'update', status: 'investigating', reason: 'returned' };
    return { kind: 'none', reason: `the alert still fires and ${incident.id} is open (${status}): nothing new to propose` };
  }
  if (!incident) return { kind: 'none', reason: 'the alert resolved, and no open incident or draft belongs to it: nothing to propose' };
  if (status === 'investigating' || status === 'identified') return { kind: 'update', status: 'monitoring', reason: 'resolved' };
  return { kind: 'none', reason: `the alert resolved and ${incident.id} is already ${status}: nothing new to propose` };
}

/** The open incident tied to an alert by the marker in its index.md (the newest, should there be several). */
export function findAlertIncident(files: readonly ContentFile[], incidents: readonly IncidentSource[], key: string): IncidentSource | undefined {
  const marked = new Set(files.filter((f) => f.path.endsWith('/index.md') && hasContentMarker(f.text, key)).map((f) => f.path.split('/')[1]));
  const open = incidents.filter((i) => marked.has(i.id) && i.type === 'incident' && i.updates.at(-1)?.status !== 'resolved');
  return open.sort((a, b) => (b.started ?? 0) - (a.started ?? 0))[0];
}

export interface IngestContext {
  notification: AlertNotification;
  key: string;
  config: SiteConfig;
  alerts: AlertsConfig;
  now: number;
}

export interface Proposal {
  scaffold: Scaffold;
  impact: AlertImpact;
}

const nextUpdate = (ctx: IngestContext) => (ctx.alerts.nextUpdateMinutes > 0 ? { nextUpdate: ctx.now + ctx.alerts.nextUpdateMinutes * 60_000 } : {});

/**
 * A new incident from a firing alert: title, components, severity, start and a first
 * `investigating` update, tied to the alert. `pending`: ids of drafts still open elsewhere (other
 * alerts' pull requests), which a new id must not repeat, or the second merge would conflict.
 */
export function draftIncident(ctx: IngestContext, files: readonly ContentFile[], pending: readonly string[] = []): Proposal {
  const impact = alertImpact(ctx.notification, ctx.config, ctx.alerts);
  const ids = Object.keys(impact.components);
  // An alert can only know when the symptom began; a start after "now" would be clock skew.
  // Whole seconds, as people write times.
  const started = Math.floor(Math.min(ctx.notification.since ?? ctx.now, ctx.now) / 1000) * 1000;
  const scaffold = scaffoldNewIncident(
    {
      type: 'incident',
      title: draftText('title', ids, ctx.config, ctx.alerts),
      severity: impact.severity,
      started,
      components: impact.components,
      status: 'investigating',
      message: draftText('investigating', ids, ctx.config, ctx.alerts),
      at: ctx.now,
      ...nextUpdate(ctx),
    },
    ctx.config,
    [...files.map((f) => f.path.split('/')[1]!), ...pending],
  );
  const indexPath = `${INCIDENTS_DIR}/${scaffold.incidentId}/index.md`;
  return { impact, scaffold: { ...scaffold, files: scaffold.files.map((f) => (f.path === indexPath ? { ...f, text: markIndex(f.text, ctx.key) } : f)) } };
}

/**
 * The proposed update on the alert's incident. Resolved: the components the alert covers (all of
 * the incident's, when it maps none of them) return to operational, with `monitoring`. Firing
 * again: they return to the status the alert implies (the incident's first, when it maps none).
 */
export function proposeUpdate(ctx: IngestContext, incident: IncidentSource, status: 'monitoring' | 'investigating', existingPaths: readonly string[]): Proposal {
  const impact = alertImpact(ctx.notification, ctx.config, ctx.alerts);
  const current = latestComponentStatuses(incident);
  const covered = Object.keys(impact.components).filter((id) => id in current);
  let components: Record<string, ComponentStatus>;
  if (status === 'monitoring') {
    components = covered.length > 0 ? Object.fromEntries(covered.filter((id) => current[id] !== 'operational').map((id) => [id, 'operational' as const])) : componentsToRestore(incident);
  } else {
    components = Object.keys(impact.components).length > 0 ? { ...impact.components } : { ...incident.components };
  }
  const named = Object.keys(components).length > 0 ? Object.keys(components) : Object.keys(incident.components);
  const scaffold = scaffoldUpdate(
    incident,
    {
      status,
      message: draftText(status === 'monitoring' ? 'monitoring' : 'returned', named, ctx.config, ctx.alerts),
      at: ctx.now,
      ...(Object.keys(components).length > 0 && { components }),
      ...nextUpdate(ctx),
    },
    ctx.config,
    existingPaths,
  );
  return { impact, scaffold };
}
