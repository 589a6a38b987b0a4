import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { resolveRelativeLinks } from '../../src/core/markdown.ts';
import { escapeXml, firstForbiddenChar, isolateBidi, stripForbiddenChars } from '../../src/core/text-safety.ts';
import { webBaseFromEnv } from '../../src/io/github.ts';

describe('characters no output may carry', () => {
  it.each([
    ['\u0000', 'NUL'],
    ['\u0007', 'BEL'],
    ['\u001b', 'ESC'],
    ['\r', 'a lone carriage return in a value'],
    ['\uFFFE', 'U+FFFE'],
    ['\uFFFF', 'U+FFFF'],
    ['\uD800', 'an unpaired high surrogate'],
    ['\uDC00', 'an unpaired low surrogate'],
  ])('finds %j (%s)', (char) => {
    expect(firstForbiddenChar(`ok ${char} ok`)).toEqual({ index: 3, char });
  });

  it('allows tab, newline, emoji (paired surrogates) and any script', () => {
    expect(firstForbiddenChar('a\tb\nc 😀 خطأ 日本')).toBeUndefined();
  });

  it('whatever the text, escaped XML of it is well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(XMLValidator.validate(`<t a="${escapeXml(text)}">${escapeXml(text)}</t>`)).toBe(true);
        expect(stripForbiddenChars(text).replace(/\r/g, '')).toBe(text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/\r/g, ''));
      }),
    );
  });
});

describe('bidirectional text in text-only places', () => {
  it('isolates right-to-left text and override characters, leaves left-to-right text alone', () => {
    expect(isolateBidi('Checkout errors')).toBe('Checkout errors');
    expect(isolateBidi('Login \u202Esrorre')).toBe('\u2068Login \u202Esrorre\u2069');
    expect(isolateBidi('خطأ في الدفع')).toBe('\u2068خطأ في الدفع\u2069');
  });
});

describe('relative links in content', () => {
  const html = '<p><a href="../2026-10-01-api/">API</a> <a href="https://x.example/">x</a> <a href="#t">t</a> <a href="/abs/">a</a> <img src="chart.png" alt=""></p>';
  it('resolve against the incident page: root-relative on the site, absolute in feeds; others stay', () => {
    expect(resolveRelativeLinks(html, '/status/incidents/2026-11-20-x/')).toBe('<p><a href="/status/incidents/2026-10-01-api/">API</a> <a href="https://x.example/">x</a> <a href="#t">t</a> <a href="/abs/">a</a> <img src="/status/incidents/2026-11-20-x/chart.png" alt=""></p>');
    expect(resolveRelativeLinks(html, 'https://status.example.com/incidents/2026-11-20-x/')).toContain('href="https://status.example.com/incidents/2026-10-01-api/"');
  });
});

describe('the web address behind "open this link"', () => {
  it.each([
    [{}, 'https://github.com'],
    [{ GITHUB_API_URL: 'https://api.github.com' }, 'https://github.com'],
    [{ GITHUB_API_URL: 'https://ghe.example.com/api/v3' }, 'https://ghe.example.com'],
    [{ GITHUB_API_URL: 'https://api.acme.ghe.com' }, 'https://acme.ghe.com'],
    [{ GITHUB_API_URL: 'https://ghe.example.com/api/v3', GITHUB_SERVER_URL: 'https://code.example.com/' }, 'https://code.example.com'],
  ])('%j → %s', (env, web) => {
    expect(webBaseFromEnv(env)).toBe(web);
  });
});
