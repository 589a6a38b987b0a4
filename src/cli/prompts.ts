import * as p from '@clack/prompts';
import { IMPACT_STATUSES, SEVERITIES, type Severity } from '../core/content/schema.ts';
import type { ImpactStatus } from '../core/content/types.ts';
import type { NewIncidentInput } from '../core/scaffold/content.ts';
import { parseTimeInput, TIME_INPUT_EXPECTED } from '../core/scaffold/ids.ts';
import { componentStatusWord } from '../core/scaffold/preview.ts';
import { inputFromFlags, type NewOptions } from './new.ts';
import type { RepoState } from './write-content.ts';

const SEVERITY_HINTS: Record<Severity, string> = {
  negligible: 'no customer impact',
  minimal: 'few customers, small effect',
  significant: 'many customers, or a key feature',
  serious: 'major service disruption',
  severe: 'the whole service is down',
};

/** Ends the session cleanly on Ctrl-C / Esc: nothing has been written yet. */
function answer<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel('Cancelled; nothing was written.');
    process.exit(130);
  }
  return value as Exclude<T, symbol>;
}

const required = (what: string) => (value: string | undefined) => (value && value.trim() ? undefined : `${what} is required`);

/**
 * Asks for everything `kabar new` needs that the flags did not give, in the
 * order an on-call engineer thinks about it, then hands over to the same
 * flag-driven path (so both produce identical files).
 */
export async function promptNewIncident(options: NewOptions, state: RepoState): Promise<NewIncidentInput | undefined> {
  const { config, now } = state;
  const tz = config.timeZone;
  const timeCheck = (optional: boolean) => (value: string | undefined) =>
    !value?.trim() ? (optional ? undefined : 'a time is required') : parseTimeInput(value, now, tz) === undefined ? `expected ${TIME_INPUT_EXPECTED}` : undefined;
  p.intro(options.maintenance ? 'New maintenance' : 'New incident');
  const o: NewOptions = { ...options };
  o.title ??= answer(await p.text({ message: 'Title (what customers see)', placeholder: 'Card payments failing', validate: required('A title') }));
  if (o.maintenance) {
    o.start ??= answer(await p.text({ message: `Window start (${tz})`, placeholder: '2026-11-28 01:00', validate: timeCheck(false) }));
    o.end ??= answer(await p.text({ message: `Window end (${tz})`, placeholder: '2026-11-28 03:00', validate: timeCheck(false) }));
  } else {
    o.severity ??= answer(await p.select<Severity>({ message: 'Severity', options: SEVERITIES.map((s) => ({ value: s, label: s, hint: SEVERITY_HINTS[s] })), initialValue: 'significant' }));
  }
  if (!o.component) {
    const ids = answer(await p.multiselect<string>({ message: 'Affected components (space to select, enter to confirm)', options: config.components.map((c) => ({ value: c.id, label: c.name[config.defaultLocale] ?? c.id })), required: false }));
    o.component = [];
    for (const id of ids) {
      const status = o.maintenance
        ? 'under_maintenance'
        : answer(await p.select<ImpactStatus>({ message: `Status of ${config.components.find((c) => c.id === id)?.name[config.defaultLocale] ?? id}`, options: IMPACT_STATUSES.filter((s) => s !== 'under_maintenance').map((s) => ({ value: s, label: componentStatusWord(s) })), initialValue: 'partial_outage' }));
      o.component.push(`${id}=${status}`);
    }
  }
  if (!o.region && config.regions.length > 0) {
    const regions = answer(await p.multiselect<string>({ message: 'Affected regions (none selected = everyone)', options: config.regions.map((r) => ({ value: r.id, label: r.name[config.defaultLocale] ?? r.id })), required: false }));
    if (regions.length > 0) o.region = regions;
  }
  o.impact ??= answer(await p.text({ message: 'Impact: who is affected, and how (one sentence)', placeholder: 'Card payments fail for most customers.', validate: required('An impact statement') }));
  if (o.workaround === undefined) {
    const workaround = answer(await p.text({ message: 'Workaround (optional)', placeholder: 'Pay by bank transfer or e-wallet meanwhile.', defaultValue: '' }));
    if (workaround.trim()) o.workaround = workaround;
  }
  o.message ??= answer(await p.text({ message: 'First public message', placeholder: 'We are investigating failed card payments.', validate: required('A message') }));
  if (o.nextUpdate === undefined) {
    const next = answer(await p.text({ message: 'Next update by (e.g. +30m; empty for none)', defaultValue: o.maintenance ? '' : '+30m', placeholder: o.maintenance ? '' : '+30m', validate: timeCheck(true) }));
    if (next.trim()) o.nextUpdate = next;
  }
  p.outro('Checking and writing…');
  return inputFromFlags(o, state);
}
