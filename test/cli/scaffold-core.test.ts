import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMarkdownFile } from '../../src/core/content/frontmatter.ts';
import { deriveIncidentId, deriveUpdateName, formatTimestamp, parseTimeInput, slugify } from '../../src/core/scaffold/ids.ts';
import { renderMarkdownFile } from '../../src/core/scaffold/render.ts';
import { deployVariableSlug, planDeploy } from '../../src/core/scaffold/deploy-targets.ts';
import { parseTimestamp } from '../../src/core/time.ts';
import { classifyGitHubError } from '../../src/io/github.ts';
import type { SiteConfig } from '../../src/core/config/normalize.ts';

const INCIDENT_ID = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(-[a-z0-9]+)*$/;
const JAKARTA_10_05 = Date.UTC(2026, 10, 20, 3, 5);

describe('derived names', () => {
  it.each([
    ['Card payments failing', 'card-payments-failing'],
    ['  API: 502 errors!! ', 'api-502-errors'],
    ['Pembayaran kartu gagal — Jakarta', 'pembayaran-kartu-gagal-jakarta'],
    ['Café résumé', 'cafe-resume'],
    ['支付失败', 'incident'],
    ['a'.repeat(80), 'a'.repeat(60)],
  ])('slugify(%j) = %j', (title, slug) => expect(slugify(title)).toBe(slug));

  it('any title gives an id that check accepts', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 0, max: 4_000_000_000_000 }), (title, ms) => {
      expect(deriveIncidentId(title, ms, 'Asia/Jakarta', [])).toMatch(INCIDENT_ID);
    }));
  });

  it('the id uses the start date in the site time zone, not UTC', () => {
    // 2026-11-19T20:00Z is already 20 November in Jakarta.
    expect(deriveIncidentId('API errors', Date.UTC(2026, 10, 19, 20), 'Asia/Jakarta', [])).toBe('2026-11-20-api-errors');
    expect(deriveIncidentId('API errors', Date.UTC(2026, 10, 19, 20), 'UTC', [])).toBe('2026-11-19-api-errors');
  });

  it('taken ids get -2, -3, compared ignoring case', () => {
    expect(deriveIncidentId('API errors', JAKARTA_10_05, 'Asia/Jakarta', ['2026-11-20-API-errors', '2026-11-20-api-errors-2'])).toBe('2026-11-20-api-errors-3');
  });

  it('update names are UTC minutes, with seconds only when the minute is taken', () => {
    const at = Date.UTC(2026, 10, 20, 3, 5, 42);
    expect(deriveUpdateName(at, [])).toBe('2026-11-20T0305Z');
    expect(deriveUpdateName(at, ['2026-11-20T0305Z'])).toBe('2026-11-20T030542Z');
    expect(deriveUpdateName(at, ['2026-11-20T0305Z', '2026-11-20T030542Z'])).toBe('2026-11-20T030542Z-2');
  });

  it.each([
    ['Asia/Jakarta', JAKARTA_10_05, '2026-11-20T10:05:00+07:00'],
    ['UTC', JAKARTA_10_05, '2026-11-20T03:05:00+00:00'],
    // Berlin switches to summer time on 29 March 2026: the offset follows the date.
    ['Europe/Berlin', Date.UTC(2026, 2, 29, 0, 30), '2026-03-29T01:30:00+01:00'],
    ['Europe/Berlin', Date.UTC(2026, 2, 29, 1, 30), '2026-03-29T03:30:00+02:00'],
  ])('timestamps are written with the offset of %s', (zone, ms, text) => {
    expect(formatTimestamp(ms, zone)).toBe(text);
    const parsed = parseTimestamp(text);
    expect(parsed.ok && parsed.ms).toBe(ms);
  });

  it.each([
    ['+30m', JAKARTA_10_05 + 30 * 60_000],
    ['-15m', JAKARTA_10_05 - 15 * 60_000],
    ['+2h', JAKARTA_10_05 + 2 * 3_600_000],
    ['11:00', Date.UTC(2026, 10, 20, 4, 0)],
    ['2026-11-28 01:00', Date.UTC(2026, 10, 27, 18, 0)],
    ['2026-11-20T10:05:00Z', Date.UTC(2026, 10, 20, 10, 5)],
    // One rule with the files: a time without an offset is in the site's time zone.
    ['2026-11-20T10:30', Date.UTC(2026, 10, 20, 3, 30)],
    ['9:05', Date.UTC(2026, 10, 20, 2, 5)],
  ])('time input %j', (input, expected) => expect(parseTimeInput(input, JAKARTA_10_05, 'Asia/Jakarta')).toEqual({ ok: true, ms: expected }));

  it.each([
    ['soon', '"soon" is not a timestamp'],
    ['25:00', '"25:00" is not a time of day'],
    ['2026-11-20', '"2026-11-20" has no time of day'],
    ['2026-02-30 10:00', '"2026-02-30 10:00" is not a real date and time'],
  ])('time input %j is refused, saying why', (input, reason) => expect(parseTimeInput(input, JAKARTA_10_05, 'Asia/Jakarta')).toEqual({ ok: false, reason }));

  it('a local time the clocks skip does not exist: refused, not moved (Berlin, 29 March 2026, 02:30)', () => {
    expect(parseTimeInput('2026-03-29 02:30', JAKARTA_10_05, 'Europe/Berlin')).toEqual({ ok: false, reason: '"2026-03-29 02:30" does not exist in Europe/Berlin (the clocks skip it for daylight saving time)' });
    expect(parseTimestamp('2026-03-29 03:30', 'Europe/Berlin')).toEqual({ ok: true, ms: Date.UTC(2026, 2, 29, 1, 30) });
    // Without a zone (scripts that have no site config), a time without an offset is refused.
    expect(parseTimestamp('2026-03-29 03:30')).toEqual({ ok: false, reason: '"2026-03-29 03:30" has no timezone offset' });
  });

  it('files are written to the second at most, never with milliseconds', () => {
    expect(formatTimestamp(JAKARTA_10_05 + 43_265, 'Asia/Jakarta')).toBe('2026-11-20T10:05:43+07:00');
  });
});

describe('rendered files', () => {
  it('round-trip through the frontmatter parser, leaving out empty fields and keeping text verbatim', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), fc.string(), (title, body) => {
      const text = renderMarkdownFile({ title, impact: undefined, components: {} }, body);
      const parsed = parseMarkdownFile('x.md', text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.doc.data).toEqual({ title });
      expect(parsed.doc.body.trim()).toBe(body.trim());
    }));
  });
});

describe('deploy targets', () => {
  const config = (domains: (string | undefined)[]) => ({ locales: domains.map((domain, i) => ({ tag: `l${i}`, label: 'x', ...(domain && { domain }) })) }) as unknown as SiteConfig;
  it('the default locale domain goes to Pages, the others to their own repositories', () => {
    expect(planDeploy(config(['status.example.com', 'status.example.co.id']))).toEqual({
      pages: { dir: 'status.example.com', domain: 'status.example.com', locale: 'l0', slug: 'STATUS_EXAMPLE_COM' },
      others: [{ dir: 'status.example.co.id', domain: 'status.example.co.id', locale: 'l1', slug: 'STATUS_EXAMPLE_CO_ID' }],
      hosts: [],
    });
  });
  it('without domains there is one site for Pages', () => {
    expect(planDeploy(config([undefined, undefined]))).toEqual({ pages: { dir: 'site', slug: 'SITE' }, others: [], hosts: [] });
  });
  it('a locale’s own hosts replace the site’s; a domain without GitHub Pages needs no repository of its own', () => {
    const hosts = config(['status.example.com', 'status.example.co.id']);
    hosts.deploy = [{ to: 'github-pages' }, { to: 'netlify', site: 'acme' }];
    hosts.locales[1]!.deploy = [{ to: 's3', bucket: 'status-id', region: 'auto' }];
    expect(planDeploy(hosts)).toEqual({
      pages: { dir: 'status.example.com', domain: 'status.example.com', locale: 'l0', slug: 'STATUS_EXAMPLE_COM' },
      others: [],
      hosts: [
        { dir: 'status.example.com', domain: 'status.example.com', locale: 'l0', label: 'netlify:acme', host: { to: 'netlify', site: 'acme' } },
        { dir: 'status.example.co.id', domain: 'status.example.co.id', locale: 'l1', label: 's3:status-id', host: { to: 's3', bucket: 'status-id', region: 'auto' } },
      ],
    });
    hosts.deploy = [{ to: 'cloudflare-pages', project: 'acme' }];
    expect(planDeploy(hosts).pages).toBeUndefined();
  });
  it('variable slugs are valid secret names', () => expect(deployVariableSlug('status-id.example.co.id')).toBe('STATUS_ID_EXAMPLE_CO_ID'));
});

describe('GitHub errors name the fix', () => {
  const err = (status: number, data: unknown, headers: Record<string, string> = {}) => Object.assign(new Error('x'), { status, response: { data, headers } });
  it.each([
    ['unauthorized', err(401, { message: 'Bad credentials' })],
    ['rate-limited', err(403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0' })],
    ['rate-limited', err(429, { message: 'You have exceeded a secondary rate limit' })],
    ['forbidden', err(403, { message: 'Resource not accessible by integration' })],
    ['not-found', err(404, { message: 'Not Found' })],
    ['invalid', err(422, { message: 'Validation Failed', errors: [{ message: 'No commits between main and x' }] })],
    ['offline', Object.assign(new Error('fetch failed'), { status: 500, cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })],
    ['offline', new TypeError('fetch failed')],
  ])('%#: %s', (kind, error) => expect(classifyGitHubError(error, 'acme/status').kind).toBe(kind));
});
