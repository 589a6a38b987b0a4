import { withGenericProvider } from '../feeds/provider.ts';
import { feedWords } from '../feeds/strings.ts';
import type { Incident, StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { toIso } from '../time.ts';
import { incidentPath } from '../view/page-paths.ts';
import { pageId } from './page.ts';
import type { SpComponent, SpIncident, SpIncidentUpdate } from './types.ts';

/**
 * One incident or maintenance in Statuspage's shape.
 * - `impact`: from the severity through SEVERITY_IMPACT (negligible → none,
 *   minimal and significant → minor, serious → major, severe → critical);
 *   `maintenance` for maintenance.
 * - `status`: `postmortem` once a published postmortem exists, as Statuspage does.
 * - Update ids: `<incident-id>/<update file base>`, unique and never changing.
 * - Bodies are the update's Markdown as written, with the provider named
 *   generically (bots re-post these, like feeds).
 */
export function toSpIncident(model: StatusModel, incident: Incident, locale: string, urls: SiteUrls, components: readonly SpComponent[]): SpIncident {
  const page_id = pageId(model.config.name);
  const generic = (text: string) => withGenericProvider(text, incident.provider, feedWords(locale, model.config.ui[locale]).f('provider'));
  const names = new Map(components.map((c) => [c.id, c.name]));
  const monitoring = incident.updates.find((u) => u.status === 'monitoring');
  const updates: SpIncidentUpdate[] = incident.updates
    .map((u): SpIncidentUpdate => ({
      id: `${incident.id}/${u.id}`,
      status: u.status,
      body: generic(u.message[locale]?.text ?? ''),
      incident_id: incident.id,
      created_at: toIso(u.at),
      updated_at: toIso(u.at),
      display_at: toIso(u.at),
      affected_components:
        u.transitions.length === 0
          ? null
          : u.transitions.map((t) => ({ code: t.component, name: names.get(t.component) ?? t.component, old_status: t.from, new_status: t.to })),
      deliver_notifications: true,
      custom_tweet: null,
      tweet_id: null,
    }))
    .reverse();
  const pm = incident.postmortem;
  return {
    id: incident.id,
    name: generic(incident.title[locale]?.text ?? incident.id),
    status: pm ? 'postmortem' : incident.status,
    created_at: toIso(incident.updates[0]?.at ?? incident.startedAt),
    updated_at: toIso(incident.updatedAt),
    monitoring_at: monitoring ? toIso(monitoring.at) : null,
    resolved_at: incident.resolvedAt !== undefined ? toIso(incident.resolvedAt) : null,
    impact: incident.impact,
    shortlink: urls.absolute(locale, incidentPath(incident.id)),
    started_at: toIso(incident.startedAt),
    page_id,
    incident_updates: updates,
    components: components.filter((c) => !c.group && incident.componentIds.includes(c.id)),
    postmortem_body: pm ? generic(pm.body[locale]?.text ?? '') : null,
    postmortem_published_at: pm ? publishedIso(pm.published) : null,
    scheduled_for: incident.scheduledFor !== undefined ? toIso(incident.scheduledFor) : null,
    scheduled_until: incident.scheduledUntil !== undefined ? toIso(incident.scheduledUntil) : null,
  };
}

/** A bare publication date is reported as midnight UTC of that date. */
function publishedIso(published: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(published) ? `${published}T00:00:00Z` : published);
  return Number.isNaN(ms) ? published : toIso(ms);
}
