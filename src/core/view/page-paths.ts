import type { StatusModel } from '../model/types.ts';
import type { SiteView } from './site-view.ts';

/** Path of an incident page within a locale. */
export const incidentPath = (id: string): string => `incidents/${id}/`;
export const postmortemPath = (id: string): string => `incidents/${id}/postmortem/`;
export const componentPath = (id: string, page = 1): string => (page <= 1 ? `components/${id}/` : `components/${id}/${page}/`);
export const historyPath = (page: number): string => (page <= 1 ? 'history/' : `history/${page}/`);
export const maintenancePath = (page = 1): string => (page <= 1 ? 'maintenance/' : `maintenance/${page}/`);

/** Every HTML page path of one locale, for the sitemap (same set the routes generate). */
export function pagePaths(model: StatusModel, view: SiteView): string[] {
  return [
    '',
    ...view.history.map((p) => historyPath(p.page)),
    ...view.pastMaintenance.map((_, n) => maintenancePath(n + 1)),
    'widget/',
    ...model.config.components.flatMap((c) => (view.byComponent.get(c.id) ?? [[]]).map((_, n) => componentPath(c.id, n + 1))),
    ...model.incidents.flatMap((i) => (i.postmortem ? [incidentPath(i.id), postmortemPath(i.id)] : [incidentPath(i.id)])),
  ];
}
