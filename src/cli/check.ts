import path from 'node:path';
import type { Command } from 'commander';
import { CACHE_DIR } from '../io/repo-layout.ts';
import { committedBuildState, committedBuildStateProblem } from '../io/committed-cache.ts';
import { formatProblem } from '../core/problems.ts';
import { resolveNow } from '../core/time.ts';
import { loadRepo } from '../io/load-repo.ts';
import { findRepoRoot } from './repo-root.ts';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('Validate the site config and every file under incidents/. Reports every problem at once; never changes a file.')
    .option('--strict', 'treat communication warnings (missing impact or next_update, overdue updates, ...) as errors')
    .option('--format <format>', 'output format: "text" (path:line: field: message) or "json"', 'text')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  npx kabar check                 validate the repository you are in
  npx kabar check --strict        also fail on communication warnings (for CI)
  npx kabar check --format json   machine-readable problems

Exit status: 0 when valid, 1 when there are errors (or warnings with --strict), 2 on bad usage.`,
    )
    .action(async (options: { strict?: boolean; format: string; root?: string }) => {
      if (options.format !== 'text' && options.format !== 'json') {
        console.error(`kabar check: unknown --format "${options.format}" (expected text or json)`);
        process.exitCode = 2;
        return;
      }
      const root = findRepoRoot(options.root ?? process.cwd());
      const loaded = await loadRepo(root, resolveNow(process.env));
      const committed = (await committedBuildState(root, [path.join(root, CACHE_DIR), path.join(root, 'dist')])).map(committedBuildStateProblem);
      const result = { ...loaded, problems: [...committed, ...loaded.problems], errorCount: loaded.errorCount + committed.length };
      const failed = result.errorCount > 0 || (options.strict === true && result.warningCount > 0);
      if (options.format === 'json') {
        console.log(JSON.stringify({ ok: !failed, errors: result.errorCount, warnings: result.warningCount, problems: result.problems }, null, 2));
      } else {
        for (const problem of result.problems) (problem.severity === 'error' ? console.error : console.warn)(formatProblem(problem));
        const counts = `${plural(result.errorCount, 'error')}, ${plural(result.warningCount, 'warning')}`;
        const checked = result.model ? ` (${plural(result.incidents.length, 'incident')} and maintenance checked)` : '';
        console.log(failed ? `kabar check: ${counts}${options.strict && result.errorCount === 0 ? ' (--strict fails on warnings)' : ''}` : `kabar check: OK${checked}: ${counts}`);
      }
      process.exitCode = failed ? 1 : 0;
    });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
