import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DICTIONARIES } from '../../src/i18n/dictionaries.ts';
import { en, type UiKey } from '../../src/i18n/en.ts';
import { bundledLanguage, LANGUAGES, missingUiKeys, textDirection, uiLanguages, useTranslations } from '../../src/i18n/index.ts';
import { messageForms, placeholdersOf, type Message } from '../../src/i18n/message.ts';

const KEYS = Object.keys(en).sort() as UiKey[];
const placeholders = (message: Message) => [...new Set(messageForms(message).flatMap(placeholdersOf))].sort();

describe('every bundled dictionary', () => {
  for (const [tag, dict] of Object.entries(DICTIONARIES)) {
    describe(tag, () => {
      it('is a language Kabar lists, with exactly the keys English has', () => {
        expect(LANGUAGES.map((l) => l.tag)).toContain(tag);
        expect(Object.keys(dict).sort()).toEqual(KEYS);
      });

      it('keeps every placeholder, and no other', () => {
        const wrong = KEYS.filter((key) => placeholders(dict[key]).join() !== placeholders(en[key]).join()).map((key) => `${key}: ${placeholders(dict[key]).join()} (expected ${placeholders(en[key]).join()})`);
        expect(wrong).toEqual([]);
      });

      it('gives each plural message every form the language has, chosen by the same placeholder', () => {
        const categories = new Intl.PluralRules(tag).resolvedOptions().pluralCategories;
        const wrong = KEYS.flatMap((key) => {
          const english = en[key];
          const message = dict[key];
          if (typeof english === 'string') return typeof message === 'string' ? [] : [`${key}: plural forms where English has one text`];
          if (typeof message === 'string') return [`${key}: one text where plural forms are needed`];
          if (message.plural !== english.plural) return [`${key}: chosen by {${message.plural}} (expected {${english.plural}})`];
          return categories.filter((c) => message[c] === undefined).map((c) => `${key}: no "${c}" form`);
        });
        expect(wrong).toEqual([]);
      });

      it('is translated: few messages are left in English', () => {
        if (tag === 'en') return;
        const same = KEYS.filter((key) => messageForms(dict[key]).join() === messageForms(en[key]).join() && /[a-z]{4}/i.test(messageForms(en[key]).join()));
        // Words such as "Status" or a product name may be the same; whole sentences may not.
        expect(same.filter((key) => messageForms(en[key]).join().split(' ').length > 2)).toEqual([]);
        expect(same.length, same.join(', ')).toBeLessThanOrEqual(8);
      });

      it('has no control characters', () => {
        const bad = KEYS.filter((key) => messageForms(dict[key]).some((text) => /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)));
        expect(bad).toEqual([]);
      });
    });
  }

  it('the tags a config is checked against are those of the dictionaries', () => {
    expect([...uiLanguages].sort()).toEqual(Object.keys(DICTIONARIES).sort());
  });

  it('every file in src/i18n that is a language is registered', () => {
    const files = readdirSync(new URL('../../src/i18n/', import.meta.url)).filter((f) => /^[a-z]{2,3}(-[A-Za-z]+)?\.ts$/.test(f) && f !== 'en.ts');
    expect(files.map((f) => f.replace(/\.ts$/, '')).filter((tag) => !(tag in DICTIONARIES))).toEqual([]);
  });
});

describe('choosing and using a language', () => {
  it('finds the bundled language by tag, script, language or alias', () => {
    expect(bundledLanguage('id-ID')).toBe('id');
    expect(bundledLanguage('in')).toBe('id');
    expect(bundledLanguage('xx')).toBeUndefined();
  });

  it('writes plurals by the language’s rules and numbers in its digits', () => {
    const t = useTranslations('en');
    expect(t('uptime.past', { days: 1 })).toBe('1 day ago');
    expect(t('uptime.past', { days: 90 })).toBe('90 days ago');
    expect(t('home.moreOnDay', { count: 1200 })).toBe('1,200 more that day');
    expect(useTranslations('id')('home.moreOnDay', { count: 1200 })).toBe('1.200 lainnya pada hari itu');
  });

  it('takes a company’s own wording first, and counts the keys a language without a dictionary lacks', () => {
    const t = useTranslations('id', { 'component.operational': 'Aman', 'uptime.past': { plural: 'days', other: '{days} hari yang lalu' } });
    expect(t('component.operational')).toBe('Aman');
    expect(t('uptime.past', { days: 30 })).toBe('30 hari yang lalu');
    expect(missingUiKeys('id')).toEqual([]);
    expect(missingUiKeys('xx', { 'site.home': 'Status' })).toHaveLength(KEYS.length - 1);
  });

  it('knows which languages read right to left', () => {
    expect(['ar', 'he', 'fa', 'ur', 'ar-EG'].map(textDirection)).toEqual(['rtl', 'rtl', 'rtl', 'rtl', 'rtl']);
    expect(['en', 'ja', 'id'].map(textDirection)).toEqual(['ltr', 'ltr', 'ltr']);
  });
});
