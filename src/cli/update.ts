import type { Command } from 'commander';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { IncidentSource } from '../core/content/types.ts';
import { COMPONENT_STATUSES, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type UpdateStatus } from '../core/content/schema.ts';
import { componentsToRestore, scaffoldUpdate, terminalStatus, type UpdateInput } from '../core/scaffold/content.ts';
import { statusWord } from '../core/scaffold/preview.ts';
import { resolveNow } from '../core/time.ts';
import * as p from '@clack/prompts';
import { collectComponent, isInteractive, missingFlags, oneOf, parseComponentSpecs, parsePastTimeFlag, parseTimeFlag, UsageError, type StatusRule } from './options.ts';
import { askNextUpdate, confirmPreview, promptComponentChanges } from './prompts.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand, writeAndReport } from './run.ts';
import { findIncidentOrPending, pathsTakenElsewhere } from './pending.ts';
import { loadRepoState } from './write-content.ts';

interface UpdateOptions {
  status?: string;
  message?: string;
  component?: string[];
  nextUpdate?: string;
  eta?: string;
  technical?: string;
  at?: string;
  pr?: boolean;
  root?: string;
}

/** During a maintenance a component is under maintenance or, once its part is done, back to operational. */
const MAINTENANCE_UPDATE_RULE: StatusRule = { allowed: ['under_maintenance', 'operational'], why: 'a maintenance puts components under maintenance or back to operational; if something breaks during it, open an incident for that' };

const common = (command: Command): Command =>
  command
    .option('-m, --message <text>', 'the public message')
    .option('-c, --component <id=status>', `component status change (repeatable or comma-separated); statuses: ${COMPONENT_STATUSES.join(', ')}`, collectComponent)
    .option('--technical <text>', 'detail for technical readers, shown collapsed')
    .option('--at <time>', 'time of the update (default: now), to backdate it')
    .option('--pr', 'commit on a new branch, push and open a pull request (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)');

export function registerUpdate(program: Command): void {
  common(
    program
      .command('update <id>')
      .description('Add an update to an incident or maintenance: status, message, component changes and the next update time.')
      .option('--status <status>', `incident: ${INCIDENT_STATUSES.join(', ')}; maintenance: ${MAINTENANCE_STATUSES.join(', ')} (default: unchanged)`)
      .option('-n, --next-update <time>', 'when the next update is promised, e.g. +30m')
      .option('--eta <time>', 'expected resolution time'),
  )
    .addHelpText(
      'after',
      `
Examples:
  kabar update 2026-11-20-card-payments-failing --status identified \\
    -m "A faulty release at our card processor causes the errors; it is being rolled back." -n +30m
  kabar update 2026-11-20-card-payments-failing --status monitoring -c card-payments=degraded_performance \\
    -m "Payments succeed again; we are watching closely." -n +1h --pr`,
    )
    .action((id: string, options: UpdateOptions) => runUpdate('update', id, options));
}

export function registerResolve(program: Command): void {
  common(program.command('resolve <id>').description('Post the resolved (or, for maintenance, completed) update: every affected component returns to operational.'))
    .addHelpText(
      'after',
      `
Examples:
  kabar resolve 2026-11-20-card-payments-failing -m "Card payments work normally again. We are sorry for the disruption." --pr
  kabar resolve 2026-11-28-database-upgrade -m "The upgrade is complete."`,
    )
    .action((id: string, options: UpdateOptions) => runUpdate('resolve', id, options));
}

async function runUpdate(command: 'update' | 'resolve', id: string, options: UpdateOptions): Promise<void> {
  await runCommand(command, async () => {
    const now = resolveNow(process.env);
    const state = await loadRepoState(findRepoRoot(options.root ?? process.cwd()), now);
    const { incident, branch } = await findIncidentOrPending(state, id);
    if (branch && !options.pr) {
      throw new UsageError(`${incident.id} is only on branch ${branch}: its pull request is not merged yet (add --pr to propose this ${command === 'resolve' ? 'resolution' : 'update'} in a pull request of its own, or git switch ${branch} first)`);
    }
    if (branch) console.log(`${incident.id} is not merged yet: its files come from branch ${branch}.`);
    const tz = state.config.timeZone;
    const allowed: readonly UpdateStatus[] = incident.type === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
    const current = incident.updates.at(-1)?.status ?? (incident.type === 'incident' ? 'investigating' : 'scheduled');
    const prompted = !options.message && isInteractive();
    if (prompted) {
      const answered = await askUpdate(command, options, allowed, current, incident, state.config);
      if (!answered) {
        p.cancel('Cancelled; nothing was written.');
        process.exitCode = 130;
        return;
      }
    }
    if (!options.message) throw missingFlags(command, ['--message']);
    const others = incident.type === 'incident' ? { values: MAINTENANCE_STATUSES, are: 'is a maintenance status, and this is an incident' } : { values: INCIDENT_STATUSES, are: 'is an incident status, and this is a maintenance' };
    const status = command === 'resolve' ? terminalStatus(incident.type) : (oneOf('--status', options.status, allowed, others) ?? current);
    const changes = parseComponentSpecs(options.component ?? [], incident.type === 'maintenance' ? MAINTENANCE_UPDATE_RULE : undefined);
    const components = command === 'resolve' ? { ...componentsToRestore(incident), ...changes } : changes;
    const input: UpdateInput = {
      status,
      message: options.message,
      at: parsePastTimeFlag('--at', options.at, now, tz, 'the time of the update (--at backdates it)') ?? now,
      ...(Object.keys(components).length > 0 && { components }),
      ...(options.nextUpdate !== undefined && { nextUpdate: parseTimeFlag('--next-update', options.nextUpdate, now, tz)! }),
      ...(options.eta !== undefined && { eta: parseTimeFlag('--eta', options.eta, now, tz)! }),
      ...(options.technical && { technical: options.technical }),
    };
    const taken = options.pr ? await pathsTakenElsewhere(state.root) : [];
    const scaffold = scaffoldUpdate(incident, input, state.config, [...state.files.map((f) => f.path), ...taken]);
    await writeAndReport(state, scaffold, command === 'resolve' ? 'resolve' : 'update', { pr: options.pr === true, ...(prompted && { confirm: confirmPreview }) });
  });
}

/** In a terminal: the status (for `update`), the message, component changes and the next update time; false when cancelled. */
async function askUpdate(command: 'update' | 'resolve', options: UpdateOptions, allowed: readonly UpdateStatus[], current: UpdateStatus, incident: IncidentSource, config: SiteConfig): Promise<boolean> {
  p.intro(command === 'resolve' ? 'Resolve' : 'New update');
  if (command === 'update' && !options.status) {
    const status = await p.select<UpdateStatus>({ message: 'Status', options: allowed.map((s) => ({ value: s, label: statusWord(s) })), initialValue: current });
    if (p.isCancel(status)) return false;
    options.status = status;
  }
  const message = await p.text({ message: command === 'resolve' ? 'Resolution message' : 'Update message', validate: (v) => (v?.trim() ? undefined : 'A message is required') });
  if (p.isCancel(message)) return false;
  options.message = message;
  const terminal = options.status === 'resolved' || options.status === 'completed';
  // A resolution returns every component to operational by itself; otherwise ask, as the page shows what changed.
  if (command === 'update' && !terminal && !options.component) {
    const specs = await promptComponentChanges(incident, config);
    if (typeof specs === 'symbol') return false;
    options.component = specs;
  }
  if (command === 'update' && !terminal && options.nextUpdate === undefined) {
    const next = await askNextUpdate('+30m', () => undefined);
    if (typeof next === 'symbol') return false;
    if (next !== undefined) options.nextUpdate = next;
  }
  return true;
}
