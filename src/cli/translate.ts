import type { Command } from 'commander';
import { scaffoldTranslations } from '../core/scaffold/content.ts';
import { resolveNow } from '../core/time.ts';
import { UsageError } from './options.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand, writeAndReport } from './run.ts';
import { findIncident, loadRepoState } from './write-content.ts';

export function registerTranslate(program: Command): void {
  program
    .command('translate <id>')
    .description('Scaffold translation files (<name>.<locale>.md) for every text of an incident not yet translated into a locale; the source text is in each file as comments.')
    .requiredOption('-l, --locale <tag>', 'locale tag to translate into, e.g. id')
    .option('--pr', 'commit on a new branch, push and open a pull request (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)')
    .addHelpText(
      'after',
      `
Examples:
  kabar translate 2026-11-20-card-payments-failing --locale id
  kabar translate 2026-11-20-card-payments-failing --locale id --pr`,
    )
    .action((id: string, options: { locale: string; pr?: boolean; root?: string }) =>
      runCommand('translate', async () => {
        const state = await loadRepoState(findRepoRoot(options.root ?? process.cwd()), resolveNow(process.env));
        const { config } = state;
        const others = config.locales.map((l) => l.tag).filter((t) => t !== config.defaultLocale);
        if (!others.includes(options.locale)) {
          throw new UsageError(`--locale "${options.locale}" is not a translation locale (expected one of: ${others.join(', ') || 'none; add locales in kabar.config.ts'}; "${config.defaultLocale}" is the source language)`);
        }
        const incident = findIncident(state, id);
        const scaffold = scaffoldTranslations(incident, options.locale, config, state.files.map((f) => f.path));
        if (scaffold.files.length === 0) {
          console.log(`Every text of ${id} already has a "${options.locale}" file; nothing to write.`);
          return;
        }
        await writeAndReport(state, scaffold, 'translate', { pr: options.pr === true, locale: options.locale });
        console.log(`\nFill in the fields and messages in the files above; until then the page shows the "${config.defaultLocale}" text, marked as untranslated.`);
      }),
    );
}
