import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { buildComponentBadge, BADGE_COLOURS, renderBadge } from '../../src/core/badges/badge.ts';
import { buildMaintenanceCalendar, CALENDAR_PAST_MAX } from '../../src/core/calendar/maintenance-calendar.ts';
import { isCancelled } from '../../src/core/model/cancelled.ts';
import { chooseFeedEntries } from '../../src/core/feeds/entries.ts';
import { FEED_LIMIT, buildFeedItems } from '../../src/core/feeds/items.ts';
import { withGenericProvider } from '../../src/core/feeds/provider.ts';
import { buildFeed, renderAtom, renderJsonFeed, renderRss } from '../../src/core/feeds/render.ts';
import { createSiteUrls } from '../../src/core/site-urls.ts';
import { buildIncidents } from '../../src/core/statuspage/endpoints.ts';
import { md, model, t, testConfig, type Files } from '../helpers/content.ts';
import { contrastRatio, SCHEMAS, xmllintRelaxNg } from './helpers.ts';
import { isolateBidi } from '../../src/core/text-safety.ts';

const config = testConfig();
const urls = createSiteUrls(config, { siteUrl: 'https://status.test' });
const NOW = t('2026-11-28T00:00:00Z');
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['entry', 'item', 'link'].includes(name) });
const htmlText = (html: string) => parseHTML(`<!doctype html><html><body>${html}</body></html>`).document.body.textContent ?? '';

/** An incident with `n` hourly updates, the last one resolving it. */
function incident(id: string, day: string, n: number, front = ''): Files {
  const files: Files = { [`incidents/${id}/index.md`]: md(`title: Incident ${id}\nseverity: minimal\nstarted: ${day}T00:00:00Z\ncomponents: { api: partial_outage }\n${front}`) };
  for (let h = 1; h <= n; h++) {
    const status = h === n ? 'resolved' : 'investigating';
    files[`incidents/${id}/${day}T0${h}00Z.md`] = md(`at: ${day}T0${h}:00:00Z\nstatus: ${status}`, `Update ${h} of ${id}.`);
  }
  return files;
}

describe('feed items', () => {
  it('a history of 120 updates is cut to the newest 50, newest first', () => {
    const files = Object.assign({}, ...Array.from({ length: 40 }, (_, i) => incident(`2026-10-${String(i % 28 + 1).padStart(2, '0')}-i${i}`, `2026-10-${String(i % 28 + 1).padStart(2, '0')}`, 3)));
    const items = buildFeedItems(model(files, NOW), 'en', urls);
    expect(items).toHaveLength(FEED_LIMIT);
    expect(items.map((i) => i.date)).toEqual(items.map((i) => i.date).sort((a, b) => b - a));
    expect(new Set(items.map((i) => i.id)).size).toBe(FEED_LIMIT);
  });

  it('ids and links of existing entries do not change when a newer incident is added', () => {
    const before = buildFeedItems(model(incident('2026-11-01-a', '2026-11-01', 3), NOW), 'en', urls);
    const after = buildFeedItems(model({ ...incident('2026-11-01-a', '2026-11-01', 3), ...incident('2026-11-02-b', '2026-11-02', 2) }, NOW), 'en', urls);
    for (const item of before) expect(after.find((a) => a.id === item.id)).toEqual(item);
    expect(before.map((i) => i.id)).toEqual([3, 2, 1].map((h) => `tag:status.test,2026:2026-11-01-a/2026-11-01T0${h}00Z`));
  });

  it('a non-default locale on a single domain links under /<tag>/', () => {
    const items = buildFeedItems(model(incident('2026-11-01-a', '2026-11-01', 1), NOW), 'id', urls);
    expect(new URL(items[0]!.link).pathname).toBe('/id/incidents/2026-11-01-a/');
  });

  it('maintenance without a "scheduled" update still gets an announcement entry', () => {
    const files = { 'incidents/2026-12-01-m/index.md': md('title: Upgrade\ntype: maintenance\nwindow: { start: 2026-12-01T01:00:00Z, end: 2026-12-01T02:00:00Z }\ncomponents: { db: under_maintenance }') };
    const items = buildFeedItems(model(files, NOW), 'en', urls);
    expect(items.map((i) => [i.kind, i.id, i.date])).toEqual([['announced', 'tag:status.test,2026:2026-12-01-m/announced', t('2026-12-01T01:00:00Z')]]);
  });
});

describe('feed entries', () => {
  it('are the newest of all entries (then by id), however far back an incident started and however many share a time', () => {
    // Incidents whose updates share their times, and one started long before that is updated last.
    const files: Files = Object.assign({}, ...Array.from({ length: 30 }, (_, i) => incident(`2026-10-${String((i % 3) + 1).padStart(2, '0')}-i${String(i).padStart(2, '0')}`, `2026-10-${String((i % 3) + 1).padStart(2, '0')}`, 1 + (i % 4))));
    files['incidents/2025-01-05-long/index.md'] = md('title: Long\nseverity: minimal\nstarted: 2025-01-05T00:00:00Z\ncomponents: { api: partial_outage }');
    files['incidents/2025-01-05-long/2025-01-05T0100Z.md'] = md('at: 2025-01-05T01:00:00Z\nstatus: investigating', 'Looking.');
    files['incidents/2025-01-05-long/2026-10-03T0400Z.md'] = md('at: 2026-10-03T04:00:00Z\nstatus: resolved', 'Fixed at last.');
    const m = model(files, NOW);
    const total = m.incidents.reduce((sum, i) => sum + i.updates.length, 0);
    const all = chooseFeedEntries(m, 'status.test', { limit: Number.MAX_SAFE_INTEGER });
    expect(all).toHaveLength(total);
    for (let i = 1; i < all.length; i++) {
      const [a, b] = [all[i - 1]!, all[i]!];
      expect(a.date > b.date || (a.date === b.date && a.id < b.id), `${a.id} before ${b.id}`).toBe(true);
    }
    expect(all[0]!.incident.id).toBe('2025-01-05-long');
    for (const limit of [1, 7, 50]) {
      expect(chooseFeedEntries(m, 'status.test', { limit }).map((e) => e.id)).toEqual(all.slice(0, limit).map((e) => e.id));
      for (const component of ['api', 'web']) {
        const expected = all.filter((e) => e.incident.componentIds.includes(component)).slice(0, limit);
        expect(chooseFeedEntries(m, 'status.test', { component, limit }).map((e) => e.id)).toEqual(expected.map((e) => e.id));
      }
    }
  });
});

describe('generic provider naming', () => {
  it.each([
    ['Payments fail at PayCorp.', 'Payments fail at a third-party provider.'],
    ['PayCorp is down. paycorp again.', 'A third-party provider is down. A third-party provider again.'],
    ['PayCorpX and XPayCorp stay', 'PayCorpX and XPayCorp stay'],
    ['(PayCorp)', '(a third-party provider)'],
  ])('%s', (input, expected) => {
    expect(withGenericProvider(input, 'PayCorp', 'a third-party provider')).toBe(expected);
  });
});

describe('hostile text in every format (property-based)', () => {
  // Printable text of any script, plus the characters that break naive XML and HTML.
  const hostile = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), fc.constantFrom('&', '<script>', ']]>', '"', "'", '💳', 'مرحبا', '&amp;', '<![CDATA[')), { minLength: 1, maxLength: 12 })
    .map((parts) => parts.join(' ').replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);

  it('titles round-trip exactly; content survives XML and JSON encoding', () => {
    fc.assert(
      fc.property(hostile, hostile, (title, body) => {
        const files = {
          'incidents/2026-11-01-x/index.md': md(`title: ${JSON.stringify(title)}\nseverity: minimal\nstarted: 2026-11-01T00:00:00Z`),
          'incidents/2026-11-01-x/2026-11-01T0100Z.md': md('at: 2026-11-01T01:00:00Z\nstatus: investigating', body),
        };
        const doc = buildFeed(model(files, NOW), 'en', urls);
        const [item] = doc.items;
        const expectedTitle = `[Investigating] ${isolateBidi(title)}`;
        expect(item!.title).toBe(expectedTitle);

        const atom = xml.parse(renderAtom(doc)) as { feed: { entry: { title: { '#text': string }; content: { '#text': string } }[] } };
        expect(htmlText(atom.feed.entry[0]!.title['#text'])).toBe(expectedTitle);
        expect(htmlText(atom.feed.entry[0]!.content['#text'])).toBe(htmlText(item!.contentHtml));

        const rss = xml.parse(renderRss(doc)) as { rss: { channel: { item: { title: string; description: string }[] } } };
        expect(htmlText(rss.rss.channel.item[0]!.title)).toBe(expectedTitle);
        expect(htmlText(rss.rss.channel.item[0]!.description)).toBe(htmlText(item!.contentHtml));

        const json = JSON.parse(renderJsonFeed(doc)) as { items: { title: string; content_html: string }[] };
        expect(json.items[0]!.title).toBe(expectedTitle);
        expect(json.items[0]!.content_html).toBe(item!.contentHtml);
      }),
      { numRuns: 60 },
    );
  });
});

describe('maintenance calendar', () => {
  const window = 'window: { start: 2026-12-01T01:00:00Z, end: 2026-12-01T02:00:00Z }';
  const m = (updates: Files = {}): Files => ({
    'incidents/2026-12-01-m/index.md': md(`title: Upgrade\ntype: maintenance\n${window}\ncomponents: { db: under_maintenance }`),
    ...updates,
  });
  it.each([
    { name: 'completed before the window opens: cancelled', at: '2026-11-20T00:00:00Z', cancelled: true },
    { name: 'completed as the window opens: cancelled (it never touched a component)', at: '2026-12-01T01:00:00Z', cancelled: true },
    { name: 'completed inside the window: done, not cancelled', at: '2026-12-01T01:30:00Z', cancelled: false },
  ])('$name', ({ at, cancelled }) => {
    const later = at > '2026-12' ? t('2026-12-02T00:00:00Z') : NOW;
    const built = model(m({ 'incidents/2026-12-01-m/a.md': md(`at: ${at}\nstatus: completed`, 'Done.') }), later);
    expect(isCancelled(built.byId.get('2026-12-01-m')!)).toBe(cancelled);
    const ics = buildMaintenanceCalendar(built, 'en', urls);
    expect(ics.match(/^STATUS:(\w+)/m)?.[1]).toBe(cancelled ? 'CANCELLED' : 'CONFIRMED');
  });

  it('reaches back 12 months and at most 100 past windows, and holds every window to come', () => {
    // Two windows a day for a year and a half before NOW, and three to come.
    const files: Files = {};
    const day = 86_400_000;
    for (let i = -540; i < 3; i++) {
      for (const hour of [1, 13]) {
        const start = new Date(NOW + i * day + hour * 3_600_000).toISOString().replace('.000', '');
        const end = new Date(NOW + i * day + (hour + 1) * 3_600_000).toISOString().replace('.000', '');
        files[`incidents/${start.slice(0, 10)}-m${hour}/index.md`] = md(`title: Window\ntype: maintenance\nwindow: { start: ${start}, end: ${end} }\ncomponents: { db: under_maintenance }`);
      }
    }
    const ics = buildMaintenanceCalendar(model(files, NOW), 'en', urls);
    const starts = [...ics.matchAll(/^DTSTART:(\d{8}T\d{6}Z)/gm)].map((match) => match[1]!);
    const toCome = Object.keys(files).filter((file) => file.slice(10, 20) >= new Date(NOW).toISOString().slice(0, 10)).length;
    expect(starts).toHaveLength(CALENDAR_PAST_MAX + toCome);
    // The past ones are the most recent: the oldest is 50 days back (two a day), within 12 months.
    expect(Date.parse(starts[0]!.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z'))).toBeGreaterThan(NOW - 51 * day);
  });

  it('SEQUENCE grows with each update; DTSTAMP follows the newest update, not the clock', () => {
    const one = buildMaintenanceCalendar(model(m({ 'incidents/2026-12-01-m/a.md': md('at: 2026-11-20T00:00:00Z\nstatus: scheduled', 'Planned.') }), NOW), 'en', urls);
    const two = buildMaintenanceCalendar(
      model(m({ 'incidents/2026-12-01-m/a.md': md('at: 2026-11-20T00:00:00Z\nstatus: scheduled', 'Planned.'), 'incidents/2026-12-01-m/b.md': md('at: 2026-11-21T00:00:00Z\nstatus: scheduled', 'Still planned.') }), NOW + 1000),
      'en',
      urls,
    );
    expect([one, two].map((ics) => Number(/^SEQUENCE:(\d+)/m.exec(ics)?.[1]))).toEqual([1, 2]);
    expect([one, two].map((ics) => /^DTSTAMP:(\S+)/m.exec(ics)?.[1])).toEqual(['20261120T000000Z', '20261121T000000Z']);
  });
});

describe('badges', () => {
  it.each(Object.entries(BADGE_COLOURS))('white text on %s (%s) has contrast of at least 4.5:1', (_name, colour) => {
    expect(contrastRatio('#ffffff', colour)).toBeGreaterThanOrEqual(4.5);
  });

  it('escapes text and grows with it', () => {
    const short = parseHTML(renderBadge('a', 'b', BADGE_COLOURS.operational)).document.querySelector('svg')!;
    const long = parseHTML(renderBadge('A & <B>', 'major outage everywhere', BADGE_COLOURS.major)).document;
    expect(long.querySelector('title')!.textContent).toBe('A & <B>: major outage everywhere');
    expect(Number(long.querySelector('svg')!.getAttribute('width'))).toBeGreaterThan(Number(short.getAttribute('width')));
  });

  it('names an unknown component in its error', () => {
    expect(() => buildComponentBadge(model({}, NOW), 'en', 'nope')).toThrow(/unknown component "nope".*api, web, db/);
  });
});

describe('Statuspage incidents', () => {
  it('keeps only the 50 most recent incidents, newest first', () => {
    const files = Object.assign({}, ...Array.from({ length: 55 }, (_, i) => incident(`2026-09-${String(i % 28 + 1).padStart(2, '0')}-n${i}`, `2026-09-${String(i % 28 + 1).padStart(2, '0')}`, 1)));
    // Maintenance among them, the newest of all: it is not an incident, and takes no place of one.
    for (const day of ['28', '20', '05']) files[`incidents/2026-09-${day}-window/index.md`] = md(`title: Window\ntype: maintenance\nwindow: { start: 2026-09-${day}T01:00:00Z, end: 2026-09-${day}T02:00:00Z }\ncomponents: { db: under_maintenance }`);
    const { incidents } = buildIncidents(model(files, NOW), 'en', urls, 'all');
    expect(incidents).toHaveLength(50);
    expect(incidents.map((i) => i.started_at)).toEqual(incidents.map((i) => i.started_at).sort().reverse());
    expect(incidents.some((i) => i.id.endsWith('-window'))).toBe(false);
  });
});

describe('an empty history', () => {
  it('still gives a valid Atom feed, RSS and JSON Feed with no entries', async () => {
    const doc = buildFeed(model({}, NOW), 'en', urls);
    expect(doc.items).toEqual([]);
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-empty-')), 'history.atom');
    await writeFile(file, renderAtom(doc));
    expect(xmllintRelaxNg(path.join(SCHEMAS, 'atom-rfc4287.rng'), [file])).toMatchObject({ ok: true });
    const rss = xml.parse(renderRss(doc)) as { rss: { channel: { title: string; item?: unknown } } };
    expect(rss.rss.channel.title).toBe(doc.title);
    expect(rss.rss.channel.item).toBeUndefined();
    expect((JSON.parse(renderJsonFeed(doc)) as { items: unknown[] }).items).toEqual([]);
  });
});
