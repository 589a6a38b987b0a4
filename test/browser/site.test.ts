import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRelative } from '../../src/core/view/format.ts';
import { serveStatic } from '../../src/io/serve-static.ts';
import { en } from '../../src/i18n/en.ts';
import { buildFixture, FIXTURE_NOW, PROJECT } from '../site/helpers.ts';
import { DOMAINS, LANGS, PAGES, type Lang } from './fixture-pages.ts';

const SHOTS = path.join(PROJECT, 'test-results', 'screenshots');

let browser: Browser;
const servers: Server[] = [];
const origin: Record<string, string> = {};
let statusJson: Record<Lang, string>;
/** updated_at the pages were built with (model.lastUpdated). */
let baked: number;

beforeAll(async () => {
  const out = await buildFixture('site-domains');
  statusJson = { en: '', id: '' };
  for (const lang of LANGS) {
    const dir = path.join(out, DOMAINS[lang]);
    // The test rewrites status.json to simulate a newer deployment.
    statusJson[lang] = path.join(dir, 'api/v2/status.json');
    await mkdir(path.dirname(statusJson[lang]), { recursive: true });
    const { server, url } = await serveStatic(dir);
    servers.push(server);
    origin[lang] = url;
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ javaScriptEnabled: false });
  await page.goto(`${origin.en}/`);
  baked = Number(await page.locator('html').getAttribute('data-updated'));
  // The freshness check relies on this contract with the API: page.updated_at is what the pages were built with.
  const api = await page.goto(`${origin.en}/api/v2/status.json`);
  if (api?.ok()) expect(Date.parse((JSON.parse(await api.text()) as { page: { updated_at: string } }).page.updated_at)).toBe(baked);
  await page.close();
  for (const lang of LANGS) await writeStatus(lang, baked);
  await mkdir(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

function writeStatus(lang: Lang, updatedAt: number): Promise<void> {
  return writeFile(statusJson[lang], JSON.stringify({ page: { updated_at: new Date(updatedAt).toISOString() }, status: { indicator: 'major', description: 'Major' } }));
}

async function open(lang: Lang, pagePath: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${origin[lang]}/${pagePath}`);
  return page;
}

describe('in Chromium', () => {
  it('works without JavaScript: content, build-time times and the generation notice', async () => {
    const page = await open('en', PAGES.home, { javaScriptEnabled: false, timezoneId: 'America/New_York' });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(en['page.major']);
    const footer = await page.getByRole('contentinfo').innerText();
    expect(footer).toMatch(/This page was generated Nov 22, 2026, 7:00\s?PM GMT\+7\./);
    await expect(page.locator('#fresh').isVisible()).resolves.toBe(false);
    await page.screenshot({ path: path.join(SHOTS, 'home-en-nojs.png'), fullPage: true });
    await page.context().close();
  });

  it('shows times in the reader’s zone and keeps relative times current when JavaScript runs', async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const later = FIXTURE_NOW + 3 * 3_600_000;
    await page.clock.install({ time: later });
    await page.goto(`${origin.en}/${PAGES.incident}`);
    const local = page.locator('.timeline time[data-local]').first();
    await expect(local.textContent()).resolves.toMatch(/Nov 22, 2026, 6:05\s?AM EST/);
    const utc = page.locator('.timeline .meta time:not([data-local])').first();
    await expect(utc.textContent()).resolves.toMatch(/11:05\s?AM UTC/);
    await page.goto(`${origin.en}/`);
    const rel = page.locator('time[data-rel]').first();
    const at = Date.parse((await rel.getAttribute('datetime'))!);
    await expect(rel.textContent()).resolves.toBe(formatRelative(at, later, 'en'));
    await page.clock.runFor(2 * 3_600_000);
    await expect(rel.textContent()).resolves.toBe(formatRelative(at, later + 2 * 3_600_000, 'en'));
    await context.close();
  });

  it('tells a reader with an open tab that newer information exists, once, without reloading', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install({ time: FIXTURE_NOW });
    let navigations = 0;
    page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);
    await page.goto(`${origin.en}/`);
    const fresh = page.locator('#fresh');
    await page.clock.runFor(61_000);
    await page.waitForTimeout(200);
    await expect(fresh.isVisible()).resolves.toBe(false);
    await writeStatus('en', baked + 60_000);
    await page.clock.runFor(61_000);
    await fresh.waitFor({ state: 'visible' });
    await expect(fresh.getByRole('link').getAttribute('href')).resolves.toBe('/');
    await page.clock.runFor(5 * 61_000);
    expect(navigations).toBe(1);
    await expect(page.locator('#fresh').count()).resolves.toBe(1);
    await writeStatus('en', baked);
    await context.close();
  });

  // One test per page, locale and scheme: an axe scan takes seconds on a busy machine, and a single
  // test of all 32 outran its timeout there.
  const scans = (['light', 'dark'] as const).flatMap((scheme) => LANGS.flatMap((lang) => Object.entries(PAGES).map(([name, pagePath]) => [scheme, lang, name, pagePath] as const)));
  it.each(scans)('has no axe violations (%s, %s, %s page)', { timeout: 300_000 }, async (scheme, lang, name, pagePath) => {
    const page = await open(lang, pagePath, { colorScheme: scheme });
    const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const problems = result.violations.map((v) => `${lang} ${name}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('runs its script under the Content-Security-Policy, which blocks anything else', async () => {
    const context = await browser.newContext({ timezoneId: 'America/New_York' });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${origin.en}/${PAGES.incident}`);
    // The page script ran: build-time times were re-rendered in the reader's zone.
    await expect.poll(() => page.locator('time[data-local]').first().textContent()).toMatch(/EST|GMT-5/);
    expect(violations).toEqual([]);
    // An injected inline script is refused (what a future escaping mistake would amount to).
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'document.documentElement.dataset.injected = "yes"';
      document.body.append(s);
    });
    expect(await page.locator('html').getAttribute('data-injected')).toBeNull();
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    await context.close();
  });

  it('uses dark colours when the system asks for them', async () => {
    const luminance = async (scheme: 'light' | 'dark') => {
      const page = await open('en', PAGES.home, { colorScheme: scheme });
      const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.screenshot({ path: path.join(SHOTS, `home-en-${scheme}.png`), fullPage: true });
      await page.context().close();
      const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
      return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    };
    expect(await luminance('light')).toBeGreaterThan(0.9);
    expect(await luminance('dark')).toBeLessThan(0.15);
  });

  it('fits a 360 px wide phone screen without horizontal scrolling', async () => {
    for (const lang of LANGS) {
      for (const pagePath of Object.values(PAGES)) {
        const page = await open(lang, pagePath, { viewport: { width: 360, height: 740 }, isMobile: true });
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, `${lang} /${pagePath}`).toBeLessThanOrEqual(360);
        await page.context().close();
      }
    }
  });

  it('can be used with the keyboard: skip link first, landmarks, visible focus on every control', async () => {
    const page = await open('en', PAGES.incident);
    for (const role of ['banner', 'main', 'contentinfo'] as const) await expect(page.getByRole(role).count()).resolves.toBe(1);
    await expect(page.getByRole('navigation').count()).resolves.toBe(2);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({ text: document.activeElement?.textContent, top: document.activeElement?.getBoundingClientRect().top ?? -1 }));
    expect(skip.text).toBe(en['site.skip']);
    expect(skip.top).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    const focusable = await page.locator('a[href], summary, button').count();
    const seen = new Set<string>();
    for (let n = 0; n < focusable + 2; n++) {
      await page.keyboard.press('Tab');
      const state = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return undefined;
        const style = getComputedStyle(el);
        return { key: `${el.tagName} ${el.textContent?.trim()} ${el.getAttribute('href') ?? ''}`, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
      });
      if (!state) continue;
      seen.add(state.key);
      expect(state.outline, state.key).not.toBe('none');
      expect(state.width, state.key).toBeGreaterThanOrEqual(2);
    }
    expect([...seen].some((k) => k.startsWith('SUMMARY'))).toBe(true);
    await page.keyboard.press('Shift+Tab');
    await page.context().close();
  });

  it('prints incident pages without navigation', async () => {
    const page = await open('en', PAGES.incident);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('navigation').first().isVisible()).resolves.toBe(false);
    await expect(page.getByRole('heading', { level: 1 }).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('keeps screenshots of the home and an incident page per locale', async () => {
    for (const lang of LANGS) {
      for (const [name, pagePath] of [['home', PAGES.home], ['incident', PAGES.incident]] as const) {
        const page = await open(lang, pagePath, { viewport: { width: 1000, height: 900 } });
        const file = path.join(SHOTS, `${name}-${lang}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await page.context().close();
      }
    }
  });
});
