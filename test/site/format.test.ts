import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatPercent, formatRelative } from '../../src/core/view/format.ts';

const MIN = 60_000;

describe('formatPercent', () => {
  it.each([
    [1, 'en', '100%'],
    [0.99996, 'en', '99.99%'], // floored: an outage never rounds up to 100 %
    [0.9995, 'en', '99.95%'],
    [0.9995, 'id', '99,95%'],
    [0, 'en', '0%'],
  ])('%s in %s → %s', (ratio, locale, expected) => {
    expect(formatPercent(ratio, locale).replace(/\s/g, '')).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, 'en', '0 min'],
    [45 * MIN, 'en', '45 min'],
    [90 * MIN, 'en', '1 hr 30 min'],
    [120 * MIN, 'en', '2 hr'],
    [(3 * 24 * 60 + 4 * 60 + 5) * MIN, 'en', '3 days 4 hr'],
    [90 * MIN, 'id', '1 j 30 mnt'],
  ])('%s ms in %s → %s', (ms, locale, expected) => {
    expect(formatDuration(ms, locale).replace(/\s/g, ' ')).toBe(expected);
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    [now - 12 * MIN, 'en', '12 minutes ago'],
    [now + 2 * 60 * MIN, 'en', 'in 2 hours'],
    [now - 24 * 60 * MIN, 'en', 'yesterday'],
    [now - 12 * MIN, 'id', '12 menit yang lalu'],
    [now, 'en', 'now'],
  ])('%s in %s → %s', (ms, locale, expected) => {
    expect(formatRelative(ms, now, locale)).toBe(expected);
  });
});

describe('formatDateTime', () => {
  it('names the zone, and uses the zone given (Jakarta is UTC+7 all year)', () => {
    const ms = Date.parse('2026-11-22T11:05:00Z');
    expect(formatDateTime(ms, 'en', 'UTC').replace(/\s/g, ' ')).toBe('Nov 22, 2026, 11:05 AM UTC');
    expect(formatDateTime(ms, 'en', 'Asia/Jakarta').replace(/\s/g, ' ')).toBe('Nov 22, 2026, 6:05 PM GMT+7');
    expect(formatDateTime(ms, 'id', 'Asia/Jakarta').replace(/\s/g, ' ')).toBe('22 Nov 2026, 18.05 WIB');
  });
});
