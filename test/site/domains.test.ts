import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';
import type { StatusModel } from '../../src/core/model/types.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { buildFixture, digestTree, fixture, FIXTURE_NOW, listFiles, loadPage, text } from './helpers.ts';

const DOMAINS = { en: 'status.example.com', id: 'status.example.co.id' } as const;
const UI = { en, id } as const;
type Lang = keyof typeof DOMAINS;
const LANGS = Object.keys(DOMAINS) as Lang[];

let out: string;
let model: StatusModel;
const site = (lang: Lang, file = 'index.html') => path.join(out, DOMAINS[lang], file);
/** `incidents/x/index.html` → `incidents/x/`. */
const pagePathOf = (file: string) => file.replace(/index\.html$/, '');
/** Every page but those marked noindex (the iframe pages, embed/, made to be shown on other sites). */
async function indexablePages(lang: Lang): Promise<string[]> {
  const pages: string[] = [];
  for (const f of (await listFiles(path.join(out, DOMAINS[lang]))).filter((f) => f.endsWith('index.html'))) {
    if (!(await loadPage(site(lang, f))).querySelector('meta[name=robots][content=noindex]')) pages.push(f);
  }
  return pages;
}

beforeAll(async () => {
  out = await buildFixture('site-domains');
  const repo = await loadRepo(fixture('site-domains'), FIXTURE_NOW);
  if (!repo.model) throw new Error('fixture is invalid');
  model = repo.model;
});

describe('per-domain build', () => {
  it('shows the configured logo, served by each site itself', async () => {
    const source = await readFile(path.join(fixture('site-domains'), 'brand/warung.png'));
    for (const lang of LANGS) {
      const doc = await loadPage(site(lang));
      const img = doc.querySelector('header .brand img');
      expect(img?.getAttribute('src')).toBe('/logo.png');
      // Decorative: the site name follows it as text.
      expect(img?.getAttribute('alt')).toBe('');
      expect(text(doc.querySelector('header .brand'))).toBe('Warung');
      expect((await readFile(site(lang, 'logo.png'))).equals(source)).toBe(true);
    }
  });

  it('keeps a draft postmortem off every page, feed and API file', async () => {
    const draft = 'DRAFT-ONLY finding';
    expect(await readFile(path.join(fixture('site-domains'), 'incidents/2026-10-05-webhooks/postmortem.md'), 'utf8')).toContain(draft);
    for (const lang of LANGS) {
      const files = await listFiles(path.join(out, DOMAINS[lang]));
      expect(files.filter((f) => f.includes('2026-10-05-webhooks/postmortem'))).toEqual([]);
      for (const file of files) expect((await readFile(site(lang, file), 'utf8')).includes(draft), file).toBe(false);
      const api = JSON.parse(await readFile(site(lang, 'api/v2/incidents.json'), 'utf8')) as { incidents: { id: string; status: string }[] };
      expect(api.incidents.find((i) => i.id === '2026-10-05-webhooks')?.status).toBe('resolved');
    }
  });

  it('writes one directory per locale domain, each with its CNAME', async () => {
    for (const lang of LANGS) {
      expect((await readFile(site(lang, 'CNAME'), 'utf8')).trim()).toBe(DOMAINS[lang]);
      const doc = await loadPage(site(lang));
      expect(doc.documentElement.getAttribute('lang')).toBe(lang);
    }
  });

  it('gives every page a canonical URL on its own domain and hreflang alternates on the siblings', async () => {
    for (const lang of LANGS) {
      const pages = await indexablePages(lang);
      expect(pages.length).toBeGreaterThan(10);
      for (const file of pages) {
        const doc = await loadPage(site(lang, file));
        const p = pagePathOf(file);
        expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href'), file).toBe(`https://${DOMAINS[lang]}/${p}`);
        const alternates = Object.fromEntries([...doc.querySelectorAll('link[rel=alternate][hreflang]')].map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
        expect(alternates, file).toEqual({ en: `https://${DOMAINS.en}/${p}`, id: `https://${DOMAINS.id}/${p}`, 'x-default': `https://${DOMAINS.en}/${p}` });
        // The language switcher links to the same page on the sibling domain.
        const other = LANGS.find((l) => l !== lang)!;
        expect(doc.querySelector(`nav a[hreflang=${other}]`)?.getAttribute('href'), file).toBe(`https://${DOMAINS[other]}/${p}`);
      }
    }
  });

  it('puts the overall status first, then active incidents and maintenance, then components, recent history and ways to get updates', async () => {
    for (const lang of LANGS) {
      const doc = await loadPage(site(lang));
      expect(text(doc.querySelector('main h1'))).toBe(UI[lang][`page.${model.page.key}`]);
      const sections = [...doc.querySelectorAll('main > section')].map((s) => s.getAttribute('aria-labelledby'));
      const expected = [
        'overall',
        ...(model.activeIncidents.length ? ['active'] : []),
        ...(model.activeMaintenance.length ? ['mnow'] : []),
        ...(model.upcomingMaintenance.length ? ['mnext'] : []),
        'components',
        'recent',
        'updates',
      ];
      expect(sections).toEqual(expected);
      const cards = [...doc.querySelectorAll('section[aria-labelledby=active] article')];
      expect(cards.map((c) => c.querySelector('h3 a')?.getAttribute('href'))).toEqual(model.activeIncidents.map((i) => `/incidents/${i.id}/`));
    }
  });

  it('shows what a reader needs on an active incident card: components, regions, workaround, next update', async () => {
    const incident = model.activeIncidents[0]!;
    for (const lang of LANGS) {
      const card = (await loadPage(site(lang))).querySelector('section[aria-labelledby=active] article')!;
      const facts = Object.fromEntries([...card.querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]));
      const names = incident.componentIds.map((c) => model.config.components.find((x) => x.id === c)!.name[lang]);
      expect(facts[UI[lang]['incident.components']]).toBe(names.join(', '));
      expect(facts[UI[lang]['incident.regions']]).toBe(incident.regions!.map((r) => model.config.regions.find((x) => x.id === r)!.name[lang]).join(', '));
      expect(facts[UI[lang]['incident.workaround']]).toContain(incident.workaround![lang]!.text.replace(/\*\*/g, ''));
      const times = [...card.querySelectorAll('time')].map((t) => t.getAttribute('datetime'));
      expect(times).toContain(new Date(incident.nextUpdate!).toISOString());
    }
  });

  it('falls back to the default locale with its lang attribute and a "not translated yet" note', async () => {
    const incident = model.activeIncidents[0]!;
    const latest = incident.updates.at(-1)!;
    expect(latest.message.id!.untranslated).toBe(true);
    const doc = await loadPage(site('id', `incidents/${incident.id}/index.html`));
    const item = doc.getElementById(`update-${latest.id}`)!;
    const body = item.querySelector('.md')!;
    expect(body.getAttribute('lang')).toBe('en');
    expect(text(body.querySelector('.untr'))).toBe(id['site.untranslated']);
    expect(body.querySelector('.untr')?.getAttribute('lang')).toBe('id');
    // The translated title is used as is.
    expect(text(doc.querySelector('h1'))).toBe(incident.title.id!.text);
    expect(doc.querySelector('h1 [lang]')).toBeNull();
  });

  it('lists components by group with status in words and a compact 90-day uptime bar linked to its daily figures', async () => {
    for (const lang of LANGS) {
      const home = await loadPage(site(lang));
      const items = [...home.querySelectorAll('.comp > li')];
      // Components in no group follow the groups under a heading of their own, not as the last group's.
      const sections = [...home.querySelectorAll('section:has(> ul.comp)')];
      expect(sections.map((s) => text(s.querySelector('h3')))).toEqual([...model.config.groups.map((g) => g.name[lang]), UI[lang]['home.otherComponents']]);
      expect([...sections.at(-1)!.querySelectorAll('.comp > li > .row > a')].map((a) => text(a))).toEqual(model.components.filter((c) => !c.config.group).map((c) => c.config.name[lang]));
      expect(items.map((li) => text(li.querySelector('a')))).toEqual(
        [...model.config.groups.flatMap((g) => model.components.filter((c) => c.config.group === g.id)), ...model.components.filter((c) => !c.config.group)].map((c) => c.config.name[lang]),
      );
      for (const li of items) {
        const state = model.components.find((c) => c.config.name[lang] === text(li.querySelector('a')))!;
        expect(text(li.querySelector('.st'))).toBe(UI[lang][`component.${state.status}`]);
        expect(li.querySelector('.st svg')?.getAttribute('aria-hidden')).toBe('true');
        const bar = li.querySelector('.uptime a.bar');
        if (!state.config.uptimeBar) {
          expect(bar).toBeNull();
          continue;
        }
        // A link (reachable by keyboard and touch) to the component page's daily figures, named in words.
        expect(bar?.getAttribute('href')).toBe(`/components/${state.config.id}/#days`);
        expect(text(bar)).toMatch(new RegExp(`^${state.config.name[lang]}: .*90`));
        // A picture drawn compactly: a path per colour, never an element per day.
        const svg = bar!.querySelector('svg')!;
        expect(svg.getAttribute('aria-hidden')).toBe('true');
        expect(svg.querySelectorAll('*').length).toBeLessThanOrEqual(6);
        expect(svg.querySelectorAll('rect, title')).toHaveLength(0);
      }
    }
  });

  it('renders the incident timeline newest first, each update anchored, technical details collapsed', async () => {
    for (const incident of model.incidents) {
      const doc = await loadPage(site('en', `incidents/${incident.id}/index.html`));
      const items = [...doc.querySelectorAll('.timeline > li[id^="update-"]')];
      expect(items.map((li) => li.id)).toEqual([...incident.updates].reverse().map((u) => `update-${u.id}`));
      for (const li of items) {
        expect(li.querySelector('h3 a')?.getAttribute('href')).toBe(`#${li.id}`);
        expect(text(li.querySelector('.meta time:not([data-local])'))).toMatch(/UTC$/);
      }
      const technical = incident.updates.filter((u) => u.technical).length;
      expect(doc.querySelectorAll('.timeline details:not([open])').length).toBe(technical);
      const postmortem = doc.querySelector('a[href$="/postmortem/"]');
      expect(Boolean(postmortem)).toBe(Boolean(incident.postmortem));
      if (postmortem) await stat(site('en', `${postmortem.getAttribute('href')!.slice(1)}index.html`));
    }
  });

  it('groups history by month, newest first, with every incident that has started', async () => {
    const doc = await loadPage(site('en', 'history/index.html'));
    const months = [...doc.querySelectorAll('main section h2')].map((h) => text(h));
    expect(months).toEqual(['November 2026', 'October 2026']);
    const links = [...doc.querySelectorAll('main section a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(model.incidents.filter((i) => !i.upcoming).map((i) => `/incidents/${i.id}/`));
  });

  it('has a 404 page, robots.txt and a sitemap of exactly the built pages', async () => {
    for (const lang of LANGS) {
      const notFound = await loadPage(site(lang, '404.html'));
      expect(notFound.querySelector('meta[name=robots]')?.getAttribute('content')).toBe('noindex');
      expect(notFound.querySelector('main a')?.getAttribute('href')).toBe('/');
      const robots = await readFile(site(lang, 'robots.txt'), 'utf8');
      expect(robots).toMatch(new RegExp(`^Sitemap: https://${DOMAINS[lang].replace(/\./g, '\\.')}/sitemap\\.xml$`, 'm'));
      const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(site(lang, 'sitemap.xml'), 'utf8')) as { urlset: { url: { loc: string }[] } };
      const locs = xml.urlset.url.map((u) => u.loc).sort();
      const pages = (await indexablePages(lang)).map((f) => `https://${DOMAINS[lang]}/${pagePathOf(f)}`).sort();
      expect(locs).toEqual(pages);
    }
  });

  it('produces valid HTML on every page', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'no-trailing-whitespace': 'off' } });
    for (const lang of LANGS) {
      for (const file of (await listFiles(path.join(out, DOMAINS[lang]))).filter((f) => f.endsWith('.html'))) {
        const report = await validator.validateString(await readFile(site(lang, file), 'utf8'), file);
        const messages = report.results.flatMap((r) => r.messages.map((m) => `${file}:${m.line}: ${m.ruleId}: ${m.message}`));
        expect(messages).toEqual([]);
      }
    }
  });

  it('home: "Get updates" lists every way to follow in the locale\'s language; the email form posts to the list service without a script', async () => {
    const expected = {
      en: { form: 'https://lists.example.com/subscribe/warung-en', chat: 'Community chat' },
      id: { form: 'https://lists.example.com/subscribe/warung-id', chat: 'Obrolan komunitas' },
    } as const;
    for (const lang of LANGS) {
      const doc = await loadPage(site(lang));
      const section = doc.querySelector('section#get-updates')!;
      expect(text(section.querySelector('h2'))).toBe(UI[lang]['updates.title']);
      const form = section.querySelector('form')!;
      expect([form.getAttribute('method'), form.getAttribute('action')]).toEqual(['post', expected[lang].form]);
      const input = form.querySelector('input')!;
      expect([input.getAttribute('type'), input.getAttribute('name'), input.hasAttribute('required')]).toEqual(['email', 'email_address', true]);
      expect(text(form.querySelector(`label[for="${input.getAttribute('id')}"]`))).toBe(UI[lang]['updates.emailLabel']);
      expect(text(form.querySelector('button[type=submit]'))).toBe(UI[lang]['updates.emailSubmit']);
      expect(section.querySelectorAll('script, [style], [onsubmit]')).toHaveLength(0);
      // The page's Content-Security-Policy lets the form post there, and nowhere else.
      const csp = doc.querySelector('meta[http-equiv="content-security-policy"]')!.getAttribute('content')!;
      expect(csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('form-action'))).toBe('form-action https://lists.example.com');
      const links = [...section.querySelectorAll('ul a')].map((a) => [text(a), a.getAttribute('href')]);
      expect(links).toEqual([
        ['RSS', '/history.rss'],
        ['Atom', '/history.atom'],
        ['JSON Feed', '/feed.json'],
        [UI[lang]['updates.calendar'], '/maintenance.ics'],
        [UI[lang]['updates.api'], '/api/v2/summary.json'],
        ['Mastodon', 'https://mastodon.example/@warungstatus'],
        [expected[lang].chat, 'https://chat.example.com/warung'],
      ]);
      // Every page's footer leads to it.
      const incident = await loadPage(site(lang, 'incidents/2026-11-22-checkout/index.html'));
      expect([...incident.querySelectorAll('footer a')].find((a) => text(a) === UI[lang]['updates.title'])?.getAttribute('href')).toBe('/#get-updates');
    }
  });

  it('keeps the home page within 14 KB of gzipped HTML and CSS (CSS is inlined)', async () => {
    for (const lang of LANGS) {
      const html = await readFile(site(lang));
      const doc = await loadPage(site(lang));
      expect(doc.querySelectorAll('link[rel=stylesheet]')).toHaveLength(0);
      const gz = gzipSync(html, { level: 9 }).length;
      console.log(`home ${lang}: ${html.length} B raw, ${gz} B gzipped`);
      expect(gz).toBeLessThanOrEqual(14 * 1024);
    }
  });

  it('is reproducible: the same content and clock give byte-identical output', async () => {
    const again = await buildFixture('site-domains');
    expect(await digestTree(again)).toEqual(await digestTree(out));
  });
});
