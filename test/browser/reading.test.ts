import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../src/io/serve-static.ts';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import { buildFixture, PROJECT, runBuild, tempDir } from '../site/helpers.ts';
import { DOMAINS, LANGS, PAGES, type Lang } from './fixture-pages.ts';

// What only a browser shows: the phone's first screen during an outage, the uptime bars at 360 px, reaching a day's
// figures by keyboard without JavaScript, colours that say "resolved", styled postmortem tables. Every page type is
// photographed on a phone and a desktop, light and dark, into test-results/screenshots/pages/.
const UI = { en, id } as const;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;
const DESKTOP = { viewport: { width: 1100, height: 900 } } satisfies BrowserContextOptions;
const SHOTS = path.join(PROJECT, 'test-results', 'screenshots', 'pages');

let browser: Browser;
const servers: Server[] = [];
const origin: Record<string, string> = {};
/** The committed example (Kedai), one site with /id/: its active incident's long Indonesian text is the hard case. */
let example = '';
/** The moment the committed example was generated for (incidents/README.md). */
const EXAMPLE_NOW = Date.parse('2026-11-23T09:00:00+07:00');

beforeAll(async () => {
  const out = await buildFixture('site-domains');
  for (const lang of LANGS) {
    const { server, url } = await serveStatic(path.join(out, DOMAINS[lang]));
    servers.push(server);
    origin[lang] = url;
  }
  const exampleOut = path.join(await tempDir('example'), 'dist');
  const built = await runBuild(['--root', PROJECT, '--out', exampleOut, '--single-domain'], EXAMPLE_NOW);
  if (built.code !== 0) throw new Error(`the example did not build:\n${built.stderr}`);
  const served = await serveStatic(path.join(exampleOut, 'site'));
  servers.push(served.server);
  example = served.url;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function open(lang: Lang, pagePath: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ timezoneId: 'Asia/Jakarta', ...options });
  const page = await context.newPage();
  await page.goto(`${origin[lang]}/${pagePath}`);
  return page;
}

describe('in Chromium', () => {
  it('the first phone screen of an outage answers what is broken, for whom, what to do and when we say more', async () => {
    const homes = [...LANGS.map((lang) => ({ lang, url: `${origin[lang]}/`, shot: lang })), ...LANGS.map((lang) => ({ lang, url: `${example}/${lang === 'en' ? '' : `${lang}/`}`, shot: `example-${lang}` }))];
    for (const { lang, url, shot } of homes) {
      const context = await browser.newContext({ timezoneId: 'Asia/Jakarta', ...PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(url);
      const card = page.locator('section[aria-labelledby=active] article').first();
      const fact = (key: 'incident.impact' | 'incident.components' | 'incident.regions' | 'incident.workaround') =>
        card.locator('dt', { hasText: new RegExp(`^${UI[lang][key]}$`) }).locator('xpath=following-sibling::dd[1]');
      const answers = {
        broken: card.locator('h3'),
        components: fact('incident.components'),
        impact: fact('incident.impact'),
        regions: fact('incident.regions'),
        workaround: fact('incident.workaround'),
        nextUpdate: card.locator('.next'),
      };
      for (const [what, locator] of Object.entries(answers)) {
        const box = await locator.boundingBox();
        expect(box, `${shot} ${what}`).not.toBeNull();
        expect(box!.y + box!.height, `${shot} ${what} ends within the first 740 px`).toBeLessThanOrEqual(740);
      }
      await page.screenshot({ path: path.join(SHOTS, `first-screen-${shot}-phone.png`) });
      await page.context().close();
    }
  });

  it('uptime bars at 360 px: 30 visible days wide enough to see, and a legend that does not collide', async () => {
    const page = await open('en', '', PHONE);
    const row = page.locator('.comp > li', { has: page.locator('.uptime') }).first();
    const bar = await row.locator('.bar').boundingBox();
    expect(bar!.width / 30).toBeGreaterThanOrEqual(9);
    const spans = await row.locator('.uptime p span').evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ left: r.left, right: r.right, top: r.top })),
    );
    expect(spans).toHaveLength(3);
    expect(new Set(spans.map((s) => s.top)).size).toBe(1);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.left).toBeGreaterThan(spans[i - 1]!.right);
    expect(await row.locator('.uptime p').innerText()).toMatch(/^30 days ago\s+[\d.]+% uptime\s+Today$/);
    await row.screenshot({ path: path.join(SHOTS, 'uptime-bar-phone.png') });
    await page.context().close();
    const desktop = await open('en', '', DESKTOP);
    const wide = desktop.locator('.comp > li', { has: desktop.locator('.uptime') }).first();
    expect(await wide.locator('.uptime p').innerText()).toMatch(/^90 days ago\s+[\d.]+% uptime\s+Today$/);
    await wide.screenshot({ path: path.join(SHOTS, 'uptime-bar-desktop.png') });
    await desktop.context().close();
  });

  it('a day’s figures and incidents are reachable by keyboard, without JavaScript', async () => {
    const page = await open('en', '', { ...DESKTOP, javaScriptEnabled: false });
    let focused = '';
    for (let n = 0; n < 60 && !focused.includes('#days'); n++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toBe('/components/website/#days');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/components\/website\/#days$/);
    await expect(page.locator('#days').isVisible()).resolves.toBe(true);
    // From the daily list, the next stops are the incidents of each listed day.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => document.activeElement?.closest('ol.days') !== null && document.activeElement?.getAttribute('href'));
    expect(next).toMatch(/^\/incidents\//);
    await page.screenshot({ path: path.join(SHOTS, 'daily-uptime-keyboard.png') });
    await page.context().close();
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`a resolved incident reads resolved, in the colour of "operational" (${scheme})`, async () => {
      const page = await open('en', PAGES.history, { colorScheme: scheme });
      const colour = (selector: string) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).color);
      const resolved = page.locator('.list > li', { hasText: 'Slow API responses' }).locator('.st');
      await expect(resolved.innerText()).resolves.toBe(en['status.resolved']);
      const home = await open('en', '', { colorScheme: scheme });
      const operational = await home.locator('.comp .st.s-operational').first().evaluate((e) => getComputedStyle(e).color);
      expect(await resolved.evaluate((e) => getComputedStyle(e).color)).toBe(operational);
      expect(await colour('.list > li.s-critical .st, .list > li.s-major .st')).not.toBe(operational);
      await home.context().close();
      await page.context().close();
    });
  }

  it('postmortem tables are styled: left-aligned headers, cells apart', async () => {
    const page = await open('en', PAGES.postmortem, PHONE);
    const th = page.locator('article .md th').first();
    // "start": left in a left-to-right page, right in a right-to-left one.
    expect(await th.evaluate((e) => getComputedStyle(e).textAlign)).toBe('start');
    const cells = await page.locator('article .md tbody tr').first().locator('td').evaluateAll((tds) => tds.map((td) => td.getBoundingClientRect()));
    for (let i = 1; i < cells.length; i++) expect(cells[i]!.left).toBeGreaterThanOrEqual(cells[i - 1]!.right);
    const padding = await page.locator('article .md td').first().evaluate((e) => parseFloat(getComputedStyle(e).paddingRight));
    expect(padding).toBeGreaterThanOrEqual(8);
    // A wide table scrolls inside itself; the page never scrolls sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.context().close();
  });

  it('photographs every page type on a phone and a desktop, light and dark, without horizontal scrolling', async () => {
    // Not the widget page: site.test.ts checks it at 360 px with the other pages, and embed.test.ts photographs the embeds.
    for (const [name, pagePath] of Object.entries(PAGES).filter(([name]) => name !== 'widget')) {
      for (const [device, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
        for (const scheme of ['light', 'dark'] as const) {
          const page = await open('en', pagePath, { ...options, colorScheme: scheme });
          expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} ${device}`).toBeLessThanOrEqual(options.viewport.width);
          await page.screenshot({ path: path.join(SHOTS, `${name}-en-${device}-${scheme}.png`), fullPage: true });
          await page.context().close();
        }
      }
    }
    for (const [device, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
      const page = await open('id', PAGES.home, options);
      await page.screenshot({ path: path.join(SHOTS, `home-id-${device}-light.png`), fullPage: true });
      await page.context().close();
    }
    // Forty-two full-page screenshots: minutes on a busy 2-core machine.
  }, 480_000);
});
