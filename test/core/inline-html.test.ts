/**
 * The pieces lists write as strings (core/view/inline-html.ts) in place of StatusLabel.astro,
 * Time.astro and LocalText.astro: escaped as Astro escapes text and attributes. (That the pages
 * are byte for byte what those components wrote was checked on the bench's repositories; the
 * built pages' escaping of hostile content is in test/hardening/hostile-content.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatRelative } from '../../src/core/view/format.ts';
import { escapeAttribute, escapeText, localTextHtml, statusLabelHtml, timeHtml } from '../../src/core/view/inline-html.ts';

const hostile = `A & <b>"it's"</b>`;

describe('inline HTML', () => {
  it('escapes text as Astro does (& < > \' ") and attribute values (& ")', () => {
    expect(escapeText(hostile)).toBe('A &amp; &lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;');
    expect(escapeAttribute(hostile)).toBe(`A &amp; <b>&quot;it's&quot;</b>`);
  });

  it('a title in the page language, in another, and untranslated', () => {
    expect(localTextHtml({ text: hostile, lang: 'id', untranslated: false }, 'id', 'Belum diterjemahkan')).toBe('<bdi>A &amp; &lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;</bdi>');
    expect(localTextHtml({ text: 'Down', lang: 'en', untranslated: true }, 'id', 'Belum "diterjemahkan"')).toBe('<bdi lang="en">Down</bdi> <small class="untr" lang="id">Belum &quot;diterjemahkan&quot;</small>');
    expect(localTextHtml(undefined, 'id', 'x')).toBe('');
  });

  it('a status label: its shape, and its words escaped', () => {
    const html = statusLabelHtml('partial_outage', hostile);
    expect(html).toMatch(/^<span class="st s-partial_outage"><svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">.*<path d="M8 2a6 6 0 0 1 0 12z" fill="currentColor"/);
    expect(html.endsWith('</svg>A &amp; &lt;b&gt;&quot;it&#39;s&quot;&lt;/b&gt;</span>')).toBe(true);
    expect(statusLabelHtml('major_outage', 'x')).toContain('fill="none"');
  });

  it('times: local, relative (with the exact time as its title) and UTC', () => {
    // The words are ICU's, which differ between Node versions: taken from the same formatters.
    const settings = { locale: 'en', timeZone: 'Asia/Jakarta', now: Date.parse('2026-11-24T01:00:00Z') };
    const at = Date.parse('2026-11-24T00:00:00Z');
    const local = escapeText(formatDateTime(at, 'en', 'Asia/Jakarta'));
    expect(local).toMatch(/2026.*GMT\+7/);
    expect(timeHtml(at, settings)).toBe(`<time datetime="2026-11-24T00:00:00.000Z" data-local>${local}</time>`);
    expect(timeHtml(at, settings, 'rel')).toBe(`<time datetime="2026-11-24T00:00:00.000Z" data-rel title="${escapeAttribute(formatDateTime(at, 'en', 'Asia/Jakarta'))}">${escapeText(formatRelative(at, settings.now, 'en'))}</time>`);
    expect(timeHtml(at, settings, 'utc')).toBe(`<time datetime="2026-11-24T00:00:00.000Z">${escapeText(formatDateTime(at, 'en', 'UTC'))}</time>`);
  });
});
