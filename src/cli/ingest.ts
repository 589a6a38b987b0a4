import type { Command } from 'commander';
import { defaultAlertsConfig } from '../core/config/alerts-schema.ts';
import { alertKey } from '../core/ingest/key.ts';
import { ALERT_SOURCES, PayloadError, SOURCE_NAMES, type AlertNotification, type AlertSource } from '../core/ingest/notification.ts';
import { parseAlertPayload } from '../core/ingest/parse-payload.ts';
import { draftIncident, findAlertIncident, planIngest, proposeUpdate, type IngestContext } from '../core/ingest/plan.ts';
import { resolveNow } from '../core/time.ts';
import { ingestWithPullRequest } from './ingest-github.ts';
import { reportWritten } from './ingest-report.ts';
import { oneOf, UsageError } from './options.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { loadRepoState, RefusedError, validateAndWrite } from './write-content.ts';

interface IngestOptions {
  from?: string;
  pr?: boolean;
  root?: string;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Draft an incident from a monitoring alert read from stdin; with --pr, as a pull request for people to review (never published by itself).')
    .option('--from <source>', `what sent the alert: ${ALERT_SOURCES.join(', ')}`)
    .option('--pr', 'open (or update) a pull request instead of only writing the files (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
A firing alert drafts a new incident (title, components from its labels, severity, start, a
first "investigating" update); the same alert firing again changes nothing, or updates its open
pull request. A resolved alert proposes a "monitoring" update, never a resolution. The
kabar.config.ts "alerts" section maps labels to components and severities (docs/alerts.md).

Examples:
  kabar ingest --from alertmanager < payload.json
  kabar ingest --from grafana --pr < payload.json
  echo '{"fingerprint":"checkout","status":"firing","title":"Checkout errors","labels":{"component":"card-payments"}}' \\
    | kabar ingest --from generic`,
    )
    .action((options: IngestOptions) =>
      runCommand('ingest', async () => {
        if (!options.from) throw new UsageError(`--from is required (expected one of: ${ALERT_SOURCES.join(', ')})`);
        const source = oneOf<AlertSource>('--from', options.from, ALERT_SOURCES)!;
        if (process.stdin.isTTY) throw new UsageError(`reads the alert from stdin (expected e.g. kabar ingest --from ${source} < payload.json)`);
        const notification = readNotification(source, await readStdin());
        const now = resolveNow(process.env);
        const state = await loadRepoState(findRepoRoot(options.root ?? process.cwd()), now);
        const ctx: IngestContext = { notification, key: alertKey(notification), config: state.config, alerts: state.config.alerts ?? defaultAlertsConfig(), now };
        console.log(`${SOURCE_NAMES[source]}: ${describe(notification)}${notification.ignore ? '' : ` (alert ${ctx.key})`}`);
        if (options.pr) return ingestWithPullRequest(state, ctx, process.env);

        const incident = findAlertIncident(state.files, state.incidents, ctx.key);
        const plan = planIngest(notification, incident);
        if (plan.kind === 'none') return void console.log(`Nothing written: ${plan.reason}.`);
        const proposal = plan.kind === 'draft' ? draftIncident(ctx, state.files) : proposeUpdate(ctx, incident!, plan.status, state.files.map((f) => f.path));
        const written = await validateAndWrite(state, proposal.scaffold);
        reportWritten(proposal, written, plan.kind === 'draft' ? 'draft' : plan.reason === 'resolved' ? 'monitoring' : 'returned');
        console.log('\nNothing is public yet: review the files, then commit them and open a pull request (or run again with --pr).');
      }),
    );
}

function readNotification(source: AlertSource, text: string): AlertNotification {
  try {
    return parseAlertPayload(source, text);
  } catch (error) {
    if (!(error instanceof PayloadError)) throw error;
    throw new RefusedError(`${error.message}, so nothing was written${error.details.length > 0 ? `:\n${error.details.map((d) => `  ${d}`).join('\n')}` : ''}\n(check --from: it says which system sent the payload)`);
  }
}

function describe(n: AlertNotification): string {
  if (n.ignore) return n.ignore;
  const firing = n.alerts.filter((a) => a.status === 'firing').length;
  return n.status === 'firing' ? `${firing} alert${firing === 1 ? '' : 's'} firing` : 'resolved';
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
