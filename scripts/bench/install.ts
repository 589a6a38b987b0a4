/**
 * What a user's `npm install` of Kabar costs: the package is packed (`npm pack`), then installed
 * into an empty directory with an empty npm cache of its own, as on a fresh CI runner; then once
 * more into another empty directory with that cache filled, as the deploy workflow's cached
 * runs do.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface InstallFigures {
  tarballBytes: number;
  /** `npm install <tarball>` into an empty directory with an empty cache: every dependency downloaded. */
  installMs: number;
  nodeModulesBytes: number;
  /** Packages installed (directories with a package.json under node_modules). */
  packages: number;
  /** The same install with the npm cache already filled (the deploy workflow caches it). */
  cachedInstallMs: number;
}

export interface Installed {
  figures: InstallFigures;
  /** The installed package's `kabar` command (bin/kabar.js). */
  bin: string;
}

async function treeBytes(dir: string): Promise<{ bytes: number; packages: number }> {
  let bytes = 0;
  let packages = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
    if (entry.isFile() && entry.name === 'package.json' && path.basename(path.dirname(entry.parentPath)).match(/^(node_modules|@[^/]+)$/)) packages++;
  }
  return { bytes, packages };
}

export async function measureInstall(project: string, work: string, env: NodeJS.ProcessEnv): Promise<Installed> {
  const packed = path.join(work, 'packed');
  const target = path.join(work, 'install');
  await mkdir(packed, { recursive: true });
  await mkdir(target, { recursive: true });
  const npmEnv = { ...env, npm_config_cache: path.join(work, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_loglevel: 'error' };
  const { stdout } = await run('npm', ['pack', '--pack-destination', packed, '--json'], { cwd: project, env: npmEnv, maxBuffer: 64 * 1024 * 1024 });
  const [info] = JSON.parse(stdout) as { filename: string; size: number }[];
  const started = performance.now();
  await run('npm', ['install', path.join(packed, info!.filename)], { cwd: target, env: npmEnv, maxBuffer: 64 * 1024 * 1024 });
  const installMs = performance.now() - started;
  const tree = await treeBytes(path.join(target, 'node_modules'));
  const again = path.join(work, 'install-cached');
  await mkdir(again, { recursive: true });
  const cachedStarted = performance.now();
  await run('npm', ['install', '--prefer-offline', path.join(packed, info!.filename)], { cwd: again, env: npmEnv, maxBuffer: 64 * 1024 * 1024 });
  const cachedInstallMs = performance.now() - cachedStarted;
  return {
    figures: { tarballBytes: info!.size, installMs, nodeModulesBytes: tree.bytes, packages: tree.packages, cachedInstallMs },
    bin: path.join(target, 'node_modules', 'kabar', 'bin', 'kabar.js'),
  };
}
