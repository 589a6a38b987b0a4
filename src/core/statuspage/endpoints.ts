import type { Incident, StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { buildComponents } from './components.ts';
import { toSpIncident } from './incidents.ts';
import { buildPage } from './page.ts';
import type { SpComponent, SpIncident, SpPage, SpStatus, SpSummary } from './types.ts';

/** Statuspage's `incidents.json` returns "the 50 most recent incidents". */
export const API_LIMIT = 50;

interface ApiContext {
  model: StatusModel;
  locale: string;
  urls: SiteUrls;
  page: SpPage;
  components: SpComponent[];
  incidents: (list: readonly Incident[]) => SpIncident[];
}

function context(model: StatusModel, locale: string, urls: SiteUrls): ApiContext {
  const components = buildComponents(model, locale);
  return {
    model,
    locale,
    urls,
    page: buildPage(model, locale, urls),
    components,
    incidents: (list) => list.map((i) => toSpIncident(model, i, locale, urls, components)),
  };
}

/** Statuspage's roll-up: the indicator and its English description, which tools match on. */
const status = (model: StatusModel): SpStatus => ({ indicator: model.page.indicator, description: model.page.description });
/** The API_LIMIT newest of a kind (the model lists the newest first): a long history is not gone through for fifty. */
function newestOf(model: StatusModel, type: Incident['type']): Incident[] {
  const found: Incident[] = [];
  for (const incident of model.incidents) {
    if (incident.type !== type) continue;
    found.push(incident);
    if (found.length === API_LIMIT) break;
  }
  return found;
}
/** Active maintenance, then upcoming soonest first: what is "scheduled" in a summary. */
const currentMaintenance = (model: StatusModel) => [...model.activeMaintenance, ...model.upcomingMaintenance];

export function buildSummary(model: StatusModel, locale: string, urls: SiteUrls): SpSummary {
  const ctx = context(model, locale, urls);
  return {
    page: ctx.page,
    components: ctx.components,
    incidents: ctx.incidents(model.activeIncidents.filter((i) => i.type === 'incident')),
    scheduled_maintenances: ctx.incidents(currentMaintenance(model)),
    status: status(model),
  };
}

export function buildStatus(model: StatusModel, locale: string, urls: SiteUrls): { page: SpPage; status: SpStatus } {
  return { page: buildPage(model, locale, urls), status: status(model) };
}

export function buildComponentsResponse(model: StatusModel, locale: string, urls: SiteUrls): { page: SpPage; components: SpComponent[] } {
  const ctx = context(model, locale, urls);
  return { page: ctx.page, components: ctx.components };
}

export function buildIncidents(model: StatusModel, locale: string, urls: SiteUrls, which: 'all' | 'unresolved'): { page: SpPage; incidents: SpIncident[] } {
  const ctx = context(model, locale, urls);
  const list = which === 'unresolved' ? model.activeIncidents.filter((i) => i.type === 'incident') : newestOf(model, 'incident');
  return { page: ctx.page, incidents: ctx.incidents(list) };
}

export function buildScheduledMaintenances(
  model: StatusModel,
  locale: string,
  urls: SiteUrls,
  which: 'all' | 'upcoming' | 'active',
): { page: SpPage; scheduled_maintenances: SpIncident[] } {
  const ctx = context(model, locale, urls);
  const list = which === 'upcoming' ? model.upcomingMaintenance : which === 'active' ? model.activeMaintenance : newestOf(model, 'maintenance');
  return { page: ctx.page, scheduled_maintenances: ctx.incidents(list) };
}

/** Every API file, by its path under `api/v2/`, as the site publishes them. */
export const API_FILES = {
  'summary.json': (m: StatusModel, l: string, u: SiteUrls) => buildSummary(m, l, u),
  'status.json': (m: StatusModel, l: string, u: SiteUrls) => buildStatus(m, l, u),
  'components.json': (m: StatusModel, l: string, u: SiteUrls) => buildComponentsResponse(m, l, u),
  'incidents.json': (m: StatusModel, l: string, u: SiteUrls) => buildIncidents(m, l, u, 'all'),
  'incidents/unresolved.json': (m: StatusModel, l: string, u: SiteUrls) => buildIncidents(m, l, u, 'unresolved'),
  'scheduled-maintenances.json': (m: StatusModel, l: string, u: SiteUrls) => buildScheduledMaintenances(m, l, u, 'all'),
  'scheduled-maintenances/upcoming.json': (m: StatusModel, l: string, u: SiteUrls) => buildScheduledMaintenances(m, l, u, 'upcoming'),
  'scheduled-maintenances/active.json': (m: StatusModel, l: string, u: SiteUrls) => buildScheduledMaintenances(m, l, u, 'active'),
} as const;

export type ApiFile = keyof typeof API_FILES;

export function renderApiFile(file: ApiFile, model: StatusModel, locale: string, urls: SiteUrls): string {
  return `${JSON.stringify(API_FILES[file](model, locale, urls), null, 2)}\n`;
}
