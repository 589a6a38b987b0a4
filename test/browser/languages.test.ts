import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../src/io/serve-static.ts';
import { buildFixture, PROJECT } from '../site/helpers.ts';

// Arabic (right to left) and Japanese as their readers see them: mirrored where Arabic reads the other way, real
// glyphs rather than empty boxes; and with German and Brazilian Portuguese, no horizontal scrolling and axe-clean in
// light and dark. Screenshots of every page type on a phone and a desktop go to test-results/screenshots/languages/.
const DOMAINS = { ar: 'status.acme.ae', ja: 'status.acme.jp', de: 'status.acme.de', 'pt-BR': 'status.acme.com.br' } as const;
type Lang = keyof typeof DOMAINS;
const PAGES = { home: '', incident: 'incidents/2026-11-22-checkout/', component: 'components/checkout/' } as const;
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;
const DESKTOP = { viewport: { width: 1100, height: 900 } } satisfies BrowserContextOptions;
const SHOTS = path.join(PROJECT, 'test-results', 'screenshots', 'languages');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let browser: Browser;
const servers: Server[] = [];
const origin = {} as Record<Lang, string>;

beforeAll(async () => {
  const out = await buildFixture('site-languages');
  for (const lang of Object.keys(DOMAINS) as Lang[]) {
    const { server, url } = await serveStatic(path.join(out, DOMAINS[lang]));
    servers.push(server);
    origin[lang] = url;
  }
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
  const context = await browser.newContext({ timezoneId: 'Europe/Berlin', ...options });
  const page = await context.newPage();
  await page.goto(`${origin[lang]}/${pagePath}`);
  return page;
}

/** Whether two characters are drawn differently: a missing font draws both as the same empty box. */
const drawnApart = (page: Page, a: string, b: string) =>
  page.evaluate(
    ([x, y]) => {
      const draw = (ch: string) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 48;
        const ctx = canvas.getContext('2d')!;
        ctx.font = `32px ${getComputedStyle(document.body).fontFamily}`;
        ctx.fillText(ch, 4, 38);
        return canvas.toDataURL();
      };
      return draw(x) !== draw(y);
    },
    [a, b],
  );

describe('Arabic, Japanese, German and Brazilian Portuguese in Chromium', () => {
  it('Arabic is mirrored: the banner’s icon on the right, the newest uptime day on the left next to "today"', async () => {
    for (const [lang, rtl] of [['ar', true], ['ja', false]] as const) {
      const page = await open(lang, '', DESKTOP);
      const icon = (await page.locator('.banner svg').boundingBox())!;
      const heading = (await page.locator('.banner h1').boundingBox())!;
      expect(icon.x > heading.x, `${lang}: icon to the ${rtl ? 'right' : 'left'} of the heading`).toBe(rtl);
      // Checkout is down today: its bar's newest day is the major-outage stroke.
      const row = page.locator('.comp > li', { has: page.locator('a[href$="/components/checkout/"]') });
      const bar = (await row.locator('.bar').boundingBox())!;
      const today = (await row.locator('.bar path.m').boundingBox())!;
      expect(today.x + today.width / 2 < bar.x + bar.width / 2, `${lang}: today on the ${rtl ? 'left' : 'right'}`).toBe(rtl);
      const legend = await row.locator('.uptime p span').evaluateAll((spans) => spans.filter((s) => s.getBoundingClientRect().width > 0).map((s) => s.getBoundingClientRect().x));
      expect(legend.at(-1)! < legend[0]!, `${lang}: "today" on the ${rtl ? 'left' : 'right'} of the legend`).toBe(rtl);
      await page.context().close();
    }
  });

  it('draws real glyphs, not empty boxes, for Japanese, Chinese and Arabic', async () => {
    const ja = await open('ja', '');
    expect(await drawnApart(ja, '決', '済')).toBe(true);
    expect(await drawnApart(ja, 'ア', 'カ')).toBe(true);
    // Simplified and Traditional Chinese forms that Japanese does not use.
    expect(await drawnApart(ja, '简', '这')).toBe(true);
    expect(await drawnApart(ja, '體', '臺')).toBe(true);
    await ja.context().close();
    const ar = await open('ar', '');
    expect(await drawnApart(ar, 'ع', 'ش')).toBe(true);
    await ar.context().close();
  });

  for (const lang of Object.keys(DOMAINS) as Lang[]) {
    it(`${lang}: every page type on a phone and a desktop, light and dark: no horizontal scrolling, no axe violations`, { timeout: 600_000 }, async () => {
      for (const [name, pagePath] of Object.entries(PAGES)) {
        for (const [device, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
          for (const scheme of ['light', 'dark'] as const) {
            const page = await open(lang, pagePath, { ...options, colorScheme: scheme });
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            expect(overflow, `${lang} ${name} ${device}`).toBeLessThanOrEqual(0);
            if (device === 'desktop') {
              const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
              expect(result.violations.map((v) => `${lang} ${name} ${scheme}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
            }
            await page.screenshot({ path: path.join(SHOTS, `${lang}-${name}-${device}-${scheme}.png`), fullPage: device === 'desktop' });
            await page.context().close();
          }
        }
      }
    });
  }
});
