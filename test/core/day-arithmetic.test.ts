import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayKey, isValidTimeZone, monthKeys, nextDay, startOfDay } from '../../src/core/time.ts';

/**
 * Days in a time zone are worked out without a luxon DateTime each time (src/core/time.ts): the
 * answers must be luxon's own, to the millisecond, around every kind of offset change.
 */
const ZONES = [
  'UTC',
  'Asia/Jakarta',
  'America/New_York', // DST at 02:00
  'Europe/London',
  'America/Santiago', // DST at midnight: some days start at 01:00
  'America/Havana', // DST at midnight too
  'Asia/Beirut', // midnight transitions
  'Australia/Lord_Howe', // half-hour DST
  'Asia/Kathmandu', // +05:45, changed from +05:30 in 1986
  'Pacific/Apia', // skipped 30 December 2011
  'Pacific/Kiritimati', // skipped 31 December 1994
  'Africa/Casablanca', // DST suspended each Ramadan
  'Europe/Amsterdam', // local mean time +00:19:32 until 1937
];

const luxon = {
  startOfDay: (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).startOf('day').toMillis(),
  nextDay: (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).plus({ days: 1 }).startOf('day').toMillis(),
  dayKey: (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISODate() ?? '',
};

/** Every half hour (and a millisecond either side) for a day and a half around each offset change of the zone between `from` and `to`, and instants between. */
function instantsAround(zone: string, from: number, to: number): number[] {
  const instants: number[] = [];
  let previous = DateTime.fromMillis(from, { zone }).offset;
  for (let at = from; at < to; at += 6 * 3_600_000) {
    const offset = DateTime.fromMillis(at, { zone }).offset;
    if (offset !== previous) {
      for (let t = at - 36 * 3_600_000; t < at + 36 * 3_600_000; t += 30 * 60_000) instants.push(t, t + 1, t - 1);
      previous = offset;
    }
  }
  for (let at = from; at < to; at += 86_400_000 * 3 + 3_600_000 * 5 + 61_001) instants.push(at);
  return instants;
}

describe('day arithmetic in a time zone', () => {
  for (const zone of ZONES) {
    it(`agrees with luxon to the millisecond in ${zone}`, () => {
      // Amsterdam's and others' end of local mean time, Kathmandu's +05:45, Kiritimati's and
      // Apia's skipped days, and years of today's rules.
      const windows: [number, number][] = [
        [Date.UTC(1936, 0, 1), Date.UTC(1938, 0, 1)],
        [Date.UTC(1985, 6, 1), Date.UTC(1986, 6, 1)],
        [Date.UTC(1994, 6, 1), Date.UTC(1995, 6, 1)],
        [Date.UTC(2011, 0, 1), Date.UTC(2012, 6, 1)],
        [Date.UTC(2025, 0, 1), Date.UTC(2027, 0, 1)],
      ];
      let compared = 0;
      for (const [from, to] of windows) {
        for (const ms of instantsAround(zone, from, to)) {
          const start = startOfDay(ms, zone);
          expect([zone, ms, start]).toEqual([zone, ms, luxon.startOfDay(ms, zone)]);
          expect([zone, ms, dayKey(ms, zone)]).toEqual([zone, ms, luxon.dayKey(ms, zone)]);
          expect([zone, start, nextDay(start, zone)]).toEqual([zone, start, luxon.nextDay(start, zone)]);
          compared++;
        }
        // Months, for instants in order (newest first, as a history lists them, and oldest first),
        // among them every hour of each month's first and last days.
        const instants = instantsAround(zone, from, to);
        for (let month = DateTime.fromMillis(from, { zone }).startOf('month'); month.toMillis() < to; month = month.plus({ months: 1 })) {
          for (let h = -50; h <= 50; h++) instants.push(month.toMillis() + h * 3_600_000);
        }
        const ascending = [...new Set(instants)].sort((a, b) => a - b);
        for (const order of [ascending, [...ascending].reverse()]) {
          const monthOf = monthKeys(zone);
          for (const ms of order) expect([zone, ms, monthOf(ms)]).toEqual([zone, ms, luxon.dayKey(ms, zone).slice(0, 7)]);
        }
      }
      expect(compared).toBeGreaterThan(200);
    });
  }

  it('leaves years outside 1000–9999 and unknown zones to luxon', () => {
    for (const ms of [Date.UTC(999, 11, 31, 23), Date.UTC(-50, 5, 1), Date.UTC(9999, 11, 31, 12), Date.UTC(12000, 0, 1)]) {
      expect(dayKey(ms, 'Asia/Jakarta')).toBe(luxon.dayKey(ms, 'Asia/Jakarta'));
      expect(startOfDay(ms, 'America/New_York')).toBe(luxon.startOfDay(ms, 'America/New_York'));
    }
    expect(dayKey(Date.UTC(2026, 0, 1), 'Mars/Olympus')).toBe('');
    expect(Number.isNaN(startOfDay(Date.UTC(2026, 0, 1), 'Mars/Olympus'))).toBe(true);
  });
});

describe('isValidTimeZone', () => {
  it('takes canonical zones, and every other name luxon does (UTC, aliases, Etc offsets); nothing else', () => {
    for (const zone of ['Asia/Jakarta', 'America/New_York', 'Asia/Kathmandu', 'UTC', 'Etc/UTC', 'US/Eastern', 'Asia/Calcutta', 'Etc/GMT+7']) expect(isValidTimeZone(zone), zone).toBe(true);
    for (const zone of ['Mars/Olympus', '', 'Asia/Jakarta ', 'asia/nowhere', 'GMT+99']) expect(isValidTimeZone(zone), zone).toBe(false);
  });
});
