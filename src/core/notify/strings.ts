import { dictionaryFor, fillPlaceholders } from '../../i18n/index.ts';

/**
 * Words only notifications use. Status and component labels come from the site's UI strings
 * and the words shared with feeds (impact, workaround, window, the generic provider) from the
 * feed strings, so a Slack message says what the page and the feeds say.
 */
const NOTIFY_STRINGS = {
  en: {
    started: 'The scheduled maintenance has started.',
    completed: 'The scheduled maintenance is complete.',
    postmortem: 'We have published the postmortem of this incident.',
    view: 'View on the status page',
    readPostmortem: 'Read the postmortem',
    posted: 'Posted {time}',
    components: 'Components',
    nextUpdate: 'Next update',
    eta: 'Expected resolution',
    window: 'Window',
    windowValue: '{start} until {end}',
    componentChange: '{name}: {status}',
    cause: 'Cause',
    because: 'Incident',
    footer: 'You receive this because you subscribed to updates from the {site} status page.',
    manage: 'Ways to follow and unsubscribe',
    untranslated: 'Not translated yet',
    andMore: 'and {count} more',
    summarizes: 'Latest of {count} updates since the last message',
  },
  id: {
    started: 'Pemeliharaan terjadwal telah dimulai.',
    completed: 'Pemeliharaan terjadwal telah selesai.',
    postmortem: 'Kami telah menerbitkan laporan pascainsiden untuk insiden ini.',
    view: 'Lihat di halaman status',
    readPostmortem: 'Baca laporan pascainsiden',
    posted: 'Diposting {time}',
    components: 'Komponen',
    nextUpdate: 'Kabar berikutnya',
    eta: 'Perkiraan pulih',
    window: 'Jadwal',
    windowValue: '{start} sampai {end}',
    componentChange: '{name}: {status}',
    cause: 'Penyebab',
    because: 'Insiden',
    footer: 'Anda menerima pesan ini karena berlangganan kabar dari halaman status {site}.',
    manage: 'Cara mengikuti dan berhenti berlangganan',
    untranslated: 'Belum diterjemahkan',
    andMore: 'dan {count} lainnya',
    summarizes: 'Terbaru dari {count} kabar sejak pesan sebelumnya',
  },
} as const satisfies Record<string, Record<string, string>>;

export type NotifyKey = keyof (typeof NOTIFY_STRINGS)['en'];

/** `n('posted', { time })` in a locale's language (English for locales without strings). */
export function notifyWords(locale: string): (key: NotifyKey, vars?: Readonly<Record<string, string>>) => string {
  const dict: Record<NotifyKey, string> = dictionaryFor(NOTIFY_STRINGS, locale);
  return (key, vars) => fillPlaceholders(dict[key], vars);
}
