import { createHmac } from 'node:crypto';
import type { Incident, StatusModel } from '../../model/types.ts';
import type { SiteUrls } from '../../site-urls.ts';
import { buildComponents } from '../../statuspage/components.ts';
import { toSpIncident } from '../../statuspage/incidents.ts';
import { pageId } from '../../statuspage/page.ts';
import type { SpComponent, SpIncident, SpIncidentUpdate } from '../../statuspage/types.ts';
import { toIso } from '../../time.ts';
import type { NotifyEvent } from '../events.ts';
import type { NotifyMessage } from '../message.ts';

/** Where receivers read how to verify and what each field means. */
export const WEBHOOK_DOCS = 'https://github.com/kabar-status/kabar/blob/main/docs/notifications.md#generic-webhook';

/**
 * The body of a generic webhook in Atlassian Statuspage's webhook shape
 * (https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/), so tools that
 * consume Statuspage webhooks work unchanged: `meta`, `page` {id, status_indicator,
 * status_description}, then either `incident` (with `incident_updates[]`, each with its
 * `affected_components[]`, and `components[]`) or, for one component's change,
 * `component_update` and `component`. The incident is as it stood at the event, so a run that
 * catches up several updates sends each one's own state.
 */
export function statuspageWebhookBody(model: StatusModel, event: NotifyEvent, message: NotifyMessage, urls: SiteUrls): Record<string, unknown> {
  const locale = message.locale;
  const components = buildComponents(model, locale);
  const head = {
    meta: { unsubscribe: `${urls.absolute(locale)}#get-updates`, documentation: WEBHOOK_DOCS, generated_at: toIso(model.now) },
    page: { id: pageId(model.config.name), status_indicator: model.page.indicator, status_description: model.page.description },
  };
  const incident = model.byId.get(event.incidentId)!;
  if (event.kind === 'component.updated') {
    const t = event.transitions[0]!;
    const component = components.find((c) => c.id === t.component)!;
    return {
      ...head,
      component_update: { created_at: toIso(event.at), new_status: t.to, old_status: t.from, id: event.id, component_id: t.component, component_type: 'Component' },
      component: { ...withoutGroupFields(component), status: t.to, updated_at: toIso(event.at) },
    };
  }
  return { ...head, incident: incidentAsOf(model, incident, event, message, urls, components) };
}

function incidentAsOf(model: StatusModel, incident: Incident, event: NotifyEvent, message: NotifyMessage, urls: SiteUrls, components: SpComponent[]): Record<string, unknown> {
  const updates = incident.updates.filter((u) => u.at <= event.at);
  const pmShown = incident.postmortem !== undefined && event.kind === 'postmortem.published';
  const status = event.kind === 'maintenance.started' && event.byClock ? 'in_progress' : event.kind === 'maintenance.completed' && event.byClock ? 'completed' : (updates.at(-1)?.status ?? incident.status);
  const resolvedAt = incident.resolvedAt !== undefined && incident.resolvedAt <= event.at ? incident.resolvedAt : undefined;
  const asOf: Incident = { ...incident, updates, status, updatedAt: event.at, ...(resolvedAt === undefined ? { resolvedAt: undefined } : { resolvedAt }) };
  if (!pmShown) delete asOf.postmortem;
  const sp: SpIncident = toSpIncident(model, asOf, message.locale, urls, components);
  // A window that opens or closes by the clock gets the update Statuspage's automatic transitions post.
  const clockUpdate: SpIncidentUpdate | undefined = event.byClock
    ? {
        id: event.id,
        status,
        body: message.body,
        incident_id: incident.id,
        created_at: toIso(event.at),
        updated_at: toIso(event.at),
        display_at: toIso(event.at),
        affected_components: event.transitions.length === 0 ? null : event.transitions.map((t) => ({ code: t.component, name: components.find((c) => c.id === t.component)?.name ?? t.component, old_status: t.from, new_status: t.to })),
        deliver_notifications: true,
        custom_tweet: null,
        tweet_id: null,
      }
    : undefined;
  const maintenance = incident.type === 'maintenance';
  return {
    ...sp,
    incident_updates: clockUpdate ? [clockUpdate, ...sp.incident_updates] : sp.incident_updates,
    components: sp.components.map(withoutGroupFields),
    // Fields Statuspage's webhook incidents carry beyond the public API's.
    backfilled: false,
    impact_override: null,
    postmortem_ignored: false,
    postmortem_body_last_updated_at: sp.postmortem_published_at,
    postmortem_notified_subscribers: pmShown,
    postmortem_notified_twitter: false,
    scheduled_remind_prior: false,
    scheduled_reminded_at: null,
    scheduled_auto_in_progress: maintenance,
    scheduled_auto_completed: maintenance,
    organization_id: pageId(model.config.name),
  };
}

function withoutGroupFields(component: SpComponent): Omit<SpComponent, 'components'> {
  const { components: _members, ...rest } = component;
  return rest;
}

/**
 * `sha256=<hex HMAC-SHA256 of the exact body bytes>` with the shared secret: the scheme of
 * GitHub's `X-Hub-Signature-256`, so receivers can reuse verification code they already have.
 */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
