/**
 * Size limits (docs/content-format.md): a status page is read on bad networks, and content
 * arrives in pull requests, so one careless or hostile file must not make a site of hundreds of
 * megabytes. Generous for real incidents: a long postmortem is about 30 KB.
 */

/** Any file under incidents/, read or not. */
export const MAX_FILE_BYTES = 256 * 1024;

/** Characters per field. */
export const FIELD_LIMITS = {
  title: 200,
  impact: 500,
  workaround: 1000,
  provider: 200,
  compensation: 1000,
  technical: 10_000,
  /** An update's or an incident's Markdown body. */
  body: 20_000,
  /** A postmortem's Markdown body. */
  postmortem: 100_000,
  /** Names and descriptions in the site config. */
  configText: 500,
} as const;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

export const fileTooLargeMessage = (bytes: number): string =>
  `is ${kb(bytes)} (expected at most ${kb(MAX_FILE_BYTES)} per file: split the text, or link to a longer document)`;

export const tooLongMessage = (max: number): string => `expected at most ${max.toLocaleString('en')} characters`;
