import { DateTime } from 'luxon';
import { renderMarkdownFile } from '../../src/core/scaffold/render.ts';
import { deriveUpdateName, formatTimestamp } from '../../src/core/scaffold/ids.ts';
import { exampleIncidents } from './example-content.ts';
import type { ExampleIncident } from './types.ts';

/** The site's zone; the example config (kabar.config.ts) uses the same. */
export const EXAMPLE_TIME_ZONE = 'Asia/Jakarta';
export const EXAMPLE_README = 'incidents/README.md';
const MARKER = /<!-- kabar-example now=(\S+) -->/;

/**
 * Times relative to the anchor, so the example never looks abandoned. `day`
 * gives wall-clock times in the site's zone (maintenance at 01:00 stays at
 * 01:00); `now` is the anchor itself, whole minutes, for the active incident.
 */
export interface ExampleClock {
  now: number;
  /** `days` calendar days from the anchor's day (negative: past) at local `time` ("HH:MM"). */
  day(days: number, time: string): number;
}

export function createClock(nowMs: number, timeZone = EXAMPLE_TIME_ZONE): ExampleClock {
  const now = Math.floor(nowMs / 60_000) * 60_000;
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  return {
    now,
    day(days, time) {
      const [hour, minute] = time.split(':').map(Number);
      return today.plus({ days }).set({ hour: hour!, minute: minute! }).toMillis();
    },
  };
}

/** Minutes as milliseconds, for offsets such as `start + min(25)`. */
export const min = (n: number): number => n * 60_000;

export function exampleId(incident: ExampleIncident, timeZone = EXAMPLE_TIME_ZONE): string {
  const start = incident.window?.start ?? incident.started!;
  return `${DateTime.fromMillis(start, { zone: timeZone }).toISODate()}-${incident.slug}`;
}

/** Every file of the example's `incidents/`, by repository-relative path, for the anchor `nowMs`. */
export function renderExample(nowMs: number, timeZone = EXAMPLE_TIME_ZONE): Map<string, string> {
  const clock = createClock(nowMs, timeZone);
  const ts = (ms: number | undefined) => (ms === undefined ? undefined : formatTimestamp(ms, timeZone));
  const files = new Map<string, string>();
  files.set(EXAMPLE_README, readme(ts(clock.now)!));
  for (const incident of exampleIncidents(clock)) {
    const dir = `incidents/${exampleId(incident, timeZone)}`;
    files.set(
      `${dir}/index.md`,
      renderMarkdownFile(
        {
          title: incident.title,
          type: incident.type === 'maintenance' ? 'maintenance' : undefined,
          severity: incident.severity,
          started: ts(incident.started),
          window: incident.window && { start: ts(incident.window.start), end: ts(incident.window.end) },
          components: incident.components,
          regions: incident.regions,
          impact: incident.impact,
          workaround: incident.workaround,
          provider: incident.provider,
          compensation: incident.compensation,
        },
        incident.body,
      ),
    );
    for (const [locale, text] of Object.entries(incident.tr ?? {})) {
      const { body, ...fields } = text;
      files.set(`${dir}/index.${locale}.md`, renderMarkdownFile(fields, body));
    }
    const taken: string[] = [];
    for (const update of incident.updates) {
      const name = deriveUpdateName(update.at, taken);
      taken.push(name);
      files.set(
        `${dir}/${name}.md`,
        renderMarkdownFile(
          {
            at: ts(update.at),
            status: update.status,
            components: update.components,
            next_update: ts(update.nextUpdate),
            eta: ts(update.eta),
            technical: update.technical,
          },
          update.body,
        ),
      );
      for (const [locale, text] of Object.entries(update.tr ?? {})) {
        files.set(`${dir}/${name}.${locale}.md`, renderMarkdownFile({ technical: text.technical }, text.body));
      }
    }
    const pm = incident.postmortem;
    if (pm) {
      const start = incident.window?.start ?? incident.started!;
      const published =
        pm.publishedAfterDays === undefined ? undefined : DateTime.fromMillis(start, { zone: timeZone }).plus({ days: pm.publishedAfterDays }).toISODate()!;
      files.set(
        `${dir}/postmortem.md`,
        renderMarkdownFile({ status: pm.status, authors: pm.authors, reviewers: pm.reviewers, published, title: pm.title }, pm.body),
      );
      for (const [locale, text] of Object.entries(pm.tr ?? {})) {
        files.set(`${dir}/postmortem.${locale}.md`, renderMarkdownFile({ title: text.title }, text.body));
      }
    }
  }
  return files;
}

function readme(anchor: string): string {
  return `# Example incidents

Everything in this folder is the example status history of Kedai, a made-up
online shop. It was generated for ${anchor} by
\`npm run example\` (scripts/example/), with every date relative to that
moment, so the example never looks abandoned.

To start your own status page, delete the incident folders here and create
your first incident with \`npx kabar new\`. Once this folder holds anything
the generator did not write, \`npm run example\` refuses to touch it.

<!-- kabar-example now=${anchor} -->
`;
}

/** The anchor an example `incidents/README.md` was generated for, if it is one. */
export function readExampleAnchor(readmeText: string): string | undefined {
  return MARKER.exec(readmeText)?.[1];
}
