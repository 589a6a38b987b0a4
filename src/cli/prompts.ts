import * as p from '@clack/prompts';
import type { SiteConfig } from '../core/config/normalize.ts';
import { COMPONENT_STATUSES, IMPACT_STATUSES, SEVERITIES, type ComponentStatus, type Severity } from '../core/content/schema.ts';
import type { ImpactStatus, IncidentSource } from '../core/content/types.ts';
import { latestComponentStatuses, type NewIncidentInput } from '../core/scaffold/content.ts';
import { parseTimeInput } from '../core/scaffold/ids.ts';
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
  const timeCheck = (optional: boolean) => (value: string | undefined) => {
    if (!value?.trim()) return optional ? undefined : 'a time is required';
    const parsed = parseTimeInput(value, now, tz);
    return parsed.ok ? undefined : `${parsed.reason}: expected e.g. +30m, 10:35 or 2026-11-28 01:00 (${tz})`;
  };
  p.intro(options.maintenance ? 'New maintenance' : 'New incident');
  const o: NewOptions = { ...options };
  o.title ??= answer(await p.text({ message: 'Title (what customers see)', placeholder: 'Card payments failing', validate: required('A title') }));
  if (o.maintenance) {
    o.start ??= answer(await p.text({ message: `Window start (${tz})`, placeholder: '2026-11-28 01:00', validate: timeCheck(false) }));
    const start = o.start === undefined ? undefined : parseTimeInput(o.start, now, tz);
    const afterStart = (value: string | undefined) => {
      const end = value === undefined ? undefined : parseTimeInput(value, now, tz);
      return start?.ok && end?.ok && end.ms <= start.ms ? 'the window must end after it starts' : timeCheck(false)(value);
    };
    o.end ??= answer(await p.text({ message: `Window end (${tz})`, placeholder: '2026-11-28 03:00', validate: afterStart }));
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
    const next = answer(await askNextUpdate(o.maintenance ? undefined : DEFAULT_NEXT_UPDATE, timeCheck(true)));
    if (next !== undefined) o.nextUpdate = next;
  }
  return inputFromFlags(o, state);
}

/** What Enter promises when asked for the next update: customers are told when to look again (docs/engineer-workflow.md). */
const DEFAULT_NEXT_UPDATE = '+30m';
const NO_NEXT_UPDATE = 'none';

/**
 * Asks when the next update is promised. With a default, Enter takes it and "none" promises
 * nothing (an empty answer cannot mean both); without one, empty is none. Undefined: no promise.
 */
export async function askNextUpdate(byDefault: string | undefined, validate: (value: string | undefined) => string | undefined): Promise<string | undefined | symbol> {
  const message = byDefault ? `Next update by (e.g. +45m or 10:35; Enter for ${byDefault}, "${NO_NEXT_UPDATE}" for no promise)` : 'Next update by (e.g. +45m or 10:35; empty for none)';
  const value = await p.text({
    message,
    placeholder: byDefault ?? '',
    ...(byDefault && { defaultValue: byDefault }),
    validate: (v) => (v?.trim().toLowerCase() === NO_NEXT_UPDATE ? undefined : validate(v)),
  });
  if (p.isCancel(value)) return value;
  const answer = (value ?? '').trim();
  return answer === '' || answer.toLowerCase() === NO_NEXT_UPDATE ? undefined : answer;
}

/**
 * The last step in a terminal: what customers will see, and a yes before anything
 * is written (a wrong component or time is easier to catch here than on the page).
 */
export async function confirmPreview(preview: string): Promise<boolean> {
  p.note(preview, 'Customers will see');
  const ok = await p.confirm({ message: 'Write these files?', initialValue: true });
  if (p.isCancel(ok) || !ok) {
    p.cancel('Cancelled; nothing was written.');
    return false;
  }
  p.outro('Writing…');
  return true;
}

/**
 * Asks which components change and to what, showing what each is now; returns
 * `id=status` specs like the flags. Maintenance may only put components under
 * maintenance or back to operational.
 */
export async function promptComponentChanges(incident: IncidentSource, config: SiteConfig): Promise<string[] | symbol> {
  const now = latestComponentStatuses(incident);
  const allowed: readonly ComponentStatus[] = incident.type === 'maintenance' ? ['under_maintenance', 'operational'] : COMPONENT_STATUSES;
  const name = (id: string) => config.components.find((c) => c.id === id)?.name[config.defaultLocale] ?? id;
  const ids = await p.multiselect<string>({
    message: 'Component changes (space to select, enter to continue; none selected = no change)',
    options: config.components.map((c) => ({ value: c.id, label: `${name(c.id)} (now: ${componentStatusWord(now[c.id] ?? 'operational')})` })),
    initialValues: [],
    required: false,
  });
  if (p.isCancel(ids)) return ids;
  const specs: string[] = [];
  for (const id of ids) {
    const current = now[id] ?? 'operational';
    const status = await p.select<ComponentStatus>({
      message: `New status of ${name(id)}`,
      options: allowed.map((s) => ({ value: s, label: componentStatusWord(s), ...(s === current && { hint: 'now' }) })),
      initialValue: allowed.find((s) => s !== current) ?? allowed[0]!,
    });
    if (p.isCancel(status)) return status;
    specs.push(`${id}=${status}`);
  }
  return specs;
}
