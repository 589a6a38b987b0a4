import { dictionaryFor, fillPlaceholders, useTranslations, type Translate } from '../../i18n/index.ts';

/**
 * Words that only feeds, calendars and badges use. Status and component labels
 * come from the site's UI strings so a feed says what the page says.
 */
const FEED_STRINGS = {
  en: {
    provider: 'a third-party provider',
    causedBy: 'Caused by a third-party provider.',
    affected: 'Affected components',
    impact: 'Impact',
    workaround: 'Workaround',
    window: 'Scheduled for {start} until {end}.',
    announced: 'Maintenance scheduled',
    postmortem: 'Postmortem',
    history: 'status history',
    maintenanceCalendar: 'scheduled maintenance',
    status: 'Status',
    cancelled: 'Cancelled',
  },
  id: {
    provider: 'penyedia pihak ketiga',
    causedBy: 'Disebabkan oleh penyedia pihak ketiga.',
    affected: 'Komponen terdampak',
    impact: 'Dampak',
    workaround: 'Solusi sementara',
    window: 'Dijadwalkan {start} sampai {end}.',
    announced: 'Pemeliharaan dijadwalkan',
    postmortem: 'Laporan pascainsiden',
    history: 'riwayat status',
    maintenanceCalendar: 'pemeliharaan terjadwal',
    status: 'Status',
    cancelled: 'Dibatalkan',
  },
} as const satisfies Record<string, Record<string, string>>;

export type FeedKey = keyof (typeof FEED_STRINGS)['en'];

export interface FeedWords {
  /** Feed-only words, with `{name}` placeholders filled from `vars`. */
  f(key: FeedKey, vars?: Readonly<Record<string, string>>): string;
  /** The site's UI strings (status and component labels). */
  t: Translate;
}

export function feedWords(locale: string): FeedWords {
  const dict: Record<FeedKey, string> = dictionaryFor(FEED_STRINGS, locale);
  return {
    f: (key, vars) => fillPlaceholders(dict[key], vars),
    t: useTranslations(locale),
  };
}
