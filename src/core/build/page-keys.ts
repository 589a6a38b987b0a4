import { createHash } from 'node:crypto';
import { calendarWindows } from '../calendar/windows.ts';
import { chooseFeedEntries, feedUpdated } from '../feeds/entries.ts';
import type { Incident, StatusModel } from '../model/types.ts';
import { componentPath, historyPath, incidentPath, maintenancePath, pagePaths, postmortemPath } from '../view/page-paths.ts';
import { sitemapFileNames } from '../view/sitemaps.ts';
import type { SiteView } from '../view/site-view.ts';

/**
 * What a rebuild may reuse. Most of a long history's pages are those of resolved incidents and
 * older list pages, and each depends on nothing but its own content: such a page has a key, a
 * hash of everything it is rendered from, and a rebuild copies the previous output of every page
 * whose key is unchanged instead of rendering it again. Feeds and calendars show a chosen few
 * incidents (the newest entries, the maintenance within reach): their key is those incidents as
 * the model derived them, so the clock decides which they hold and nothing else. A site's sitemap
 * files list its page paths and nothing else: their key is those paths. Pages that show the clock
 * or the whole history (home, active incidents, the first page of each list, the API) have no key
 * and are always rendered. A file's key is what the page shows beyond its place: the file says
 * which page of which locale it is, and the manifest's base (pageKeysBase: engine and settings,
 * which also decide where each page goes) holds for all of them, so an upgrade or a config
 * change renders everything. An incident's page is keyed by the incident's version alone: no
 * hash to compute for each of tens of thousands of pages.
 */

/** Where the build writes the pages of one locale: its site's directory, and `<tag>/` within a single site. */
export interface LocaleOutput {
  locale: string;
  /** Directory of the locale's pages inside the build output, e.g. `status.example.com` or `site/id`. */
  dir: string;
  /** For the locale whose directory is a site's root (each domain's; a single site's default locale): the site's locales. */
  siteLocales?: readonly string[];
}

export interface KeyInputs {
  /** Identity of the engine that renders (version and sources): another engine renders everything. */
  engine: string;
  /** Everything shared by every page: the config, base path, origin, sign-up form. */
  settings: string;
}

const hash = (...parts: readonly string[]): string => createHash('sha256').update(parts.join('\0')).digest('base64url').slice(0, 22);

/** What every key of a build stands on: pages keyed under another base are not reused. */
export const pageKeysBase = (inputs: KeyInputs): string => hash(inputs.engine, inputs.settings);

/** The feed files of the site (`''`) and of each component (`components/<id>/`). */
export const FEED_FILES = ['history.rss', 'history.atom', 'feed.json'] as const;
export const CALENDAR_FILE = 'maintenance.ics';

/** The output file of a page path in a locale: `<dir>/<path>index.html`. */
export const pageFile = (out: LocaleOutput, pagePath: string): string => `${out.dir}/${pagePath}index.html`;

/** An incident's page no longer changes with the clock once it is over (resolved, or a maintenance window closed). */
export const isSettled = (i: Incident): boolean => !i.active && !i.upcoming;

export interface ReusablePage {
  locale: string;
  /** The page path within its locale, e.g. `incidents/<id>/`. */
  path: string;
  key: string;
}

/**
 * Output file → key (and which page it is) for every page that can be reused. An incident's
 * version is its directory's hash (`versions`): any change to any of its files (a translation, a
 * postmortem) changes the key of every page that shows it. Without one, the incident as derived
 * stands for it.
 */
export function reusablePageKeys(model: StatusModel, view: SiteView, outputs: readonly LocaleOutput[], versions: ReadonlyMap<string, string> = new Map()): Map<string, ReusablePage> {
  const listKey = (...parts: string[]) => (parts.length === 1 ? parts[0]! : hash(...parts));
  // A feed's or a calendar's incidents as derived (status, windows, translations and all): the same
  // JSON renders the same entries.
  const derived = new Map<Incident, string>();
  const derivedVersion = (i: Incident) => derived.get(i) ?? derived.set(i, hash(JSON.stringify(i))).get(i)!;
  // The hash of an incident's directory stands for its source as well as the source does (the
  // same files validate to the same source, under the same engine and config), and costs nothing.
  const versionOf = (i: Incident) => versions.get(i.id) ?? derivedVersion(i);
  const scopes = [undefined, ...model.config.components.map((c) => c.id)];
  const feedParts = new Map(
    scopes.map((component) => {
      const entries = chooseFeedEntries(model, '', component === undefined ? {} : { component });
      return [component, [String(feedUpdated(model, entries)), ...entries.map((e) => `${e.kind}:${e.index ?? ''}:${derivedVersion(e.incident)}`)]];
    }),
  );
  const calendarParts = new Map(scopes.map((component) => [component, calendarWindows(model, component === undefined ? {} : { component }).map(derivedVersion)]));
  // A sitemap lists a site's page paths (no dates): it changes only when a page comes or goes.
  const paths = pagePaths(model, view);
  const pathsKey = hash(...paths);
  // A page's key does not depend on its locale: each is worked out once, for every output.
  const files: { path: string; key: string }[] = [];
  for (const component of scopes) {
    const base = component === undefined ? '' : componentPath(component);
    for (const file of FEED_FILES) files.push({ path: `${base}${file}`, key: listKey(...feedParts.get(component)!) });
    files.push({ path: `${base}${CALENDAR_FILE}`, key: listKey(...calendarParts.get(component)!) });
  }
  const pages: { path: string; key: string }[] = [];
  const add = (path: string, ...parts: string[]) => pages.push({ path, key: listKey(...parts) });
  for (const incident of model.incidents) {
    if (!isSettled(incident)) continue;
    add(incidentPath(incident.id), versionOf(incident));
    if (incident.postmortem) add(postmortemPath(incident.id), versionOf(incident));
  }
  // A list page is reusable when everything on it is settled; its key is its place and its items.
  view.history.forEach((page) => {
    const items = page.months.flatMap((m) => m.incidents);
    if (page.page > 1 && items.every(isSettled)) add(historyPath(page.page), String(view.history.length), ...items.map(versionOf));
  });
  view.pastMaintenance.forEach((items, n) => {
    if (n > 0 && items.every(isSettled)) add(maintenancePath(n + 1), String(view.pastMaintenance.length), ...items.map(versionOf));
  });
  // A component's first page shows its status and uptime (the clock): only the later ones are reusable.
  for (const [id, list] of view.byComponent) {
    list.forEach((items, n) => {
      if (n > 0 && items.every(isSettled)) add(componentPath(id, n + 1), String(list.length), ...items.map(versionOf));
    });
  }
  const keys = new Map<string, ReusablePage>();
  for (const out of outputs) {
    if (out.siteLocales) {
      const key = listKey(out.siteLocales.join(','), pathsKey);
      for (const file of sitemapFileNames(paths.length * out.siteLocales.length)) keys.set(`${out.dir}/${file}`, { locale: out.locale, path: file, key });
    }
    for (const { path, key } of files) keys.set(`${out.dir}/${path}`, { locale: out.locale, path, key });
    for (const { path, key } of pages) keys.set(pageFile(out, path), { locale: out.locale, path, key });
  }
  return keys;
}
