import { dictionaryFor } from '../../i18n/index.ts';

/**
 * The neutral wording of drafts, in the default locale's language: it says what is known (a
 * problem, which components) and nothing an alert cannot know (cause, impact, time to fix).
 * `{components}` is the affected components' names. `alerts.messages` in the config replaces them.
 */
const DRAFT_STRINGS = {
  en: {
    title: 'Problems with {components}',
    investigating: 'We are investigating a problem affecting {components}. We will post an update as soon as we know more.',
    monitoring: 'The problem affecting {components} appears to be fixed. We are monitoring to make sure it stays that way.',
    returned: 'The problem affecting {components} has returned. We are investigating.',
    ourService: 'our service',
  },
  id: {
    title: 'Gangguan pada {components}',
    investigating: 'Kami sedang menyelidiki gangguan yang memengaruhi {components}. Kami akan memberi kabar terbaru secepatnya.',
    monitoring: 'Gangguan yang memengaruhi {components} tampaknya sudah teratasi. Kami terus memantau untuk memastikan layanan tetap normal.',
    returned: 'Gangguan yang memengaruhi {components} muncul kembali. Kami sedang menyelidikinya.',
    ourService: 'layanan kami',
  },
} as const satisfies Record<string, Record<string, string>>;

export type DraftText = keyof (typeof DRAFT_STRINGS)['en'];

export function draftStrings(locale: string): Readonly<Record<DraftText, string>> {
  return dictionaryFor(DRAFT_STRINGS, locale);
}
