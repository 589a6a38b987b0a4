import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SINGLE_SITE_DIR } from '../build/build-site.ts';
import { formatProblem } from '../core/problems.ts';
import { planDeploy } from '../core/scaffold/deploy-targets.ts';
import { renderPreviewComment } from '../core/scaffold/preview-diff.ts';
import { resolveNow } from '../core/time.ts';
import { changedSince, topLevel, withWorktree } from '../io/git.ts';
import { loadSiteConfig } from '../io/load-config.ts';
import { loadRepo } from '../io/load-repo.ts';
import { findRepoRoot } from './repo-root.ts';

/** Commands the workflows run: the pull-request preview and the deploy plan. */
export function registerAutomation(program: Command): void {
  program
    .command('pr-preview')
    .description('Markdown preview of what the working tree changes on the public page, compared with a base commit (the PR comment).')
    .requiredOption('--base <ref>', 'the commit or branch the pull request targets, e.g. origin/main')
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .option('--out <file>', 'write the Markdown here instead of printing it')
    .action(async (options: { base: string; root?: string; out?: string }) => {
      const root = findRepoRoot(options.root ?? process.cwd());
      const now = resolveNow(process.env);
      const relativeRoot = path.relative(await topLevel(root), root);
      const head = await loadRepo(root, now);
      // The base may predate Kabar or be broken; the preview then shows everything as new.
      const base = await withWorktree(root, options.base, async (dir) => loadRepo(path.join(dir, relativeRoot), now)).catch(() => undefined);
      const changed = (await changedSince(root, options.base)).map((f) => path.relative(relativeRoot, f).split(path.sep).join('/'));
      const markdown = renderPreviewComment({
        ...(base?.model && { base: base.model }),
        ...(head.model && { head: head.model }),
        problems: head.problems,
        changedFiles: changed,
      });
      if (options.out) await writeFile(options.out, `${markdown}\n`);
      else console.log(markdown);
    });

  program
    .command('deploy-targets')
    .description('Where each built site deploys, and whether notifications are configured, as GitHub Actions step outputs (pages=<dir>, others=<JSON>, hosts=<JSON>, notify=true|false).')
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .action(async (options: { root?: string }) => {
      const result = await loadSiteConfig(findRepoRoot(options.root ?? process.cwd()));
      if (!result.config) {
        for (const p of result.problems) console.error(formatProblem(p));
        process.exitCode = 1;
        return;
      }
      const plan = planDeploy(result.config, SINGLE_SITE_DIR);
      console.log(`pages=${plan.pages?.dir ?? ''}`);
      console.log(`others=${JSON.stringify(plan.others)}`);
      console.log(`hosts=${JSON.stringify(plan.hosts.map(({ dir, domain, label, host }) => ({ dir, ...(domain && { domain }), label, to: host.to })))}`);
      // The deploy workflow starts its notify job only when there is a channel to notify.
      console.log(`notify=${result.config.notifications.channels.length > 0}`);
    });
}
