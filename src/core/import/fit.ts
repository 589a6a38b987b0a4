import type { ComponentStatus, UpdateStatus } from '../content/schema.ts';
import { useTranslations } from '../../i18n/index.ts';
import type { ReportEntry, SourceIncident, SourceUpdate } from './model.ts';
import { toSecond } from './times.ts';

/**
 * Fits an imported history to the content format's rules, the same way for every
 * source, and says in the report what each change did:
 * - times to the second; updates in time order, each at its own second;
 * - statuses of the right kind (an incident's `in_progress` becomes `investigating`);
 * - one resolution, last: a `resolved` update followed by more (a reopened
 *   incident) becomes `monitoring`, so the history stays and Kabar can read it;
 * - no update before `started`; every update has a message (the status's name
 *   in the site's language when the source had none; "Cancelled" for a maintenance
 *   completed before its window);
 * - the resolution lists the components it returns to operational, as `kabar resolve` writes it.
 */
export function fitIncident(incident: SourceIncident, defaultLocale: string): { incident?: SourceIncident; notes: ReportEntry[] } {
  const notes: ReportEntry[] = [];
  const note = (kind: ReportEntry['kind'], message: string) => notes.push({ kind, subject: incident.label, message });
  const t = useTranslations(defaultLocale);
  const type = incident.type;
  const window = incident.window && { start: toSecond(incident.window.start), end: toSecond(incident.window.end) };
  if (window && window.end <= window.start) {
    note('skipped', `its window ends (${iso(window.end)}) before it starts (${iso(window.start)}), which Kabar cannot show, so it was left out`);
    return { notes };
  }

  const updates: SourceUpdate[] = [...incident.updates]
    .map((u, i) => ({ u: { ...u, at: toSecond(u.at), ...(u.components && { components: { ...u.components } }) }, i }))
    .sort((a, b) => a.u.at - b.u.at || a.i - b.i)
    .map(({ u }) => u);

  const retyped: string[] = [];
  for (const update of updates) {
    const fitted = statusFor(type, update.status);
    if (fitted !== update.status) {
      retyped.push(`${update.status} → ${fitted}`);
      update.status = fitted;
    }
  }
  if (retyped.length > 0) note('changed', `${type === 'incident' ? 'an incident' : 'a maintenance'} cannot have the statuses it had; mapped ${[...new Set(retyped)].join(', ')}`);

  const terminal: UpdateStatus = type === 'incident' ? 'resolved' : 'completed';
  const reopened: UpdateStatus = type === 'incident' ? 'monitoring' : 'verifying';
  updates.forEach((update, i) => {
    if (update.status === terminal && i < updates.length - 1) {
      update.status = reopened;
      note('changed', `it was ${terminal} at ${iso(update.at)} and then had more updates (reopened); Kabar allows one ${terminal} update, the last, so that one is "${reopened}"`);
    }
  });

  let bumped = 0;
  for (let i = 1; i < updates.length; i++) {
    if (updates[i]!.at <= updates[i - 1]!.at) {
      updates[i]!.at = updates[i - 1]!.at + 1000;
      bumped++;
    }
  }
  if (bumped > 0) note('changed', `${bumped} update${bumped === 1 ? '' : 's'} shared a second with the one before and ${bumped === 1 ? 'was' : 'were'} moved one second later (Kabar orders updates by time)`);

  for (const update of updates) {
    if (update.body.trim()) continue;
    // A maintenance completed before its window opened was called off: say so, as the page does.
    const cancelled = update.status === 'completed' && window !== undefined && update.at <= window.start;
    update.body = `${cancelled ? t('feed.cancelled') : t(`status.${update.status}`)}.`;
    update.generated = true;
    note('changed', `${update.key} had no message; Kabar needs one, so it says "${update.body}"`);
  }

  let started = incident.started === undefined ? undefined : toSecond(incident.started);
  if (type === 'incident') {
    const first = updates[0]?.at;
    if (started === undefined || (first !== undefined && first < started)) {
      if (started !== undefined) note('changed', `its first update (${iso(first!)}) is before its start (${iso(started)}); it now starts with that update`);
      started = first;
    }
    if (started === undefined) {
      note('skipped', 'no start time and no updates, so it was left out');
      return { notes };
    }
  }

  const last = updates.at(-1);
  if (last?.status === terminal) {
    const open = new Map<string, ComponentStatus>(Object.entries(incident.components));
    for (const u of updates.slice(0, -1)) for (const [c, s] of Object.entries(u.components ?? {})) open.set(c, s);
    const restore = Object.fromEntries([...open].filter(([c, s]) => s !== 'operational' && last.components?.[c] === undefined).map(([c]) => [c, 'operational' as const]));
    if (Object.keys(restore).length > 0) last.components = { ...restore, ...last.components };
  }

  return {
    incident: {
      ...incident,
      ...(started !== undefined && { started }),
      ...(window && { window }),
      updates,
      ...(incident.postmortem && {
        postmortem: { body: incident.postmortem.body, ...(incident.postmortem.published !== undefined && { published: toSecond(incident.postmortem.published) }) },
      }),
    },
    notes,
  };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The nearest status of the other kind, for a source that mixes them. */
function statusFor(type: 'incident' | 'maintenance', status: UpdateStatus): UpdateStatus {
  const toIncident: Partial<Record<UpdateStatus, UpdateStatus>> = { scheduled: 'investigating', in_progress: 'investigating', verifying: 'monitoring', completed: 'resolved' };
  const toMaintenance: Partial<Record<UpdateStatus, UpdateStatus>> = { investigating: 'in_progress', identified: 'in_progress', monitoring: 'verifying', resolved: 'completed' };
  return (type === 'incident' ? toIncident[status] : toMaintenance[status]) ?? status;
}
