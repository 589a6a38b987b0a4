/**
 * Where an empty build's CPU time goes: `npm run bench:profile [-- --out bench-results] [--no-install]`.
 *
 * Installs the packed package as `npm run bench` does (or, with --no-install, runs this
 * checkout's), builds an empty history of two locale domains once to fill the compile cache as
 * any earlier build would, then once more under V8's sampling profiler (`--cpu-prof`, every
 * 100 µs, in every Node process of the build). Writes each process's profile as
 * `<out>/<process>.cpuprofile` (Chrome's DevTools open them: Performance, Load profile) and a
 * summary of them all, by where the running code lives and by function, to `<out>/profile.md`
 * (and `profile.json`).
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_NOW, generateRepo } from './generate-repo.ts';
import { measureInstall } from './install.ts';
import { processRole, profileMarkdown, summarizeProfile, type CpuProfile, type ProcessRole, type ProfileSummary } from './cpu-profile.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
/** The profiler's sampling interval, in µs: Node's default (1 ms) leaves a start-up of a few hundred ms too few samples. */
const SAMPLE_EVERY_US = 100;
/** A build's render child may still be writing its profile when `kabar build` has exited. */
const PROFILES_AWAITED_MS = 60_000;
/** The build's two processes, each profiled and summed up. */
const ROLES = ['kabar build', 'render child'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench-results' },
      'no-install': { type: 'boolean', default: false },
    },
  });
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'kabar-profile-'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KABAR_') && k !== 'NODE_OPTIONS')),
    SOURCE_DATE_EPOCH: String(Math.floor(DEFAULT_NOW / 1000)),
  };
  try {
    let bin = path.join(PROJECT, 'bin/kabar.js');
    if (!values['no-install']) {
      log('profile: npm pack and an install of the package…');
      bin = (await measureInstall(PROJECT, path.join(work, 'install'), env)).bin;
    }
    const repo = path.join(work, 'repo-empty');
    await generateRepo({ out: repo, incidents: 0, nowMs: DEFAULT_NOW });
    const build = (out: string, runEnv: NodeJS.ProcessEnv) => runBuild(bin, ['build', '--root', repo, '--out', path.join(work, out), '--full'], runEnv);
    log('profile: a first build of an empty history (fills the compile cache, as any earlier build has)…');
    await build('out-warm-up', env);
    log('profile: the same build under the CPU profiler…');
    const profiles = path.join(work, 'profiles');
    await build('out-profiled', { ...env, NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${JSON.stringify(profiles)} --cpu-prof-interval=${SAMPLE_EVERY_US}` });
    const found = await awaitProfiles(profiles, ROLES);
    const kabarRoot = pathToFileURL(path.dirname(path.dirname(bin))).href + '/';
    const summaries: ProfileSummary[] = [];
    const outDir = path.resolve(PROJECT, values.out);
    await mkdir(outDir, { recursive: true });
    for (const role of ROLES) {
      const { file, profile } = found.get(role)!;
      summaries.push(summarizeProfile(profile, kabarRoot));
      await copyFile(file, path.join(outDir, `${role.replace(' ', '-')}.cpuprofile`));
    }
    const md = `${profileMarkdown(summaries)}\nThe build of an empty history, two locale domains, after a first build; sampled every ${SAMPLE_EVERY_US} µs. The two processes run alongside: the render child loads the compiled pages while \`kabar build\` loads its modules and validates the content.\n`;
    await writeFile(path.join(outDir, 'profile.md'), md);
    await writeFile(path.join(outDir, 'profile.json'), `${JSON.stringify(summaries, null, 2)}\n`);
    process.stdout.write(md);
    log(`profile: wrote ${path.join(values.out, 'profile.md')}, profile.json and ${summaries.map((s) => `${s.role.replace(' ', '-')}.cpuprofile`).join(', ')}`);
  } finally {
    // A build's background removal of its replaced output may still be at work in there.
    await rm(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}

function runBuild(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: PROJECT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kabar ${args.join(' ')} failed (exit code ${code}):\n${stderr}`))));
  });
}

/** Waits until a complete profile of each role is in `dir`; each process writes its own as it exits. */
async function awaitProfiles(dir: string, roles: readonly ProcessRole[]): Promise<Map<ProcessRole, { file: string; profile: CpuProfile }>> {
  const found = new Map<ProcessRole, { file: string; profile: CpuProfile }>();
  const read = new Set<string>();
  const deadline = Date.now() + PROFILES_AWAITED_MS;
  for (;;) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      if (!name.endsWith('.cpuprofile') || read.has(file)) continue;
      // Half-written while its process exits: read again on the next round.
      const profile = await readFile(file, 'utf8').then((text) => JSON.parse(text) as CpuProfile, () => undefined);
      if (!profile) continue;
      read.add(file);
      found.set(processRole(profile), { file, profile });
    }
    const missing = roles.filter((r) => !found.has(r));
    if (missing.length === 0) return found;
    if (Date.now() > deadline) throw new Error(`no CPU profile of the ${missing.join(' or the ')} was written in ${PROFILES_AWAITED_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`profile: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
