import type { Command } from 'commander';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { Incident } from '../core/model/types.ts';
import { componentName, componentStatusWord, formatForReaders, statusWord } from '../core/scaffold/preview.ts';
import { formatDuration } from '../core/view/format.ts';
import { resolveNow } from '../core/time.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { loadRepoState } from './write-content.ts';

export function registerList(program: Command): void {
  program
    .command('list')
    .description('List active incidents and maintenance (in progress or upcoming), flagging stale ones whose promised update is overdue.')
    .option('--all', 'list every incident and maintenance, resolved ones too')
    .option('--format <format>', 'output format: "text" or "json"', 'text')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  kabar list               what is open right now, and which updates are overdue
  kabar list --all         everything, newest first
  kabar list --format json

Exit status: 0, or 1 when an active incident is stale (so scripts and CI can alert).`,
    )
    .action((options: { all?: boolean; format: string; root?: string }) =>
      runCommand('list', async () => {
        const now = resolveNow(process.env);
        const state = await loadRepoState(findRepoRoot(options.root ?? process.cwd()), now);
        const model = buildStatusModel(state.incidents, state.config, now);
        const shown = options.all ? model.incidents : [...model.activeIncidents, ...model.activeMaintenance, ...model.upcomingMaintenance];
        const stale = shown.filter((i) => i.stale);
        if (options.format === 'json') {
          console.log(JSON.stringify(shown.map((i) => ({ id: i.id, type: i.type, title: i.title[state.config.defaultLocale]?.text, status: i.status, severity: i.severity ?? null, active: i.active, upcoming: i.upcoming, stale: i.stale, nextUpdate: i.nextUpdate === undefined ? null : new Date(i.nextUpdate).toISOString(), components: i.currentComponents })), null, 2));
        } else if (shown.length === 0) {
          console.log(options.all ? 'No incidents or maintenance yet.' : 'Nothing active: no open incidents, no maintenance in progress or scheduled.');
        } else {
          for (const incident of shown) console.log(describe(incident, state.config.timeZone, state.config, now));
          if (stale.length > 0) console.log(`\n${stale.length} stale: post an update (kabar update <id> -m "...") even if there is nothing new.`);
        }
        if (stale.length > 0) process.exitCode = 1;
      }),
    );
}

function describe(incident: Incident, tz: string, config: Parameters<typeof componentName>[0], now: number): string {
  const title = incident.title[config.defaultLocale]?.text ?? incident.id;
  const flag = incident.stale ? 'STALE ' : '';
  const kind = incident.type === 'maintenance' ? (incident.upcoming ? 'upcoming maintenance' : 'maintenance') : `incident, ${incident.severity}`;
  const lines = [`${flag}${incident.id}  ${title}  [${statusWord(incident.status)}; ${kind}]`];
  const components = Object.entries(incident.currentComponents).map(([id, s]) => `${componentName(config, id)}: ${componentStatusWord(s)}`);
  if (components.length) lines.push(`    ${components.join(', ')}`);
  if (incident.upcoming && incident.scheduledFor !== undefined) {
    const planned = Object.entries(incident.plannedComponents ?? {}).map(([id, s]) => `${componentName(config, id)}: ${componentStatusWord(s)}`);
    lines.push(`    starts ${formatForReaders(incident.scheduledFor, tz)} (in ${formatDuration(incident.scheduledFor - now, 'en')})${planned.length ? `; planned: ${planned.join(', ')}` : ''}`);
  }
  if (incident.nextUpdate !== undefined && incident.active) {
    // Days and hours, as the page says durations: "overdue by 7 days 23 hr", not "11509 min".
    const span = formatDuration(Math.abs(incident.nextUpdate - now), 'en');
    lines.push(`    next update ${incident.stale ? `overdue by ${span}` : `due in ${span}`} (${formatForReaders(incident.nextUpdate, tz)})`);
  }
  return lines.join('\n');
}
