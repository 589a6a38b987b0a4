import path from 'node:path';
import type { Command } from 'commander';
import { loadSiteConfig } from '../io/load-config.ts';
import { serveStatic, siteDirIn } from '../io/serve-static.ts';
import { parsePort } from './options.ts';
import { findRepoRoot } from './repo-root.ts';

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .argument('[dir]', 'a built site, or a build output holding one per domain', 'dist')
    .description('Serve a built site on 127.0.0.1 as a static host would (404 page included).')
    .option('--port <port>', 'port; 0 picks a free one', parsePort, 4321)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addHelpText('after', '\nWith a per-domain build output, the default locale\'s domain is served; pass its directory for another one.')
    .action(async (dir: string, options: { port: number; host: string }) => {
      const config = (await loadSiteConfig(findRepoRoot(process.cwd())).catch(() => undefined))?.config;
      const site = await siteDirIn(path.resolve(dir), config?.locales[0]?.domain);
      if (!site) {
        console.error(`kabar preview: ${dir} holds no built site (run "npx kabar build" first)`);
        process.exitCode = 1;
        return;
      }
      const { url } = await serveStatic(site, options.port, options.host);
      console.log(`kabar: serving ${path.relative(process.cwd(), site) || '.'} at ${url}/  (Ctrl+C to stop)`);
    });
}
