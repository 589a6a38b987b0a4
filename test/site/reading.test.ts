import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import type { StatusModel } from '../../src/core/model/types.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { buildFixture, fixture, FIXTURE_NOW, listFiles, loadPage, text } from './helpers.ts';

// How the built pages read, parsed from a real build: resolved incidents as resolved, maintenance as planned until
// its window opens, each day's uptime on the component page, and a published postmortem without its internal part.
const SITE = 'status.example.com';
let out: string;
let model: StatusModel;
const page = (file: string) => loadPage(path.join(out, SITE, file));

beforeAll(async () => {
  out = await buildFixture('site-domains');
  const repo = await loadRepo(fixture('site-domains'), FIXTURE_NOW);
  if (!repo.model) throw new Error('fixture is invalid');
  model = repo.model;
});

describe('status colours', () => {
  it('a resolved incident reads as resolved in history lists and on its page, its severity still in words', async () => {
    const history = await page('history/index.html');
    const item = [...history.querySelectorAll('.list > li')].find((li) => li.querySelector('a')?.getAttribute('href') === '/incidents/2026-11-18-api/')!;
    expect(item.className).toBe('s-resolved');
    expect(item.querySelector('.st')?.className).toBe('st s-resolved');
    expect(text(item.querySelector('.st'))).toBe(en['status.resolved']);
    expect(text(item.querySelector('.meta'))).toContain(`${en['incident.severity']}: ${en['severity.significant']}`);
    const detail = await page('incidents/2026-11-18-api/index.html');
    expect(detail.querySelector('article > .meta .st')?.className).toBe('st s-resolved');
    expect(text(detail.querySelector('article > .meta'))).toContain(en['severity.significant']);
    // The update that resolved it reads resolved; the earlier ones take no alarm colour.
    expect([...detail.querySelectorAll('.timeline > li')].map((li) => li.className)).toEqual(['s-resolved', '', '']);
  });

  it('an active incident keeps its impact colour', async () => {
    const active = model.activeIncidents[0]!;
    const home = await page('index.html');
    expect(home.querySelector(`section[aria-labelledby=active] article`)?.className).toBe(`card s-${active.impact}`);
  });
});

describe('maintenance', () => {
  it('before its window: the plan is shown as planned, and no update claims a change', async () => {
    const doc = await page('incidents/2026-11-25-db-maintenance/index.html');
    expect(doc.querySelectorAll('.timeline .changes')).toHaveLength(0);
    const components = doc.querySelector('dl.facts dd ul');
    expect(text(components)).toBe(`API (${en['incident.planned'].replace('{status}', en['component.under_maintenance'])})`);
    const card = (await page('index.html')).querySelector('section[aria-labelledby=mnext] article')!;
    const facts = Object.fromEntries([...card.querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]));
    expect(facts[en['incident.components']]).toBe(`API (${en['incident.planned'].replace('{status}', en['component.under_maintenance'])})`);
    expect(text((await page('index.html')).querySelector('.comp'))).not.toContain(en['component.under_maintenance']);
  });

  it('once the window opened on schedule, the timeline shows the change at the window start', async () => {
    const doc = await page('incidents/2026-11-10-search-maintenance/index.html');
    const items = [...doc.querySelectorAll('.timeline > li')];
    expect(items.map((li) => li.id)).toEqual(['update-2026-11-10T1900Z', 'window-opened']);
    const opened = items[1]!;
    expect(opened.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-09T18:00:00.000Z');
    expect(text(opened.querySelector('.changes'))).toBe(`Search: ${en['component.operational']} → ${en['component.under_maintenance']}`);
    expect(text(items[0]!.querySelector('.changes'))).toBe(`Search: ${en['component.under_maintenance']} → ${en['component.operational']}`);
  });
});

describe('uptime', () => {
  it('each day with downtime or an incident is listed on the component page, with its figure and links to the incidents', async () => {
    const state = model.components.find((c) => c.config.id === 'card-payments')!;
    const doc = await page('components/card-payments/index.html');
    expect(doc.querySelector('.uptime a.bar')?.getAttribute('href')).toBe('#days');
    expect(doc.getElementById('days')?.tagName).toBe('H2');
    const days = [...doc.querySelectorAll('ol.days > li')];
    const notable = state.uptime.days.filter((d) => d.incidentIds.length > 0 || d.downtimeMs > 0).reverse();
    expect(days.map((li) => li.id)).toEqual(notable.map((d) => `day-${d.date}`));
    expect(days.length).toBeGreaterThan(0);
    for (const [i, li] of days.entries()) {
      expect(li.querySelector('time')?.getAttribute('datetime')).toBe(notable[i]!.date);
      expect(text(li.querySelector('.meta'))).toMatch(/^\d+(\.\d+)?% uptime/);
      expect([...li.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(notable[i]!.incidentIds.map((id) => `/incidents/${id}/`));
    }
  });
});

describe('published postmortems', () => {
  it('show customers what happened, never the internal part, on any page, feed or API file', async () => {
    const source = await readFile(path.join(fixture('site-domains'), 'incidents/2026-11-18-api/postmortem.md'), 'utf8');
    expect(source).toContain('INTERNAL-ONLY');
    for (const site of ['status.example.com', 'status.example.co.id']) {
      for (const file of await listFiles(path.join(out, site))) {
        const body = await readFile(path.join(out, site, file), 'utf8');
        expect(body.includes('INTERNAL-ONLY') || body.includes('3f2a9c1'), `${site}/${file}`).toBe(false);
      }
    }
    const doc = await page('incidents/2026-11-18-api/postmortem/index.html');
    expect(text(doc.querySelector('article .md'))).toContain('A migration dropped an index.');
    expect(doc.querySelectorAll('article .md table th')).toHaveLength(3);
  });

  it('give the publication date in the reader’s locale', async () => {
    const byline = (await page('incidents/2026-11-18-api/postmortem/index.html')).querySelector('.byline')!;
    expect(byline.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-20');
    expect(text(byline)).toBe('Published November 20, 2026 by Rani');
    const id = await loadPage(path.join(out, 'status.example.co.id', 'incidents/2026-11-18-api/postmortem/index.html'));
    expect(text(id.querySelector('.byline'))).toBe('Diterbitkan 20 November 2026 oleh Rani');
  });
});
