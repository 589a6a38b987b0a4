import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../src/i18n/dictionaries.ts';
import { LANGUAGES } from '../../src/i18n/languages.ts';
import { serveStatic } from '../../src/io/serve-static.ts';
import { fixture, PROJECT, runBuild, tempDir } from '../site/helpers.ts';

// The first phone screen of an outage in every bundled language: the site-languages fixture's active incident
// (impact, components, regions, workaround, next update) must be readable without scrolling on a 360×740 phone,
// whatever the language's word lengths or direction. One site holds every language under /<tag>/.
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const SHOTS = path.join(PROJECT, 'test-results', 'screenshots', 'first-screen');
const TAGS = LANGUAGES.map((l) => l.tag).filter((tag) => Object.hasOwn(DICTIONARIES, tag));

let browser: Browser;
let server: Server;
let origin = '';
let site = '';

beforeAll(async () => {
  const root = path.join(await tempDir('first-screen'), 'status');
  await cp(fixture('site-languages'), root, { recursive: true });
  const file = path.join(root, 'kabar.config.ts');
  const locales = LANGUAGES.filter((l) => TAGS.includes(l.tag)).map((l) => `    { tag: '${l.tag}', label: '${l.native}' },`);
  const config = (await readFile(file, 'utf8'))
    .replace("from 'kabar/config'", `from '${path.join(PROJECT, 'src/config.ts')}'`)
    .replace(/ {2}locales: \[[\s\S]*?\n {2}\],/, `  locales: [\n${locales.join('\n')}\n  ],`);
  await writeFile(file, config);
  const out = path.join(root, '..', 'dist');
  const run = await runBuild(['--root', root, '--out', out, '--single-domain']);
  if (run.code !== 0) throw new Error(`build failed:\n${run.stderr}`);
  site = path.join(out, 'site');
  ({ server, url: origin } = await serveStatic(site));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(SHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the first phone screen of an outage, in every bundled language', () => {
  it(`says what is broken, for whom, what to do and when we say more, above the fold (${TAGS.length} languages)`, async () => {
    const late: string[] = [];
    for (const tag of TAGS) {
      const t = DICTIONARIES[tag]!;
      const context = await browser.newContext({ timezoneId: 'Europe/Berlin', ...PHONE, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto(`${origin}/${tag === 'en' ? '' : `${tag}/`}`);
      const card = page.locator('section[aria-labelledby=active] article').first();
      const fact = (key: 'incident.impact' | 'incident.components' | 'incident.regions' | 'incident.workaround') =>
        card.locator('dt', { hasText: String(t[key]) }).first().locator('xpath=following-sibling::dd[1]');
      const answers = { broken: card.locator('h3'), impact: fact('incident.impact'), components: fact('incident.components'), regions: fact('incident.regions'), workaround: fact('incident.workaround'), nextUpdate: card.locator('.next') };
      for (const [what, locator] of Object.entries(answers)) {
        const box = await locator.boundingBox();
        expect(box, `${tag} ${what}`).not.toBeNull();
        if (box!.y + box!.height > 740) late.push(`${tag} ${what} ends at ${Math.round(box!.y + box!.height)} px`);
      }
      await page.screenshot({ path: path.join(SHOTS, `${tag}-phone.png`) });
      await context.close();
    }
    expect(late).toEqual([]);
  });

  it('keeps every home page within 14 KB gzipped, in every bundled language', async () => {
    const over: string[] = [];
    for (const tag of TAGS) {
      const bytes = gzipSync(await readFile(path.join(site, tag === 'en' ? '' : tag, 'index.html'))).length;
      if (bytes > 14 * 1024) over.push(`${tag}: ${bytes} B`);
    }
    expect(over).toEqual([]);
  });
});
