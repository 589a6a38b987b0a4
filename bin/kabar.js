#!/usr/bin/env node
// The `kabar` command. Plain JavaScript that any Node runs, so an old Node gets a clear message.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MINIMUM = '22.19.0';
const self = fileURLToPath(import.meta.url);
// A checkout of Kabar runs its TypeScript sources; an installed package runs the compiled lib/
// (Node refuses to strip types under node_modules).
const fromSource = !self.split(/[\\/]/).includes('node_modules') && existsSync(new URL('../src/cli/main.ts', import.meta.url));

const rerun = (node, flags) => {
  const result = spawnSync(node, [...flags, self, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
};

const [major, minor] = process.versions.node.split('.').map(Number);
// engines.node is ^22.19.0 || >=24: some dependencies refuse Node 23.
if (major < 22 || (major === 22 && minor < 19) || major === 23) {
  // Kabar's own repository pins a newer Node as a devDependency, so its commands work on older machines.
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (fromSource && existsSync(pinned)) rerun(pinned, []);
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  console.error(`kabar ${version} needs Node.js ${MINIMUM} or newer (not 23), and this is Node.js ${process.version}.\nInstall a current Node.js LTS (24 or newer; Node 20 reached its end of life in April 2026) and run the command again.`);
  process.exit(1);
}
// Start-up is mostly compiling the modules of Kabar, Astro and Vite: V8's compiled code is kept on
// disk between runs (and for the build's child process, which inherits the variable). The deploy
// workflow points it into its cached .kabar-cache.
process.env.NODE_COMPILE_CACHE ||= join(tmpdir(), 'kabar-compile-cache');
module.enableCompileCache?.(process.env.NODE_COMPILE_CACHE);
// The site config, kabar.config.ts, is TypeScript: Node strips its types by default, unless told not to.
if (!process.features.typescript && !process.execArgv.includes('--experimental-strip-types')) {
  rerun(process.execPath, ['--experimental-strip-types', '--disable-warning=ExperimentalWarning']);
}
await import(fromSource ? '../src/cli/main.ts' : '../lib/cli/main.js');
