import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, generateRepo } from '../../scripts/bench/generate-repo.ts';
import { RECENT_DAYS, RECENT_PER_DAY } from '../../src/core/view/site-view.ts';
import { loadPage, runBuild, tempDir } from './helpers.ts';

// The home page on a dense history: ten incidents a day. It shows what is active, the 90-day uptime bars and the past
// 14 days, so a history of 120 days at that rate gives the home page of any longer one (10 000 incidents over three
// years included) at a fraction of the build time. Its budget is the first round trip: 14 KB of gzipped HTML and CSS.
const BUDGET = 14 * 1024;
const SITES = ['status.bench.example.com', 'status.bench.example.co.id'];
let work = '';
let out = '';

beforeAll(async () => {
  work = await tempDir('dense');
  await generateRepo({ out: path.join(work, 'repo'), incidents: 1200, perYear: 3650, nowMs: DEFAULT_NOW });
  out = path.join(work, 'dist');
  const run = await runBuild(['--root', path.join(work, 'repo'), '--out', out], DEFAULT_NOW);
  if (run.code !== 0) throw new Error(`dense build failed:\n${run.stderr}`);
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('home page on a dense history (10 incidents a day)', () => {
  it('stays within 14 KB gzipped, in every locale', async () => {
    for (const site of SITES) {
      const html = await readFile(path.join(out, site, 'index.html'));
      const gz = gzipSync(html, { level: 9 }).length;
      console.log(`dense home ${site}: ${html.length} B raw, ${gz} B gzipped (budget ${BUDGET} B)`);
      expect(gz, site).toBeLessThanOrEqual(BUDGET);
    }
  });

  it('draws each uptime bar with a few paths, and bounds the past 14 days with links to the rest', async () => {
    const doc = await loadPage(path.join(out, SITES[0]!, 'index.html'));
    const bars = [...doc.querySelectorAll('.uptime svg')];
    expect(bars.length).toBe(12);
    for (const svg of bars) expect(svg.querySelectorAll('*').length).toBeLessThanOrEqual(6);
    const recent = doc.querySelector('section[aria-labelledby=recent]')!;
    expect(recent.querySelectorAll('.list > li').length).toBeLessThanOrEqual(RECENT_DAYS * RECENT_PER_DAY);
    const more = [...recent.querySelectorAll('.more a')];
    expect(more.length).toBeGreaterThan(10);
    for (const a of more) {
      const href = a.getAttribute('href')!;
      expect(href).toMatch(/^\/history\/(\d+\/)?$/);
      await readFile(path.join(out, SITES[0]!, href, 'index.html'));
    }
  });
});

describe('lists on a dense history stay paged', () => {
  it('a component page holds one page of its incidents and links the next; every page of every kind is bounded', async () => {
    const site = path.join(out, SITES[0]!);
    const first = await loadPage(path.join(site, 'components/api/index.html'));
    expect(first.querySelectorAll('section[aria-labelledby=history] .list > li').length).toBe(25);
    const next = first.querySelector('nav.pager a[rel=next]')!.getAttribute('href')!;
    expect(next).toBe('/components/api/2/');
    const second = await loadPage(path.join(site, 'components/api/2/index.html'));
    // Later pages are the list alone: no status or uptime, which change with the clock.
    expect(second.querySelector('#uptime')).toBeNull();
    expect(second.querySelectorAll('section[aria-labelledby=history] .list > li').length).toBeGreaterThan(0);
    const maintenance = await loadPage(path.join(site, 'maintenance/index.html'));
    expect(maintenance.querySelectorAll('section[aria-labelledby=past] .list > li').length).toBeLessThanOrEqual(25);
    expect(maintenance.querySelector('nav.pager a[rel=next]')?.getAttribute('href')).toBe('/maintenance/2/');
  });
});
