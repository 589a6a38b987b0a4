import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { buildReport, parseSince, reportCsv, reportMarkdown, SINCE_EXPECTED } from '../core/postmortem/report.ts';
import { formatProblem } from '../core/problems.ts';
import { resolveNow } from '../core/time.ts';
import { loadRepo } from '../io/load-repo.ts';
import { UsageError } from './options.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { RefusedError } from './write-content.ts';

interface ReportOptions {
  since?: string;
  csv?: boolean;
  out?: string;
  force?: boolean;
  root?: string;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Summarise the incident history for stakeholders: incidents per month and severity, time-to-resolve percentiles per severity, most affected components, promised updates kept and missed. Markdown, or CSV with --csv.')
    .option('--since <date>', 'only incidents that started on or after this date (YYYY-MM-DD, in the site time zone) or timestamp with offset')
    .option('--csv', 'print one CSV table (RFC 4180) with a "section" column instead of Markdown')
    .option('--out <file>', 'write the report to this file instead of printing it (never replaces an existing file without --force)')
    .option('--force', 'with --out: replace the file if it exists')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  kabar report                                  the whole history, as Markdown
  kabar report --since 2026-01-01               this year (midnight in the site time zone)
  kabar report --since 2026-07-01T00:00:00+07:00
  kabar report --csv --out incidents-2026.csv   for a spreadsheet

Maintenance is left out of every number. Ongoing incidents are counted, but only
resolved ones enter the time-to-resolve percentiles (nearest-rank p50 and p90).
Months are the site time zone's; months without incidents are listed with zeros.
CSV columns: section, month, severity, component_id, component, incident, metric,
value; one number per row, durations in whole minutes, CRLF line ends.
The repository must pass "kabar check" (warnings are fine), so no incident is
silently left out.

Exit status: 0, 1 when the repository has errors or --out exists, 2 on bad usage.`,
    )
    .action((options: ReportOptions) => runCommand('report', () => report(options)));
}

async function report(options: ReportOptions): Promise<void> {
  if (options.force && options.out === undefined) throw new UsageError('--force only applies with --out <file>');
  const now = resolveNow(process.env);
  const root = findRepoRoot(options.root ?? process.cwd());
  const repo = await loadRepo(root, now);
  // Bad usage first (exit 2), even in a repository with errors; a date needs the site's time zone.
  let since: number | undefined;
  if (options.since !== undefined && repo.config) {
    const parsed = parseSince(options.since, repo.config.timeZone);
    if (!parsed.ok) throw new UsageError(`--since ${parsed.reason} (expected ${SINCE_EXPECTED(repo.config.timeZone)})`);
    since = parsed.ms;
  }
  if (!repo.config || !repo.model) {
    const errors = repo.problems.filter((p) => p.severity === 'error');
    throw new RefusedError(
      `the repository has ${errors.length} error${errors.length === 1 ? '' : 's'}, so a report would leave incidents out:\n${errors.map(formatProblem).join('\n')}\n(fix them; "kabar check" lists them too)`,
    );
  }
  const summary = buildReport(repo.model.incidents, repo.config, now, since === undefined ? {} : { since });
  const text = options.csv ? reportCsv(summary) : reportMarkdown(summary);
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }
  const target = path.resolve(process.cwd(), options.out);
  try {
    await writeFile(target, text, { encoding: 'utf8', flag: options.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new RefusedError(`${options.out} exists already; nothing was written (pass --force to replace it, or choose another --out)`);
    const why: Record<string, string> = { ENOENT: 'its directory does not exist', EACCES: 'permission denied', EPERM: 'permission denied', EISDIR: 'it is a directory', ENOTDIR: 'a parent is not a directory' };
    if (code && why[code]) throw new RefusedError(`cannot write ${options.out}: ${why[code]}; nothing was written`);
    throw error;
  }
  console.log(`Wrote ${options.out} (${summary.incidents} incident${summary.incidents === 1 ? '' : 's'}${options.csv ? ', CSV' : ', Markdown'}).`);
}
