/**
 * `npm start`: the example status page, as of right now.
 *
 *   node scripts/start-example.ts [--port 4321] [--work <dir>]   (--port 0: any free port)
 *
 * Generates the example for the current clock into `<work>/example`
 * (so the active incident is active and the maintenance still upcoming),
 * builds it into `<work>/example-dist` as one site with every locale under one
 * host, and serves it. `--work` defaults to `.kabar-tmp`; the tests pass a
 * temporary directory, so running them never replaces the page a running
 * `npm start` serves.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SINGLE_SITE_DIR } from '../src/build/build-site.ts';
import { serveStatic } from '../src/io/serve-static.ts';

const PROJECT = fileURLToPath(new URL('..', import.meta.url));

function run(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT, script), ...args], { cwd: PROJECT, env, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Fails before the build rather than after it when the port is taken. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '4321' }, work: { type: 'string', default: path.join(PROJECT, '.kabar-tmp') } } });
  const work = path.resolve(values.work);
  const REPO = path.join(work, 'example');
  const DIST = path.join(work, 'example-dist');
  await assertPortFree(Number(values.port));
  // One "now" for generating and building, so the build sees exactly the example's present.
  // The scratch copy is this script's own (git-ignored): start afresh, so a newer example or config never meets an older copy.
  await rm(REPO, { recursive: true, force: true });
  const env = { ...process.env, SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? String(Math.floor(Date.now() / 1000)) };
  const steps: [string, string[]][] = [
    ['scripts/example/write-example.ts', ['--out', REPO]],
    // Absolute links (canonical, feeds, API) point at this local server, not at a placeholder origin.
    ['bin/kabar.js', ['build', '--root', REPO, '--out', DIST, '--single-domain', ...(Number(values.port) > 0 ? ['--site-url', `http://127.0.0.1:${values.port}`] : [])]],
  ];
  for (const [script, args] of steps) {
    const code = await run(script, args, env);
    if (code !== 0) {
      process.stderr.write(`kabar start: ${script} failed (exit code ${code}); nothing is served.\n`);
      process.exitCode = code;
      return;
    }
  }
  const { url } = await serveStatic(path.join(DIST, SINGLE_SITE_DIR), Number(values.port));
  process.stdout.write(`\nKabar example status page: ${url}/  (Ctrl+C to stop)\n`);
}

main().catch((error: unknown) => {
  const busy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const message = busy ? 'the port is taken (pick another: npm start -- --port 4322, or --port 0 for any free one)' : error instanceof Error ? error.message : String(error);
  process.stderr.write(`kabar start: ${message}\n`);
  process.exitCode = 1;
});
