import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatProblem } from '../core/problems.ts';
import { renderReportMarkdown, renderReportText } from '../core/notify/report.ts';
import { resolveNow } from '../core/time.ts';
import { LedgerStoreError } from '../io/notify/ledger-store.ts';
import { retryPolicy } from '../io/notify/retry.ts';
import { NotifyRefused, runNotify } from '../io/notify/run-notify.ts';
import { secretsFromEnv } from '../io/notify/send.ts';
import { packageVersion } from '../io/package-info.ts';
import { renderDryRun } from '../core/notify/dry-run.ts';
import { findRepoRoot } from './repo-root.ts';

interface NotifyFlags {
  dryRun?: boolean;
  root?: string;
  siteUrl?: string;
  base?: string;
  remote: string;
  format: string;
}

export function registerNotify(program: Command): void {
  program
    .command('notify')
    .description('Send new incident, maintenance and postmortem updates to the channels in kabar.config.ts (Slack, Discord, Teams, Mastodon, webhooks, email), each once.')
    .option('--dry-run', 'print what would be sent where, and send and record nothing')
    .option('--format <format>', 'output: "text" or "json"', 'text')
    .option('--site-url <url>', 'address of the page for links, when locales have no domain (default: notifications.siteUrl, else $KABAR_SITE_URL)')
    .option('--base <path>', 'path the page is served under, e.g. /status/')
    .option('--remote <name>', 'git remote holding the ledger branch', 'origin')
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
What was sent is kept in a ledger on the branch "kabar-notifications" (notifications.ledgerBranch)
of the remote, claimed before sending, so runs that overlap never send an event twice and a
skipped run is caught up by the next. The first run, history brought in by kabar import, and
events older than notifications.maxAge (24h) are recorded without being sent.

Secrets come only from environment variables: each channel reads KABAR_NOTIFY_<ID> (or the
KABAR_NOTIFY_* variable its "env" names); no other variable is read, and no
value is ever printed. docs/notifications.md lists what each one holds.

Examples:
  npx kabar notify --dry-run          what would be sent, with each payload
  npx kabar notify                    send (the deploy workflow runs this after a deploy)

Exit status: 0 when every channel is up to date, 1 when a channel failed (its events are
retried by the next run) or the content cannot be read, 2 on bad usage.`,
    )
    .action(async (flags: NotifyFlags) => {
      if (flags.format !== 'text' && flags.format !== 'json') {
        console.error(`kabar notify: unknown --format "${flags.format}" (expected text or json)`);
        process.exitCode = 2;
        return;
      }
      const env = process.env;
      try {
        const { report, deliveries } = await runNotify({
          root: findRepoRoot(flags.root ?? process.cwd()),
          now: resolveNow(env),
          dryRun: flags.dryRun === true,
          ...(flags.siteUrl !== undefined && { siteUrl: flags.siteUrl }),
          ...(env.KABAR_SITE_URL && { deployedUrl: env.KABAR_SITE_URL }),
          ...(flags.base !== undefined && { base: flags.base }),
          remote: flags.remote,
          secrets: secretsFromEnv(env),
          retry: retryPolicy(env),
          runId: env.GITHUB_RUN_ID ? `github-${env.GITHUB_RUN_ID}-${env.GITHUB_RUN_ATTEMPT ?? '1'}-${randomUUID().slice(0, 8)}` : randomUUID(),
          userAgent: `Kabar/${packageVersion()} (+https://github.com/kabar-status/kabar)`,
        });
        if (flags.format === 'json') console.log(JSON.stringify(report.dryRun ? { ...report, deliveries } : report, null, 2));
        else console.log(report.dryRun ? `${renderDryRun(deliveries)}${renderReportText(report)}` : renderReportText(report));
        const failed = report.channels.filter((c) => c.failure);
        if (env.GITHUB_ACTIONS === 'true' && flags.format === 'text') for (const c of failed) console.log(`::error title=kabar notify::${c.id} (${c.type}) failed: ${c.failure!.error}`);
        if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, renderReportMarkdown(report));
        process.exitCode = failed.length > 0 && !report.dryRun ? 1 : 0;
      } catch (error) {
        if (!(error instanceof NotifyRefused || error instanceof LedgerStoreError)) throw error;
        for (const p of error instanceof NotifyRefused ? error.problems : []) console.error(formatProblem(p));
        console.error(`kabar notify: ${error.message}`);
        if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `### Notifications\n\nNothing was sent: ${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
