import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFixture, FEEDS_NOW, SCHEMAS, xmllintRelaxNg } from './helpers.ts';

/**
 * One site for all locales under a base path (GitHub Pages style): the default
 * locale at `/status/`, Indonesian at `/status/id/`. Every URL inside the files
 * must point where the files really are.
 */
const ORIGIN = 'https://example.github.io';
let site: string;
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'link'].includes(name) });

beforeAll(async () => {
  const out = await buildFixture('feeds-basic', FEEDS_NOW, ['--single-domain', '--base', '/status/', '--site-url', ORIGIN]);
  site = path.join(out, 'site');
}, 240_000);

/** Maps an absolute URL of the site to its file in the build output. */
const fileOf = (url: string, index = 'index.html') => {
  const { origin, pathname } = new URL(url);
  expect(origin).toBe(ORIGIN);
  expect(pathname.startsWith('/status/')).toBe(true);
  const rel = pathname.slice('/status/'.length);
  return path.join(site, rel.endsWith('/') || rel === '' ? `${rel}${index}` : rel);
};

describe.each([
  { locale: 'en', prefix: '' },
  { locale: 'id', prefix: 'id/' },
])('single domain, base /status/, locale $locale', ({ prefix }) => {
  it('Atom validates, and its self link, entry links and ids resolve inside the site', async () => {
    const file = path.join(site, prefix, 'history.atom');
    expect(xmllintRelaxNg(path.join(SCHEMAS, 'atom-rfc4287.rng'), [file]).ok).toBe(true);
    const feed = (xml.parse(await readFile(file, 'utf8')) as { feed: { link: { '@_rel': string; '@_href': string }[]; entry: { id: string; link: { '@_href': string }[] }[] } }).feed;
    expect(fileOf(feed.link.find((l) => l['@_rel'] === 'self')!['@_href'])).toBe(file);
    for (const entry of feed.entry) {
      expect(entry.id.startsWith('tag:example.github.io,')).toBe(true);
      const href = entry.link[0]!['@_href'];
      expect(new URL(href).pathname.startsWith(`/status/${prefix}incidents/`)).toBe(true);
      await expect(readFile(fileOf(href), 'utf8')).resolves.toBeTruthy();
    }
  });

  it('API shortlinks and the page url point into the locale', async () => {
    const summary = JSON.parse(await readFile(path.join(site, prefix, 'api/v2/incidents.json'), 'utf8')) as { page: { url: string }; incidents: { shortlink: string }[] };
    expect(summary.page.url).toBe(`${ORIGIN}/status${prefix ? `/${prefix.slice(0, -1)}` : ''}`);
    for (const incident of summary.incidents) await expect(readFile(fileOf(incident.shortlink), 'utf8')).resolves.toBeTruthy();
  });
});
