import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_DESCRIPTIONS } from '../../src/core/model/status-rank.ts';
import { DICTIONARIES } from '../../src/i18n/dictionaries.ts';
import { en, type UiKey } from '../../src/i18n/en.ts';
import { messageForms } from '../../src/i18n/message.ts';
import { bundledLanguage } from '../../src/i18n/index.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { buildFixture, fixture, FIXTURE_NOW, listFiles, loadPage } from './helpers.ts';

// Five languages on their own domains, Arabic right to left (test/fixtures/site-languages): every page and file of a
// locale speaks its language. The JSON API's status descriptions stay Statuspage's English: its contract.
const DOMAINS = { en: 'status.acme.example', ar: 'status.acme.ae', de: 'status.acme.de', ja: 'status.acme.jp', 'pt-BR': 'status.acme.com.br', id: 'status.acme.co.id' } as const;
type Lang = keyof typeof DOMAINS;
/** The other languages Kabar bundles a dictionary for; the rest are covered by `kabar check`'s warning below. */
const OTHERS = (Object.keys(DOMAINS) as Lang[]).filter((l) => l !== 'en' && bundledLanguage(l) === l);
const UNBUNDLED = (Object.keys(DOMAINS) as Lang[]).filter((l) => bundledLanguage(l) === undefined);
let out: string;
const file = (lang: Lang, name: string) => path.join(out, DOMAINS[lang], name);

/** The fixed parts of every English message: what would show if a page fell back to English. */
function englishFragments(lang: Lang): { key: UiKey; fragment: string }[] {
  const own = DICTIONARIES[lang]!;
  return (Object.keys(en) as UiKey[]).flatMap((key) => {
    const mine = messageForms(own[key]).join('\n');
    return messageForms(en[key])
      .flatMap((text) => text.split(/\{\w+\}/))
      .map((f) => f.trim())
      // Two words or more, and not also this language's own words (a name both share).
      .filter((fragment) => fragment.split(/\s+/).length >= 2 && !mine.includes(fragment))
      .map((fragment) => ({ key, fragment }));
  });
}

beforeAll(async () => {
  out = await buildFixture('site-languages');
});

describe('a site in every language of its config', () => {
  it('each domain declares its language and direction', async () => {
    for (const lang of Object.keys(DOMAINS) as Lang[]) {
      const html = (await loadPage(file(lang, 'index.html'))).documentElement;
      expect([html.getAttribute('lang'), html.getAttribute('dir')]).toEqual([lang, lang === 'ar' ? 'rtl' : 'ltr']);
      const embed = (await loadPage(file(lang, 'embed/index.html'))).documentElement;
      expect(embed.getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
    }
  });

  it('no English words of the interface are left on any page, feed, calendar, badge or widget of another language', async () => {
    expect(OTHERS.length).toBeGreaterThan(0);
    for (const lang of OTHERS) {
      const fragments = englishFragments(lang);
      const found: string[] = [];
      const files = (await listFiles(path.join(out, DOMAINS[lang]))).filter((f) => /\.(html|xml|rss|atom|json|ics|svg|js)$/.test(f) && !f.startsWith('api/'));
      expect(files.length).toBeGreaterThan(20);
      for (const name of files) {
        const text = await readFile(file(lang, name), 'utf8');
        for (const { key, fragment } of fragments) if (text.includes(fragment)) found.push(`${lang}/${name}: ${key}: "${fragment}"`);
      }
      expect(found).toEqual([]);
    }
  });

  it('a language without a bundled dictionary is a kabar check warning that names what is missing', async () => {
    const result = await loadRepo(fixture('site-languages'), FIXTURE_NOW);
    const warned = result.problems.filter((p) => p.severity === 'warning' && /^locales\[\d+\]\.tag$/.test(p.field)).map((p) => /UI strings in "([^"]+)"/.exec(p.message)?.[1]);
    expect(warned.sort()).toEqual([...UNBUNDLED].sort());
  });

  it('keeps the API’s English status descriptions, its contract', async () => {
    const status = JSON.parse(await readFile(file('de', 'api/v2/status.json'), 'utf8')) as { status: { description: string } };
    expect(Object.values(PAGE_DESCRIPTIONS)).toContain(status.status.description);
    expect(status.status.description).toBe('Major System Outage');
  });

  it('validates, and keeps every home page within 14 KB gzipped', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'no-inline-style': 'off', 'long-title': 'off', 'no-trailing-whitespace': 'off' } });
    for (const lang of Object.keys(DOMAINS) as Lang[]) {
      for (const name of (await listFiles(path.join(out, DOMAINS[lang]))).filter((f) => f.endsWith('.html'))) {
        const report = await validator.validateString(await readFile(file(lang, name), 'utf8'), name);
        expect(report.results.flatMap((r) => r.messages.map((m) => `${lang}/${name}:${m.line}: ${m.ruleId}: ${m.message}`))).toEqual([]);
      }
      expect(gzipSync(await readFile(file(lang, 'index.html'))).length, lang).toBeLessThanOrEqual(14 * 1024);
    }
  });
});
