import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Script } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile, renderHeadersFile, statusSiteHeaderRules } from '../../src/core/headers-file.ts';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import { serveStatic } from '../../src/io/serve-static.ts';
import { buildFixture, loadPage, tempDir, text } from './helpers.ts';

/** One domain under a base path (a GitHub Pages project site): every embed URL must carry the base. */
let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = path.join(await buildFixture('site-single', ['--base', '/status/', '--site-url', 'https://acme.github.io']), 'site');
});

describe('what a site offers for embedding', () => {
  it('writes a _headers file that opens the API and the widget script to other origins, per locale and under the base path', async () => {
    const rules = parseHeadersFile(await readFile(file('_headers'), 'utf8'));
    const everyFile: [string, string][] = [['Cache-Control', 'public, max-age=60'], ['X-Content-Type-Options', 'nosniff'], ['Referrer-Policy', 'strict-origin-when-cross-origin']];
    expect(rules).toEqual([
      { pattern: '/status/*', headers: everyFile },
      { pattern: '/status/api/v2/*', headers: [['Access-Control-Allow-Origin', '*']] },
      { pattern: '/status/embed.js', headers: [['Access-Control-Allow-Origin', '*']] },
      { pattern: '/status/id/api/v2/*', headers: [['Access-Control-Allow-Origin', '*']] },
      { pattern: '/status/id/embed.js', headers: [['Access-Control-Allow-Origin', '*']] },
    ]);
    expect(headersFor(rules, '/status/id/api/v2/summary.json')).toEqual([...everyFile, ['Access-Control-Allow-Origin', '*']]);
    expect(headersFor(rules, '/status/')).toEqual(everyFile);
    expect(headersFor(rules, '/status/incidents/x/')).toEqual(everyFile);
  });

  it('is applied by kabar preview the way Netlify and Cloudflare Pages apply it; the file itself is not served', async () => {
    const root = await tempDir('headers');
    await mkdir(path.join(root, 'api/v2'), { recursive: true });
    await writeFile(path.join(root, 'api/v2/status.json'), '{}');
    await writeFile(path.join(root, 'index.html'), '<!DOCTYPE html><title>x</title>');
    await writeFile(path.join(root, '_headers'), renderHeadersFile(statusSiteHeaderRules(['/'])));
    const { server, url } = await serveStatic(root);
    try {
      const api = await fetch(`${url}/api/v2/status.json`);
      expect([api.status, api.headers.get('access-control-allow-origin')]).toEqual([200, '*']);
      const home = await fetch(`${url}/`);
      expect([home.status, home.headers.get('access-control-allow-origin')]).toEqual([200, null]);
      const headers = await fetch(`${url}/_headers`);
      expect(headers.status).toBe(404);
      await Promise.all([api, home, headers].map((r) => r.arrayBuffer()));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('builds embed.js per locale: valid JavaScript in that language', async () => {
    const [english, indonesian] = await Promise.all([readFile(file('embed.js'), 'utf8'), readFile(file('id/embed.js'), 'utf8')]);
    for (const code of [english, indonesian]) expect(() => new Script(code)).not.toThrow();
    expect(english).toContain(JSON.stringify(en['page.operational']));
    expect(indonesian).toContain(JSON.stringify(id['page.operational']));
    expect(english).not.toContain(JSON.stringify(id['page.operational']));
  });

  it('builds embed/ without JavaScript, with a policy allowing only its own style sheet', async () => {
    for (const [prefix, ui] of [['', en], ['id/', id]] as const) {
      const doc = await loadPage(file(`${prefix}embed/index.html`));
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(doc.querySelectorAll('[style]')).toHaveLength(0);
      const csp = doc.querySelector('meta[http-equiv=Content-Security-Policy]')!.getAttribute('content')!;
      const style = doc.querySelector('style')!.textContent!;
      const hash = createHash('sha256').update(style, 'utf8').digest('base64');
      expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
      expect(doc.querySelector('meta[name=robots]')?.getAttribute('content')).toBe('noindex');
      expect(doc.querySelector('base')?.getAttribute('target')).toBe('_blank');
      expect(text(doc.querySelector('h1'))).toBe(ui['page.operational']);
      expect(doc.querySelector('h1 a')?.getAttribute('href')).toBe(`/status/${prefix}`);
    }
    const component = await loadPage(file('components/login/embed/index.html'));
    expect(text(component.querySelector('h1'))).toBe(`Login: ${en['component.operational']}`);
  });

  it('has a widget page with the snippets for this very site, linked from every page’s footer', async () => {
    for (const [prefix, ui] of [['', en], ['id/', id]] as const) {
      const doc = await loadPage(file(`${prefix}widget/index.html`));
      expect(text(doc.querySelector('main h1'))).toBe(ui['widget.title']);
      const snippets = [...doc.querySelectorAll('pre code')].map((c) => c.textContent);
      expect(snippets).toEqual([
        `<script src="https://acme.github.io/status/${prefix}embed.js" defer></script>\n<kabar-status></kabar-status>`,
        '<kabar-status variant="banner"></kabar-status>',
        '<kabar-status variant="dot"></kabar-status>',
        '<kabar-status component="login"></kabar-status>',
        `<iframe src="https://acme.github.io/status/${prefix}embed/" title="${ui['embed.title'].replace('{name}', 'Acme')}" width="360" height="160" loading="lazy"></iframe>`,
        `[![${ui['embed.title'].replace('{name}', 'Acme')}](https://acme.github.io/status/${prefix}badge.svg)](https://acme.github.io/status/${prefix})`,
      ]);
      expect([...doc.querySelectorAll('main li code')].map((c) => c.textContent)).toEqual(['login', 'api']);
      expect(doc.querySelector('script[src]')?.getAttribute('src')).toBe(`/status/${prefix}embed.js`);
      expect(doc.querySelectorAll('main kabar-status')).toHaveLength(2);
      const home = await loadPage(file(`${prefix}index.html`));
      expect([...home.querySelectorAll('footer a')].find((a) => text(a) === ui['site.widget'])?.getAttribute('href')).toBe(`/status/${prefix}widget/`);
    }
  });
});

