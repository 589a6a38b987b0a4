#!/usr/bin/env node
// `npm create kabar@latest [dir] -- [flags]` is `kabar init [dir] [flags]` of the Kabar release
// this package belongs to (same version number): one implementation, one set of flags.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const kabar = path.join(path.dirname(createRequire(import.meta.url).resolve('kabar/package.json')), 'bin', 'kabar.js');
const result = spawnSync(process.execPath, [kabar, 'init', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
