import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import { serveStatic } from '../../src/io/serve-static.ts';
import { buildFixture, FIXTURE_NOW, PROJECT, tempDir } from '../site/helpers.ts';

/**
 * The embed widget and the iframe page as a product embeds them: a host page on another
 * origin (another port) with a strict Content-Security-Policy, the status sites served as a
 * static host serves them (their `_headers` applied), in real Chromium.
 */

const STATES = ['operational', 'incident', 'maintenance'] as const;
type State = (typeof STATES)[number];
const SHOTS = path.join(PROJECT, 'test-results', 'screenshots');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let browser: Browser;
const servers: Server[] = [];
const site: Record<State | 'broken', { dir: string; origin: string }> = {} as never;
let host = '';
/** Host pages by path, served with the strict policy below. */
const pages = new Map<string, string>();

const policy = (origin: string) =>
  [`default-src 'none'`, `script-src ${origin}`, `connect-src ${origin}`, `frame-src ${origin}`, `style-src 'none'`, `img-src 'none'`, `require-trusted-types-for 'script'`].join('; ');

beforeAll(async () => {
  for (const state of STATES) {
    const dir = path.join(await buildFixture(`embed-${state}`), 'site');
    const { server, url } = await serveStatic(dir);
    servers.push(server);
    site[state] = { dir, origin: url };
  }
  // A site whose status file is gone (a broken deploy): the widget must show nothing and warn once.
  const broken = await tempDir('embed-broken');
  for (const file of ['embed.js', '_headers']) await copyFile(path.join(site.operational.dir, file), path.join(broken, file));
  const served = await serveStatic(broken);
  servers.push(served.server);
  site.broken = { dir: broken, origin: served.url };

  const hostServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const html = pages.get(url.pathname);
    if (!html) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy(url.searchParams.get('site') ?? 'none') });
    res.end(html);
  });
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve));
  servers.push(hostServer);
  host = `http://127.0.0.1:${(hostServer.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A host page in English with the given body; the widget script of `origin` (and `lang`) at the end. */
function hostPage(name: string, origin: string, body: string, lang = ''): string {
  pages.set(`/${name}`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app: ${name}</title></head><body><main><h1>Acme app</h1>${body}</main><script src="${origin}/${lang}embed.js" defer></script></body></html>`);
  return `${host}/${name}?site=${encodeURIComponent(origin)}`;
}

interface Visit {
  page: Page;
  requests: string[];
  console: { type: string; text: string }[];
}

async function visit(url: string, options: BrowserContextOptions & { clock?: number } = {}): Promise<Visit> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const requests: string[] = [];
  const messages: Visit['console'] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => messages.push({ type: 'pageerror', text: e.message }));
  if (options.clock !== undefined) await page.clock.install({ time: options.clock });
  await page.goto(url);
  return { page, requests, console: messages };
}

/** The text of each `<kabar-status>` on the page, whitespace collapsed ('' when it shows nothing). */
function widgetTexts(page: Page): Promise<string[]> {
  return page.locator('kabar-status').evaluateAll((els) => els.map((el) => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim()));
}

async function settled(page: Page, count: number): Promise<void> {
  // Drawn once the site's JSON arrived: every widget that shows something has a child in its live region.
  await page.waitForFunction((n) => [...document.querySelectorAll('kabar-status')].filter((el) => el.shadowRoot?.querySelector('[role=status] > *')).length >= n, count);
}

const FORMS = '<p><kabar-status></kabar-status></p><kabar-status variant="banner"></kabar-status><p><kabar-status variant="dot"></kabar-status></p><p><kabar-status component="login"></kabar-status></p><p><kabar-status component="api"></kabar-status></p><p><kabar-status component="core"></kabar-status></p>';

describe('the <kabar-status> widget on a page of another origin', () => {
  it('a site without regions never says "Affected regions"', async () => {
    for (const file of ['index.html', 'incidents/2026-11-22-api-errors/index.html']) {
      const html = await readFile(path.join(site.incident.dir, file), 'utf8');
      expect(html, file).toContain(en['incident.impact']);
      expect(html, file).not.toContain(en['incident.regions']);
    }
  });

  it('stays under 2 KB gzipped in every language', async () => {
    for (const file of ['embed.js', 'id/embed.js']) {
      const bytes = await readFile(path.join(site.incident.dir, file));
      expect(gzipSync(bytes).length, file).toBeLessThan(2048);
    }
  });

  it('shows the overall status when all is well; the banner stays empty', async () => {
    const v = await visit(hostPage('operational', site.operational.origin, FORMS));
    await settled(v.page, 5);
    expect(await widgetTexts(v.page)).toEqual([en['page.operational'], '', '', `Login: ${en['component.operational']}`, `API: ${en['component.operational']}`, `Core: ${en['component.operational']}`]);
    const dot = v.page.locator('kabar-status[variant=dot] a');
    await expect(dot.getAttribute('title')).resolves.toBe(en['page.operational']);
    await expect(v.page.locator('kabar-status').first().getByRole('link').getAttribute('href')).resolves.toBe(`${site.operational.origin}/`);
    await v.page.screenshot({ path: path.join(SHOTS, 'embed-operational.png'), fullPage: true });
    await v.page.context().close();
  });

  it('names the worst active incident with its status and links to it; a component follows only its own incidents', async () => {
    // Two active incidents: an outage of the API and, opened later, a slow website. The worst one leads everywhere.
    const v = await visit(hostPage('incident', site.incident.origin, `${FORMS}<p><kabar-status component="website"></kabar-status></p>`));
    await settled(v.page, 7);
    const about = `API errors (${en['status.identified']})`;
    // The banner's rows are paragraphs, so their texts meet without a space.
    const banner = `API errors ${en['status.identified']} ${en['embed.details']}` + `Slow website ${en['status.investigating']} ${en['embed.details']}`;
    expect(await widgetTexts(v.page)).toEqual([about, banner, '', `Login: ${en['component.operational']}`, about, about, `Slow website (${en['status.investigating']})`]);
    await expect(v.page.locator('kabar-status[variant=banner] p').evaluateAll((rows) => rows.map((r) => r.className))).resolves.toEqual(['row major', 'row minor']);
    const incidentUrl = `${site.incident.origin}/incidents/2026-11-22-api-errors/`;
    await expect(v.page.locator('kabar-status').first().getByRole('link').getAttribute('href')).resolves.toBe(incidentUrl);
    await expect(
      v.page.locator('kabar-status[variant=banner]').getByRole('link', { name: en['embed.details'] }).evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).resolves.toEqual([incidentUrl, `${site.incident.origin}/incidents/2026-11-22-slow-website/`]);
    await expect(v.page.locator('kabar-status[variant=dot]').getByRole('link', { name: about }).count()).resolves.toBe(1);
    await v.page.screenshot({ path: path.join(SHOTS, 'embed-incident.png'), fullPage: true });
    await v.page.context().close();
  });

  it('shows maintenance in progress', async () => {
    const v = await visit(hostPage('maintenance', site.maintenance.origin, FORMS));
    await settled(v.page, 5);
    const texts = await widgetTexts(v.page);
    expect(texts[0]).toBe(`Database upgrade (${en['status.in_progress']})`);
    expect(texts[1]).toBe(`Database upgrade ${en['status.in_progress']} ${en['embed.details']}`);
    expect(texts[4]).toBe(`API: ${en['component.operational']}`);
    await v.page.context().close();
  });

  it('speaks the language of the site it comes from, and says so for screen readers', async () => {
    const v = await visit(hostPage('indonesian', site.incident.origin, '<kabar-status></kabar-status><kabar-status variant="banner"></kabar-status>', 'id/'));
    await settled(v.page, 2);
    expect(await widgetTexts(v.page)).toEqual([
      `Galat API (${id['status.identified']})`,
      `Galat API ${id['status.identified']} ${id['embed.details']}` + `Situs web lambat ${id['status.investigating']} ${id['embed.details']}`,
    ]);
    const region = v.page.locator('kabar-status').first().getByRole('status');
    await expect(region.getAttribute('lang')).resolves.toBe('id');
    await expect(v.page.locator('kabar-status').first().getByRole('link').getAttribute('href')).resolves.toBe(`${site.incident.origin}/id/incidents/2026-11-22-api-errors/`);
    await v.page.context().close();
  });

  it('asks for nothing but its own script and the site’s JSON, and logs nothing, under a strict CSP with Trusted Types', async () => {
    for (const state of STATES) {
      const v = await visit(hostPage(`requests-${state}`, site[state].origin, FORMS));
      await settled(v.page, 5);
      const origin = site[state].origin;
      expect(new Set(v.requests.filter((u) => !u.startsWith(`${host}/`)))).toEqual(new Set([`${origin}/embed.js`, `${origin}/api/v2/summary.json`]));
      expect(v.console).toEqual([]);
      await v.page.context().close();
    }
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no axe violations in every state (${scheme})`, async () => {
      for (const state of STATES) {
        const v = await visit(hostPage(`axe-${state}`, site[state].origin, FORMS), { colorScheme: scheme });
        await settled(v.page, 5);
        const result = await new AxeBuilder({ page: v.page }).withTags(AXE_TAGS).analyze();
        expect(result.violations.map((x) => `${state}: ${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
        await v.page.screenshot({ path: path.join(SHOTS, `embed-${state}-${scheme}.png`), fullPage: true });
        await v.page.context().close();
      }
    });
  }

  it('follows the reader’s light or dark mode, unless the page sets theme', async () => {
    const url = hostPage('schemes', site.operational.origin, '<kabar-status></kabar-status><kabar-status theme="light"></kabar-status><kabar-status theme="dark"></kabar-status>');
    const backgrounds = async (scheme: 'light' | 'dark') => {
      const v = await visit(url, { colorScheme: scheme });
      await settled(v.page, 3);
      const colours = await v.page.locator('kabar-status').evaluateAll((els) => els.map((el) => getComputedStyle(el.shadowRoot!.querySelector('a')!).backgroundColor));
      await v.page.context().close();
      return colours;
    };
    const white = 'rgb(255, 255, 255)';
    const [lightAuto, lightForced, darkForced] = await backgrounds('light');
    const [darkAuto, lightInDark, darkInDark] = await backgrounds('dark');
    expect([lightAuto, lightForced, lightInDark]).toEqual([white, white, white]);
    expect(darkAuto).not.toBe(white);
    expect([darkForced, darkInDark]).toEqual([darkAuto, darkAuto]);
  });

  it('updates itself when the status changes, and announces only a change', async () => {
    const summary = path.join(site.operational.dir, 'api/v2/summary.json');
    const original = await readFile(summary);
    try {
      const v = await visit(hostPage('live', site.operational.origin, '<kabar-status></kabar-status>'), { clock: FIXTURE_NOW });
      await settled(v.page, 1);
      const region = v.page.locator('kabar-status').getByRole('status');
      // Count every replacement of the live region's content: each one is an announcement.
      await region.evaluate((el) => {
        (window as unknown as { changes: number }).changes = 0;
        new MutationObserver(() => (window as unknown as { changes: number }).changes++).observe(el, { childList: true });
      });
      await v.page.clock.runFor(61_000);
      await v.page.waitForTimeout(300);
      await expect(v.page.evaluate(() => (window as unknown as { changes: number }).changes)).resolves.toBe(0);
      await copyFile(path.join(site.incident.dir, 'api/v2/summary.json'), summary);
      await v.page.clock.runFor(61_000);
      await v.page.waitForFunction(() => document.querySelector('kabar-status')?.shadowRoot?.textContent?.includes('API errors'));
      expect(await widgetTexts(v.page)).toEqual([`API errors (${en['status.identified']})`]);
      await expect(v.page.evaluate(() => (window as unknown as { changes: number }).changes)).resolves.toBe(1);
      await v.page.context().close();
    } finally {
      await writeFile(summary, original);
    }
  });

  it('shows nothing and warns once when the site’s status cannot be read, or the component does not exist', async () => {
    const broken = await visit(hostPage('broken', site.broken.origin, '<kabar-status></kabar-status><kabar-status variant="banner"></kabar-status><kabar-status variant="dot"></kabar-status>'));
    await expect.poll(() => broken.console.filter((m) => m.type === 'warning').length).toBe(1);
    expect(broken.console.find((m) => m.type === 'warning')!.text).toMatch(/^<kabar-status>: could not read http:\/\/127\.0\.0\.1:\d+\/api\/v2\/summary\.json \(HTTP 404\)$/);
    expect(await widgetTexts(broken.page)).toEqual(['', '', '']);
    expect(broken.console.filter((m) => m.type === 'error' && !/404/.test(m.text))).toEqual([]);
    await broken.page.context().close();

    const unknown = await visit(hostPage('unknown', site.operational.origin, '<kabar-status component="nope"></kabar-status><kabar-status component="nope" variant="dot"></kabar-status><kabar-status></kabar-status>'));
    await settled(unknown.page, 1);
    expect(await widgetTexts(unknown.page)).toEqual(['', '', en['page.operational']]);
    expect(unknown.console).toEqual([{ type: 'warning', text: '<kabar-status>: no component "nope"' }]);
    await unknown.page.context().close();
  });
});

describe('the iframe page (embed/)', () => {
  it('shows each state without any JavaScript, is axe-clean, and loads nothing else', async () => {
    const expected: Record<State, string[]> = {
      operational: [en['page.operational']],
      incident: [en['page.major'], `API errors ${en['status.identified']}`, `Slow website ${en['status.investigating']}`],
      maintenance: [en['page.maintenance'], `Database upgrade ${en['status.in_progress']}`],
    };
    for (const state of STATES) {
      const origin = site[state].origin;
      pages.set(`/frame-${state}`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme app</title></head><body><main><h1>Acme app</h1><iframe src="${origin}/embed/" title="Acme status" width="360" height="160"></iframe></main></body></html>`);
      const v = await visit(`${host}/frame-${state}?site=${encodeURIComponent(origin)}`, { javaScriptEnabled: true });
      const frame = v.page.frameLocator('iframe');
      await frame.locator('h1').waitFor();
      const texts = await frame.locator('h1, li').evaluateAll((els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));
      expect(texts).toEqual(expected[state]);
      await expect(frame.locator('script').count()).resolves.toBe(0);
      expect(v.requests.filter((u) => !u.startsWith(`${host}/`))).toEqual([`${origin}/embed/`]);
      expect(v.console).toEqual([]);
      const result = await new AxeBuilder({ page: v.page }).withTags(AXE_TAGS).analyze();
      expect(result.violations.map((x) => `${state}: ${x.id}`)).toEqual([]);
      await v.page.context().close();
    }
  });

  it('opens its links outside the frame, and shows one component on components/<id>/embed/', async () => {
    const v = await visit(`${site.incident.origin}/components/login/embed/`);
    await expect(v.page.locator('h1').textContent()).resolves.toBe(`Login: ${en['component.operational']}`);
    await expect(v.page.locator('li').count()).resolves.toBe(0);
    await v.page.goto(`${site.incident.origin}/components/api/embed/`);
    await expect(v.page.locator('h1').textContent()).resolves.toBe(`API: ${en['component.major_outage']}`);
    await expect(v.page.locator('base').getAttribute('target')).resolves.toBe('_blank');
    await v.page.goto(`${site.incident.origin}/id/embed/`);
    await expect(v.page.locator('li a').allTextContents()).resolves.toEqual(['Galat API', 'Situs web lambat']);
    await v.page.context().close();
  });
});
