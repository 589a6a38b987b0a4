import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { buildSite, SINGLE_SITE_DIR } from '../build/build-site.ts';
import { CONFIG_FILES } from '../io/load-config.ts';
import { serveStatic } from '../io/serve-static.ts';
import { watchRepo } from '../io/watch-repo.ts';
import { siteOptions, type SiteOptions } from './build.ts';
import { parsePort } from './options.ts';
import { findRepoRoot } from './repo-root.ts';

/** Rebuilds wait for a quiet moment: an editor's save or a `git checkout` touches many files at once. */
const SETTLE_MS = 300;

export function registerDev(program: Command): void {
  siteOptions(program.command('dev'))
    .description('Build the site as one domain, serve it, and rebuild whenever a content file or the config changes.')
    .option('--port <port>', 'port; 0 picks a free one', parsePort, 4321)
    .addHelpText(
      'after',
      `
Every locale is served from one address (/<tag>/ for the others). A change with errors prints
them and keeps serving the last good build. Reload the page after "rebuilt".`,
    )
    .action(async (options: SiteOptions & { port: number }) => {
      const root = findRepoRoot(options.root ?? process.cwd());
      const out = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-dev-')), 'dist');
      const { url } = await serveStatic(path.join(out, SINGLE_SITE_DIR), options.port);
      const build = async () => {
        const result = await buildSite({
          root,
          out,
          singleDomain: true,
          siteUrl: options.siteUrl ?? url,
          ...(options.base !== undefined && { base: options.base }),
        });
        console.log(result.ok ? `kabar dev: rebuilt; serving ${url}${options.base ?? '/'}` : 'kabar dev: not rebuilt (fix the errors above); still serving the last good build');
      };
      let running: Promise<void> | undefined;
      let again = false;
      let timer: NodeJS.Timeout | undefined;
      const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (running) {
            again = true;
            return;
          }
          running = build().finally(() => {
            running = undefined;
            if (again) {
              again = false;
              schedule();
            }
          });
        }, SETTLE_MS);
      };
      await build();
      watchRepo(root, CONFIG_FILES, schedule);
      const stop = () => void rm(path.dirname(out), { recursive: true, force: true }).finally(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      console.log(`kabar dev: watching incidents/ and the config (Ctrl+C to stop)`);
    });
}
