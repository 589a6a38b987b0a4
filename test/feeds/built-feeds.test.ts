import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { extractFromXml } from '@extractus/feed-extractor';
import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import ical, { type CalendarComponent, type VEvent } from 'node-ical';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTranslations } from '../../src/i18n/index.ts';
import type { StatusModel } from '../../src/core/model/types.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { buildFixture, contrastRatio, digest, FEEDS_NOW, fixture, listFiles, SCHEMAS, xmllintRelaxNg } from './helpers.ts';
import { isolateBidi } from '../../src/core/text-safety.ts';

/**
 * The feeds-basic fixture built for real (kabar build, one Astro build per
 * locale domain), every output read by a parser that is not ours. Expected
 * entries are derived from the content (the status model), not from the feed code.
 */
const SITES = [
  { locale: 'en', domain: 'status.bayar.example' },
  { locale: 'id', domain: 'status.bayar.example.id' },
] as const;
const HOSTILE_TITLE = 'Checkout errors & <script>alert(1)</script> ]]> 💳 خطأ في الدفع';
const HOSTILE_BODY = 'We are investigating failed card payments at a third-party provider. <script>alert("x")</script> & ]]> end ]]> again 🙂 مرحبا بالعالم';

let out: string;
let again: string;
let model: StatusModel;
const site = (domain: string, file: string) => path.join(out, domain, file);
const read = (domain: string, file: string) => readFile(site(domain, file), 'utf8');
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'item', 'link'].includes(name) });
const vevents = (ics: string): VEvent[] =>
  Object.values(ical.sync.parseICS(ics)).filter((c): c is VEvent => (c as CalendarComponent | undefined)?.type === 'VEVENT');
/** node-ical gives a property with parameters (URL;VALUE=URI) as { params, val }. */
const icalValue = (v: unknown): string => (typeof v === 'object' && v !== null && 'val' in v ? String(v.val) : String(v));
const textOf = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body.textContent ?? '';

beforeAll(async () => {
  [out, again] = await Promise.all([buildFixture('feeds-basic'), buildFixture('feeds-basic')]);
  const repo = await loadRepo(fixture('feeds-basic'), FEEDS_NOW);
  model = repo.model!;
}, 240_000);

describe('Atom', () => {
  it('every Atom file (page and per component, both domains) validates against the RFC 4287 RELAX NG schema', async () => {
    const files = (await listFiles(out)).filter((f) => f.endsWith('.atom')).map((f) => path.join(out, f));
    expect(files).toHaveLength(SITES.length * (1 + model.config.components.length));
    const result = xmllintRelaxNg(path.join(SCHEMAS, 'atom-rfc4287.rng'), files);
    expect(result.output).not.toMatch(/fails to validate|error/i);
    expect(result.ok).toBe(true);
  });

  it('the schema check can fail: an entry without <id> is rejected', async () => {
    const atom = await read('status.bayar.example', 'history.atom');
    const broken = atom.replace(/<id>tag:[^<]*<\/id>/, '');
    const file = path.join(path.dirname(out), 'broken.atom');
    await writeFile(file, broken);
    expect(xmllintRelaxNg(path.join(SCHEMAS, 'atom-rfc4287.rng'), [file]).ok).toBe(false);
  });
});

describe.each(SITES)('feeds of $domain', ({ locale, domain }) => {
  const t = useTranslations(locale);

  it('RSS and Atom, read by a feed reader, have one entry per update with status titles, stable tag ids and update anchors', async () => {
    for (const file of ['history.rss', 'history.atom']) {
      const feed = extractFromXml(await read(domain, file), { descriptionMaxLen: 0, getExtraEntryFields: (raw) => ({ raw }) });
      const entries = new Map((feed.entries ?? []).map((e) => [e.id, e]));
      for (const incident of model.incidents) {
        const year = incident.id.slice(0, 4);
        for (const update of incident.updates) {
          const entry = entries.get(`tag:${domain},${year}:${incident.id}/${update.id}`);
          expect(entry, `${file}: ${incident.id}/${update.id}`).toBeDefined();
          const title = incident.title[locale]!.text.replace('PayCorp', 'a third-party provider');
          // A title that could reorder the "[Status] " before it is isolated (UAX #9).
          // The card network maintenance was called off before its window: its completion reads "Cancelled".
          const calledOff = incident.id === '2026-11-26-card-network' && update.status === 'completed';
          expect(entry!.title).toBe(`[${calledOff ? t('feed.cancelled') : t(`status.${update.status}`)}] ${isolateBidi(title)}`);
          const raw = entry!.raw as Record<string, unknown>;
          const link = file === 'history.rss' ? String(raw.link) : String((raw.link as Record<string, string>)['@_href']);
          expect(link).toBe(`https://${domain}/incidents/${incident.id}/#update-${update.id}`);
        }
      }
      // Postmortem published, maintenance announced without a "scheduled" update.
      expect(entries.has(`tag:${domain},2026:2026-11-20-checkout-errors/postmortem`)).toBe(true);
      expect(entries.has(`tag:${domain},2026:2026-11-24-website-deploy/announced`)).toBe(true);
      const dates = (feed.entries ?? []).map((e) => Date.parse(String(e.published)));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    }
  });

  it('update anchors in feeds point at elements that exist on the built incident pages', async () => {
    const atom = xml.parse(await read(domain, 'history.atom')) as { feed: { entry: { link: { '@_href': string }[] }[] } };
    for (const entry of atom.feed.entry) {
      const url = new URL(entry.link[0]!['@_href']);
      expect(url.hostname).toBe(domain);
      const page = parseHTML(await read(domain, path.join(url.pathname, 'index.html'))).document;
      if (url.hash) expect(page.getElementById(decodeURIComponent(url.hash.slice(1))), url.href).not.toBeNull();
    }
  });

  it('JSON Feed 1.1 has the fields its spec requires, and the same entries as Atom', async () => {
    const feed = JSON.parse(await read(domain, 'feed.json')) as Record<string, unknown> & { items: Record<string, unknown>[] };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    expect(new URL(String(feed.home_page_url)).hostname).toBe(domain);
    expect(new URL(String(feed.feed_url)).pathname).toBe('/feed.json');
    expect(feed.language).toBe(locale);
    expect(Array.isArray(feed.items)).toBe(true);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(Number.isNaN(Date.parse(String(item.date_published)))).toBe(false);
    }
    const atom = xml.parse(await read(domain, 'history.atom')) as { feed: { '@_xml:lang': string; entry: { id: string }[] } };
    expect(feed.items.map((i) => i.id)).toEqual(atom.feed.entry.map((e) => e.id));
    expect(atom.feed['@_xml:lang']).toBe(locale);
  });

  it('per-component feeds hold only incidents that touched the component', async () => {
    for (const component of model.config.components) {
      const feed = JSON.parse(await read(domain, `components/${component.id}/feed.json`)) as { items: { id: string }[] };
      const expected = model.incidents.filter((i) => i.componentIds.includes(component.id)).map((i) => i.id);
      const seen = new Set(feed.items.map((i) => /:([^:/]+)\/[^/]+$/.exec(i.id)![1]));
      expect([...seen].sort()).toEqual([...expected].sort());
    }
  });

  it('the provider is never named in feeds, the API or the calendar', async () => {
    for (const file of ['history.rss', 'history.atom', 'feed.json', 'maintenance.ics', 'api/v2/incidents.json', 'api/v2/summary.json']) {
      expect(await read(domain, file), file).not.toMatch(/paycorp/i);
    }
  });
});

describe('entries beyond updates', () => {
  it('the postmortem entry links the postmortem page and carries the incident title', async () => {
    const json = JSON.parse(await read('status.bayar.example', 'feed.json')) as { items: { id: string; title: string; url: string }[] };
    const item = json.items.find((i) => i.id === 'tag:status.bayar.example,2026:2026-11-20-checkout-errors/postmortem')!;
    expect(item.title).toBe(`[Postmortem] ${isolateBidi(HOSTILE_TITLE)}`);
    await expect(readFile(site('status.bayar.example', `${new URL(item.url).pathname}index.html`), 'utf8')).resolves.toBeTruthy();
  });

  it('text not yet translated is marked with the language it is in', async () => {
    const json = JSON.parse(await read('status.bayar.example.id', 'feed.json')) as { items: { id: string; content_html: string }[] };
    const item = json.items.find((i) => i.id.endsWith('checkout-errors/2026-11-20T0420Z'))!;
    const doc = parseHTML(`<!doctype html><html lang="id"><body>${item.content_html}</body></html>`).document;
    expect(doc.querySelector('[lang="en"]')?.textContent).toContain('Payments work again');
    const translated = json.items.find((i) => i.id.endsWith('checkout-errors/2026-11-20T0310Z'))!;
    const first = parseHTML(`<!doctype html><html lang="id"><body>${translated.content_html}</body></html>`).document.body.firstElementChild!;
    expect([first.tagName, first.getAttribute('lang'), first.textContent]).toEqual(['P', null, expect.stringContaining('Kami sedang menyelidiki')]);
  });
});

describe('hostile content', () => {
  const domain = 'status.bayar.example';
  const id = `tag:${domain},2026:2026-11-20-checkout-errors/2026-11-20T0310Z`;

  it('round-trips escaped and intact through RSS, Atom and JSON Feed (titles and bodies)', async () => {
    const rss = xml.parse(await read(domain, 'history.rss')) as { rss: { channel: { item: { guid: { '#text': string }; title: string; description: string }[] } } };
    const atom = xml.parse(await read(domain, 'history.atom')) as { feed: { entry: { id: string; title: { '#text': string }; content: { '#text': string } }[] } };
    const json = JSON.parse(await read(domain, 'feed.json')) as { items: { id: string; title: string; content_html: string }[] };
    const fromRss = rss.rss.channel.item.find((i) => i.guid['#text'] === id)!;
    const fromAtom = atom.feed.entry.find((e) => e.id === id)!;
    const fromJson = json.items.find((i) => i.id === id)!;
    const expectedTitle = `[Investigating] ${isolateBidi(HOSTILE_TITLE)}`;
    // Titles are HTML (Atom type="html"; RSS by custom): one level of entity decoding gives the text.
    expect(textOf(fromRss.title)).toBe(expectedTitle);
    expect(textOf(fromAtom.title['#text'])).toBe(expectedTitle);
    expect(fromJson.title).toBe(expectedTitle);
    for (const html of [fromRss.description, fromAtom.content['#text'], fromJson.content_html]) {
      const doc = parseHTML(`<!doctype html><html><body>${html}</body></html>`).document;
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(doc.body.textContent).toContain(HOSTILE_BODY);
    }
  });

  it('keeps very long text whole', async () => {
    const json = JSON.parse(await read(domain, 'feed.json')) as { items: { id: string; content_html: string }[] };
    const item = json.items.find((i) => i.id.endsWith('/2026-11-20T0340Z'))!;
    expect(textOf(item.content_html).match(/Very long text/g)).toHaveLength(400);
  });

  it('escapes the site name and titles in badges and calendars', async () => {
    const svg = xml.parse(await read(domain, 'badge.svg')) as { svg: { title: string } };
    expect(svg.svg.title).toBe(`${model.config.name}: ${useTranslations('en')(`page.${model.page.key}`)}`);
  });
});

describe.each(SITES)('maintenance calendar of $domain', ({ locale, domain }) => {
  it('parses with node-ical: stable UIDs, DTSTAMP from the content, SEQUENCE per update, CANCELLED when called off', async () => {
    const events = vevents(await read(domain, 'maintenance.ics'));
    const maintenance = model.incidents.filter((i) => i.type === 'maintenance');
    expect(events.map((e) => e.uid).sort()).toEqual(maintenance.map((m) => `${m.id}@${domain}`).sort());
    for (const m of maintenance) {
      const event = events.find((e) => e.uid === `${m.id}@${domain}`)!;
      expect(event.start.getTime()).toBe(m.scheduledFor);
      expect(event.end?.getTime()).toBe(m.scheduledUntil);
      expect(Number(event.sequence)).toBe(m.updates.length);
      expect(event.dtstamp.getTime()).toBe(m.updates.at(-1)!.at);
      expect(icalValue(event.url)).toBe(`https://${domain}/incidents/${m.id}/`);
      expect(icalValue(event.summary)).toBe(m.title[locale]!.text);
    }
    const cancelled = events.find((e) => e.uid.startsWith('2026-11-26-card-network@'));
    expect(cancelled?.status).toBe('CANCELLED');
    const done = events.find((e) => e.uid.startsWith('2026-11-24-website-deploy@'));
    expect(done?.status).toBe('CONFIRMED');
  });

  it('per-component calendars hold only that component’s windows', async () => {
    const uids = vevents(await read(domain, 'components/api/maintenance.ics')).map((e) => e.uid);
    expect(uids).toEqual([`2026-11-30-db-upgrade@${domain}`]);
  });
});

describe('badges', () => {
  it.each(SITES)('page and component badges on $domain have a <title>, an aria-label and text contrast of at least 4.5:1', async ({ locale, domain }) => {
    const t = useTranslations(locale);
    const files = ['badge.svg', ...model.config.components.map((c) => `components/${c.id}/badge.svg`)];
    for (const file of files) {
      const doc = parseHTML(await read(domain, file)).document;
      const svg = doc.querySelector('svg')!;
      const title = doc.querySelector('title')?.textContent ?? '';
      expect(svg.getAttribute('role')).toBe('img');
      expect(svg.getAttribute('aria-label')).toBe(title);
      const textFill = doc.querySelector('g[fill]')!.getAttribute('fill')!;
      for (const rect of doc.querySelectorAll('rect')) expect(contrastRatio(textFill, rect.getAttribute('fill')!), file).toBeGreaterThanOrEqual(4.5);
      const texts = [...doc.querySelectorAll('text')].map((n) => n.textContent);
      expect(title).toBe(texts.join(': '));
    }
    const api = model.components.find((c) => c.config.id === 'api')!;
    const apiDoc = parseHTML(await read(domain, 'components/api/badge.svg')).document;
    expect([...apiDoc.querySelectorAll('text')].map((n) => n.textContent)).toEqual([api.config.name[locale], t(`component.${api.status}`)]);
  });
});

describe('autodiscovery', () => {
  it.each(SITES)('the head of the home and component pages on $domain links feeds that exist', async ({ domain }) => {
    for (const page of ['index.html', 'components/api/index.html']) {
      const doc = parseHTML(await read(domain, page)).document;
      const links = [...doc.querySelectorAll('head link[rel="alternate"][type]')];
      const types = links.map((l) => l.getAttribute('type'));
      expect(types).toEqual(expect.arrayContaining(['application/rss+xml', 'application/atom+xml', 'application/feed+json']));
      for (const link of links) {
        const href = new URL(link.getAttribute('href')!, `https://${domain}/${page}`);
        await expect(readFile(site(domain, href.pathname), 'utf8'), href.href).resolves.toBeTruthy();
      }
    }
  });
});

describe('stability', () => {
  it('two builds produce byte-identical feeds, calendars, API files and badges', async () => {
    const ours = (await listFiles(out)).filter((f) => /\.(rss|atom|ics|svg)$|feed\.json$|api\/v2\//.test(f));
    expect(ours.length).toBeGreaterThan(40);
    for (const file of ours) expect(await digest(path.join(again, file)), file).toBe(await digest(path.join(out, file)));
  });
});
