import path from 'node:path';
import type { Command } from 'commander';
import { OWN_HEAP_ENV, ownHeapFlags, runUnderHeapLimit, startRenderChild } from '../build/render-process.ts';
import { buildCacheDir } from '../io/repo-layout.ts';
import { markTiming } from '../io/timings.ts';
import { findRepoRoot } from './repo-root.ts';

export interface SiteOptions {
  root?: string;
  singleDomain?: boolean;
  base?: string;
  siteUrl?: string;
}

/** The flags `build` and `dev` share. */
export function siteOptions(command: Command): Command {
  return command
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .option('--single-domain', 'one site with every locale under /<tag>/, even when locales have domains')
    .option('--base <path>', 'serve the site under a path, e.g. /status/ (GitHub Pages project sites)')
    .option('--site-url <url>', 'origin for canonical links of a single-domain site, e.g. https://you.github.io');
}

export function registerBuild(program: Command): void {
  siteOptions(program.command('build'))
    .description('Check the content and build the static site: one directory per locale domain in --out.')
    .option('--out <dir>', 'output directory', 'dist')
    .option('--full', 'render every page, reusing nothing from the previous build')
    .option('--cache-dir <dir>', 'where builds remember what each reusable page was rendered from (default: <root>/.kabar-cache)')
    .addHelpText(
      'after',
      `
Every locale with a domain gets its own site, <out>/<domain>/, with a CNAME file; without
domains (or with --single-domain) one site goes to <out>/site/, other locales under /<tag>/.
On errors nothing is built and <out> is left as it was. A rebuild renders only the pages whose
content changed and takes the others from the previous output (resolved incidents, older list
pages): the result is the same as a full build.

Examples:
  npx kabar build                          build every locale domain into dist/
  npx kabar build --single-domain --base /status/ --site-url https://acme.github.io`,
    )
    .action(async (options: SiteOptions & { out: string; full?: boolean; cacheDir?: string }) => {
      const root = findRepoRoot(options.root ?? process.cwd());
      // A long history: this command runs again under a heap limit, so memory is collected, not grown.
      const heap = ownHeapFlags(root);
      if (heap.length > 0) {
        const status = await runUnderHeapLimit(heap);
        if (status !== 'out-of-memory') {
          process.exitCode = status;
          return;
        }
        process.stderr.write("kabar: the build needed more memory than its limit; building again with Node's default limits\n");
        process.env[OWN_HEAP_ENV] = '1';
      }
      // The render child starts loading the compiled pages while the build's own modules load.
      markTiming('cli-started');
      // It reads the content cache and the previous output too, unless nothing is to be taken from them (--full).
      const reuseFrom = options.full ? undefined : { cacheDir: buildCacheDir(root, options.cacheDir), out: path.resolve(options.out) };
      const renderChild = await startRenderChild(root, (line) => process.stderr.write(`${line}\n`), reuseFrom);
      const { buildSite } = await import('../build/build-site.ts');
      const result = await buildSite({
        renderChild,
        root,
        out: path.resolve(options.out),
        singleDomain: options.singleDomain === true,
        full: options.full === true,
        ...(options.cacheDir !== undefined && { cacheDir: path.resolve(options.cacheDir) }),
        ...(options.base !== undefined && { base: options.base }),
        ...(options.siteUrl !== undefined && { siteUrl: options.siteUrl }),
      });
      if (result.ok) process.stderr.write(`kabar: built ${result.sites.map((s) => path.join(options.out, s)).join(', ')}\n`);
      process.exitCode = result.ok ? 0 : 1;
      // Done: the process ends here instead of tearing down its heap and waiting for the render
      // child's exit (tens of milliseconds), unless something it wrote is still on its way out.
      if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
    });
}
