import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PAGE_SIZE } from '../../src/core/view/site-view.ts';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import { buildFixture, fixture, listFiles, loadPage, runBuild, tempDir, text } from './helpers.ts';

const exists = (file: string) => stat(file).then(() => true, () => false);

describe('single-domain build under a base path', () => {
  let site: string;
  beforeAll(async () => {
    site = path.join(await buildFixture('site-single', ['--base', '/status/', '--site-url', 'https://acme.github.io']), 'site');
  });

  it('puts the default locale at the base and others under /<tag>/, without a CNAME', async () => {
    expect((await loadPage(path.join(site, 'index.html'))).documentElement.getAttribute('lang')).toBe('en');
    expect((await loadPage(path.join(site, 'id/index.html'))).documentElement.getAttribute('lang')).toBe('id');
    expect(await exists(path.join(site, 'CNAME'))).toBe(false);
  });

  it('links only to pages that exist under the base path', async () => {
    const pages = (await listFiles(site)).filter((f) => f.endsWith('.html'));
    for (const file of pages) {
      const doc = await loadPage(path.join(site, file));
      for (const a of doc.querySelectorAll('a[href^="/"]')) {
        const href = a.getAttribute('href')!;
        expect(href, `${file}: ${href}`).toMatch(/^\/status\//);
        const target = href.replace(/^\/status\//, '').replace(/#.*$/, '');
        // Feeds, the API and badges are produced by other routes; pages must exist here.
        if (target === '' || target.endsWith('/')) expect(await exists(path.join(site, target, 'index.html')), `${file} links to ${href}`).toBe(true);
      }
    }
  });

  it('has one 404 page that also sends readers of the other language home, in their language', async () => {
    const doc = await loadPage(path.join(site, '404.html'));
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(text(doc.querySelector('main h1'))).toBe(en['notFound.title']);
    const other = doc.querySelector('main section[lang=id]');
    expect(text(other?.querySelector('h2'))).toBe(id['notFound.title']);
    expect(other?.querySelector('a')?.getAttribute('href')).toBe('/status/id/');
    expect(text(other?.querySelector('a'))).toBe(id['notFound.home']);
  });

  it('uses the site URL for canonical and hreflang, and a root-relative language switcher', async () => {
    const doc = await loadPage(path.join(site, 'id/incidents/2026-11-21-login/index.html'));
    expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe('https://acme.github.io/status/id/incidents/2026-11-21-login/');
    expect(doc.querySelector('link[hreflang=en]')?.getAttribute('href')).toBe('https://acme.github.io/status/incidents/2026-11-21-login/');
    expect(doc.querySelector('nav a[hreflang=en]')?.getAttribute('href')).toBe('/status/incidents/2026-11-21-login/');
    // A resolved incident's page no longer changes, so it does not poll; the pages that do, poll the locale's own status.
    expect(doc.documentElement.dataset.statusUrl).toBeUndefined();
    const home = await loadPage(path.join(site, 'id/index.html'));
    expect(home.documentElement.dataset.statusUrl).toBe('/status/id/api/v2/status.json');
  });
});

describe('--single-domain on a config with domains', () => {
  it('builds one site with /id/ prefixes, for a local preview', async () => {
    const out = await buildFixture('site-domains', ['--single-domain']);
    expect(await readdir(out)).toEqual(['site']);
    const doc = await loadPage(path.join(out, 'site/index.html'));
    expect(doc.querySelector('nav a[hreflang=id]')?.getAttribute('href')).toBe('/id/');
    expect((await loadPage(path.join(out, 'site/id/index.html'))).documentElement.getAttribute('lang')).toBe('id');
  });
});

describe('invalid content', () => {
  it('prints every problem as path:line: field: message and leaves the existing output alone', async () => {
    const repo = await tempDir('broken');
    await cp(fixture('site-single'), repo, { recursive: true });
    await writeFile(path.join(repo, 'incidents/2026-11-21-login/index.md'), '---\ntitle: Login errors\nseverity: huge\nstarted: 2026-11-21T08:00:00Z\n---\n');
    const parent = await tempDir('out');
    const out = path.join(parent, 'dist');
    await mkdir(path.join(out, 'site'), { recursive: true });
    await writeFile(path.join(out, 'site/index.html'), 'previous deployment');
    const run = await runBuild(['--root', repo, '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^incidents\/2026-11-21-login\/index\.md:3: severity: /m);
    expect(await readFile(path.join(out, 'site/index.html'), 'utf8')).toBe('previous deployment');
    expect(await readdir(parent)).toEqual(['dist']);
  });
});

describe('history pagination', () => {
  it('spreads many incidents over pages, each exactly once, newest first, with prev/next links', async () => {
    const repo = await tempDir('many');
    await cp(path.join(fixture('site-single'), 'kabar.config.ts'), path.join(repo, 'kabar.config.ts'));
    const count = HISTORY_PAGE_SIZE * 2 + 3;
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const day = new Date(Date.UTC(2026, 5, 1) + n * 2 * 86_400_000).toISOString().slice(0, 10);
      const id = `${day}-outage-${n}`;
      ids.push(id);
      await mkdir(path.join(repo, 'incidents', id), { recursive: true });
      await writeFile(path.join(repo, 'incidents', id, 'index.md'), `---\ntitle: Outage ${n}\nseverity: minimal\nstarted: ${day}T08:00:00Z\ncomponents:\n  api: partial_outage\n---\n`);
      await writeFile(path.join(repo, 'incidents', id, `${day.replace(/-/g, '-')}T0900Z.md`), `---\nat: ${day}T09:00:00Z\nstatus: resolved\n---\nFixed.\n`);
    }
    const out = path.join(repo, 'dist');
    const run = await runBuild(['--root', repo, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const seen: string[] = [];
    const pages = Math.ceil(count / HISTORY_PAGE_SIZE);
    for (let page = 1; page <= pages; page++) {
      const doc = await loadPage(path.join(out, 'site', page === 1 ? 'history' : `history/${page}`, 'index.html'));
      seen.push(...[...doc.querySelectorAll('main section li > a')].map((a) => a.getAttribute('href')!.split('/')[2]!));
      expect(doc.querySelector('a[rel=prev]')?.getAttribute('href') ?? null).toBe(page === 1 ? null : page === 2 ? '/history/' : `/history/${page - 1}/`);
      expect(doc.querySelector('a[rel=next]')?.getAttribute('href') ?? null).toBe(page === pages ? null : `/history/${page + 1}/`);
      expect(text(doc.querySelector('.pager'))).toContain(`${page}`);
    }
    expect(seen).toEqual([...ids].reverse());
    expect(await stat(path.join(out, 'site', `history/${pages + 1}`)).catch(() => null)).toBeNull();
  });
});
