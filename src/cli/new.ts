import type { Command } from 'commander';
import { IMPACT_STATUSES, INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES, type Severity, type UpdateStatus } from '../core/content/schema.ts';
import type { ImpactStatus } from '../core/content/types.ts';
import { scaffoldNewIncident, type NewIncidentInput } from '../core/scaffold/content.ts';
import { formatSiteTimes, resolveNow } from '../core/time.ts';
import { collectComponent, collectList, isInteractive, missingFlags, oneOf, parseComponentSpecs, parsePastTimeFlag, parseTimeFlag, UsageError, type StatusRule } from './options.ts';
import { confirmPreview, promptNewIncident } from './prompts.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand, writeAndReport } from './run.ts';
import { pathsTakenElsewhere } from './pending.ts';
import { loadRepoState, type RepoState } from './write-content.ts';

export interface NewOptions {
  maintenance?: boolean;
  title?: string;
  severity?: string;
  component?: string[];
  region?: string[];
  impact?: string;
  workaround?: string;
  message?: string;
  status?: string;
  started?: string;
  start?: string;
  end?: string;
  nextUpdate?: string;
  at?: string;
  pr?: boolean;
  root?: string;
}

export function registerNew(program: Command): void {
  program
    .command('new')
    .description('Create an incident (or maintenance with --maintenance): index.md and the first update. Asks for what is missing when run in a terminal.')
    .option('--maintenance', 'create a maintenance window instead of an incident')
    .option('-t, --title <text>', 'short customer-facing title, e.g. "Card payments failing"')
    .option('-s, --severity <level>', `incidents: ${SEVERITIES.join(', ')}`)
    .option('-c, --component <id=status>', `affected component and its status (repeatable or comma-separated); statuses: ${IMPACT_STATUSES.join(', ')} (a maintenance: under_maintenance)`, collectComponent)
    .option('-r, --region <id>', 'affected region id (repeatable or comma-separated); omit when everyone is affected', collectList)
    .option('-i, --impact <text>', 'one sentence: who is affected, and how')
    .option('-w, --workaround <text>', 'what customers can do meanwhile')
    .option('-m, --message <text>', 'the first public message')
    .option('--status <status>', `status of the first update (incident: ${INCIDENT_STATUSES.join(', ')}; maintenance: ${MAINTENANCE_STATUSES.join(', ')})`)
    .option('--started <time>', 'incidents: when the problem started (default: now)')
    .option('--start <time>', 'maintenance: window start')
    .option('--end <time>', 'maintenance: window end')
    .option('-n, --next-update <time>', 'when the next update is promised, e.g. +30m')
    .option('--at <time>', 'time of the first update (default: now), to backdate it')
    .option('--pr', 'commit on a new branch, push and open a pull request (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Times: with an offset (2026-11-20T10:05+07:00); without one they are in the site's time zone, as in the files ("2026-11-20 10:05", or "10:05" for today); or relative (+30m, -15m, +2h).

Examples:
  kabar new                                    ask interactively (in a terminal)
  kabar new -t "Card payments failing" -s serious -c card-payments=major_outage \\
    -i "Card payments fail for most customers." -m "We are investigating failed card payments." -n +30m --pr
  kabar new --maintenance -t "Database upgrade" -c dashboard=under_maintenance \\
    --start "2026-11-28 01:00" --end "2026-11-28 03:00" -m "The dashboard will be read-only during the upgrade."`,
    )
    .action((options: NewOptions) =>
      runCommand('new', async () => {
        const now = resolveNow(process.env);
        const state = await loadRepoState(findRepoRoot(options.root ?? process.cwd()), now);
        const prompted = needsPrompt(options) && isInteractive();
        const input = prompted ? await promptNewIncident(options, state) : inputFromFlags(options, state);
        if (!input) return;
        const taken = options.pr ? await pathsTakenElsewhere(state.root) : [];
        const scaffold = scaffoldNewIncident(input, state.config, [...state.files.map((f) => f.path), ...taken].map((p) => p.split('/')[1]!));
        await writeAndReport(state, scaffold, 'new', { pr: options.pr === true, ...(prompted && { confirm: confirmPreview }) });
      }),
    );
}

/** A maintenance is planned work: it puts components under maintenance, nothing worse (an outage during it is an incident). */
export const MAINTENANCE_RULE: StatusRule = { allowed: ['under_maintenance'], why: 'a maintenance puts components under maintenance; if something breaks during it, open an incident for that' };
const INCIDENT_RULE: StatusRule = { allowed: IMPACT_STATUSES, why: 'a new incident lists the components it affects; "operational" is for later updates' };

function needsPrompt(options: NewOptions): boolean {
  return !options.title || !options.message || (options.maintenance ? !options.start || !options.end : !options.severity);
}

export function inputFromFlags(options: NewOptions, state: RepoState): NewIncidentInput {
  const { now, config } = state;
  const tz = config.timeZone;
  const maintenance = options.maintenance === true;
  const missing = [
    !options.title && '--title',
    !maintenance && !options.severity && '--severity',
    maintenance && !options.start && '--start',
    maintenance && !options.end && '--end',
    !options.message && '--message',
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0) throw missingFlags('new', missing);
  if (!maintenance && (options.start || options.end)) throw new UsageError('--start and --end are for maintenance (add --maintenance, or use --started for an incident)');
  if (maintenance && options.started) throw new UsageError('--started is for incidents (a maintenance has a window: --start and --end)');
  const at = parsePastTimeFlag('--at', options.at, now, tz, 'the time of the first update (--at backdates it)') ?? now;
  const statuses: readonly UpdateStatus[] = maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const others = maintenance ? { values: INCIDENT_STATUSES, are: 'is an incident status' } : { values: MAINTENANCE_STATUSES, are: 'is a maintenance status' };
  const status = oneOf('--status', options.status, statuses, others) ?? (maintenance ? 'scheduled' : 'investigating');
  const components = parseComponentSpecs(options.component ?? [], maintenance ? MAINTENANCE_RULE : INCIDENT_RULE) as Record<string, ImpactStatus>;
  const start = parseTimeFlag('--start', options.start, now, tz);
  const end = parseTimeFlag('--end', options.end, now, tz);
  if (start !== undefined && end !== undefined && end <= start) {
    const [from, to] = formatSiteTimes(start, end, tz);
    throw new UsageError(`--end "${options.end}" (${to}) is not after --start "${options.start}" (${from}) (expected the window to end after it starts)`);
  }
  const started = maintenance ? undefined : parsePastTimeFlag('--started', options.started, now, tz, 'when the problem started');
  if (started !== undefined && started > at) {
    const [from, first] = formatSiteTimes(started, at, tz);
    throw new UsageError(`--started "${options.started}" (${from}) is after the first update (${first}${options.at ? `, --at "${options.at}"` : ', now'}) (expected the problem to start before we first say something about it)`);
  }
  return {
    type: maintenance ? 'maintenance' : 'incident',
    title: options.title!.trim(),
    ...(!maintenance && { severity: oneOf<Severity>('--severity', options.severity, SEVERITIES)! }),
    ...(!maintenance && { started: started ?? at }),
    ...(maintenance && start !== undefined && end !== undefined && { window: { start, end } }),
    components,
    ...(options.region && { regions: options.region }),
    ...(options.impact && { impact: options.impact }),
    ...(options.workaround && { workaround: options.workaround }),
    message: options.message!,
    status,
    at,
    ...(options.nextUpdate !== undefined && { nextUpdate: parseTimeFlag('--next-update', options.nextUpdate, now, tz)! }),
  };
}
