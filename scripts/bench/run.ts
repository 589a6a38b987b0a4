/**
 * Build performance benchmark: `npm run bench [-- --sizes 100,1000,10000] [--out bench-results]`.
 *
 * For each size N it generates a synthetic repo (scripts/bench/generate-repo.ts) in a temp
 * directory, runs `kabar check` and the full build (every locale domain) as subprocesses, and
 * records wall time, peak RSS (largest process of the tree), pages and files written, output size
 * and the sizes of the home page, feeds and summary.json. The smallest size is built once more
 * first, as a warm-up (the first build pays for cold caches) and to check that output is
 * deterministic. Writes `<out>/bench.md` and `<out>/bench.json`.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_NOW, generateRepo } from './generate-repo.ts';
import { measureInstall, type InstallFigures } from './install.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;
/**
 * Preloaded into every Node process of the measured tree (NODE_OPTIONS reaches the build's
 * per-locale children): on exit each appends its own peak RSS in KiB to BENCH_RSS_FILE. Portable,
 * unlike `time -v` (GNU only), and it names the largest process whichever it is.
 */
const RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import { appendFileSync } from 'node:fs'; process.on('exit', () => { const f = process.env.BENCH_RSS_FILE; if (f) appendFileSync(f, `${process.resourceUsage().maxRSS}\\n`); });",
)}`;

export interface StepFigures {
  wallMs: number;
  /** Peak resident set size in bytes of the largest process in the tree; null when not measurable. */
  peakRssBytes: number | null;
}

export interface SiteSizes {
  site: string;
  pages: number;
  files: number;
  bytes: number;
  homeBytes: number;
  atomBytes: number;
  rssBytes: number;
  jsonFeedBytes: number;
  summaryJsonBytes: number;
}

export interface SizeResult {
  incidents: number;
  updates: number;
  sourceFiles: number;
  check: StepFigures;
  /** `marginalMsPerIncident`: (T − T_prev) / (N − N_prev) against the next smaller size; null for the smallest. */
  build: StepFigures & { msPerIncident: number; marginalMsPerIncident: number | null };
  pages: number;
  files: number;
  outputBytes: number;
  sites: SiteSizes[];
  outputSha256: string;
}

export interface BenchReport {
  generatedAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
  totalMemBytes: number;
  sizes: SizeResult[];
  /**
   * msPerIncident at the largest size ÷ at 1 000 (or the second smallest); ~1 means linear, below 1
   * means fixed start-up cost still dominates. `marginalMsPerIncident` is the slope between the two
   * sizes, (T_to − T_from) / (N_to − N_from): the cost of one more incident without start-up.
   */
  growth: { from: number; to: number; ratio: number; marginalMsPerIncident: number } | null;
  deterministic: boolean | null;
  /** The budgets, checked at the largest size. */
  budgets: Budget[];
  /** A user's install of the packed package; null with --no-install. */
  install: InstallFigures | null;
}

export interface Budget {
  name: string;
  limit: string;
  value: string;
  ok: boolean;
}

interface Run {
  code: number;
  stderr: string;
  figures: StepFigures;
}

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const rssDir = await mkdtemp(path.join(os.tmpdir(), 'kabar-bench-rss-'));
  const rssFile = path.join(rssDir, 'kib');
  const childEnv = { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import ${RSS_PRELOAD}`.trim() };
  const started = performance.now();
  const run = await new Promise<Omit<Run, 'figures'> & { wallMs: number }>((resolve, reject) => {
    const child = spawn(NODE, args, { cwd: PROJECT, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr, wallMs: performance.now() - started }));
  });
  const kib = (await readFile(rssFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  await rm(rssDir, { recursive: true, force: true });
  return { code: run.code, stderr: run.stderr, figures: { wallMs: run.wallMs, peakRssBytes: kib.length > 0 ? Math.max(...kib) * 1024 : null } };
}

async function walk(dir: string): Promise<{ rel: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const out = await Promise.all(files.map(async (f) => ({ rel: path.relative(dir, f).split(path.sep).join('/'), size: (await stat(f)).size })));
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

async function sizeOf(file: string): Promise<number> {
  return (await stat(file).catch(() => ({ size: 0 }))).size;
}

async function measureOutput(out: string): Promise<{ sites: SiteSizes[]; sha: string }> {
  const hash = createHash('sha256');
  const sites: SiteSizes[] = [];
  for (const site of (await readdir(out)).sort()) {
    const dir = path.join(out, site);
    const files = await walk(dir);
    for (const f of files) hash.update(`${site}/${f.rel}\0`).update(await readFile(path.join(dir, f.rel)));
    sites.push({
      site,
      pages: files.filter((f) => f.rel.endsWith('.html')).length,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      homeBytes: await sizeOf(path.join(dir, 'index.html')),
      atomBytes: await sizeOf(path.join(dir, 'history.atom')),
      rssBytes: await sizeOf(path.join(dir, 'history.rss')),
      jsonFeedBytes: await sizeOf(path.join(dir, 'feed.json')),
      summaryJsonBytes: await sizeOf(path.join(dir, 'api/v2/summary.json')),
    });
  }
  return { sites, sha: hash.digest('hex') };
}

async function countUpdates(repo: string): Promise<{ updates: number; sourceFiles: number }> {
  const files = (await walk(path.join(repo, 'incidents'))).map((f) => path.basename(f.rel));
  // Updates are the non-translation files other than index.md/postmortem.md.
  const updates = files.filter((f) => /^[^.]+\.md$/.test(f) && f !== 'index.md' && f !== 'postmortem.md').length;
  return { updates, sourceFiles: files.length };
}

function fail(step: string, run: Run): never {
  throw new Error(`${step} failed (exit code ${run.code}):\n${run.stderr.split('\n').slice(-20).join('\n')}`);
}

export async function benchSize(n: number, work: string, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<SizeResult> {
  const repo = path.join(work, `repo-${n}`);
  const out = path.join(work, `out-${n}`);
  await generateRepo({ out: repo, incidents: n, nowMs: DEFAULT_NOW });
  const counts = await countUpdates(repo);
  log(`bench: N=${n}: ${counts.updates} updates, ${counts.sourceFiles} source files; check…`);
  const check = await timed([path.join(PROJECT, 'bin/kabar.js'), 'check', '--root', repo], env);
  if (check.code !== 0) fail(`kabar check of N=${n}`, check);
  log(`bench: N=${n}: check ${(check.figures.wallMs / 1000).toFixed(1)} s; build…`);
  const build = await timed([path.join(PROJECT, 'bin/kabar.js'), 'build', '--root', repo, '--out', out], env);
  if (build.code !== 0) fail(`build of N=${n}`, build);
  log(`bench: N=${n}: build ${(build.figures.wallMs / 1000).toFixed(1)} s`);
  const { sites, sha } = await measureOutput(out);
  return {
    incidents: n,
    ...counts,
    check: check.figures,
    build: { ...build.figures, msPerIncident: build.figures.wallMs / n, marginalMsPerIncident: null },
    pages: sites.reduce((s, x) => s + x.pages, 0),
    files: sites.reduce((s, x) => s + x.files, 0),
    outputBytes: sites.reduce((s, x) => s + x.bytes, 0),
    sites,
    outputSha256: sha,
  };
}

/** Sizes that must not grow with the length of history: home page, feeds, summary.json. */
const FIXED_SIZE_KEYS = ['homeBytes', 'atomBytes', 'rssBytes', 'jsonFeedBytes', 'summaryJsonBytes'] as const;

export function budgets(results: SizeResult[], from: SizeResult | undefined): Budget[] {
  const big = results[results.length - 1];
  if (!big) return [];
  const at = `N = ${big.incidents}`;
  const list: Budget[] = [
    { name: `full build, ${at}`, limit: '≤ 60 s', value: sec(big.build.wallMs), ok: big.build.wallMs <= 60_000 },
    { name: `build peak RSS, ${at}`, limit: '≤ 1.5 GiB', value: mb(big.build.peakRssBytes), ok: big.build.peakRssBytes !== null && big.build.peakRssBytes <= 1.5 * 2 ** 30 },
    { name: `check, ${at}`, limit: '≤ 5 s', value: sec(big.check.wallMs), ok: big.check.wallMs <= 5_000 },
  ];
  if (from && from !== big) {
    const ratio = big.build.msPerIncident / from.build.msPerIncident;
    list.push({ name: `build time per incident, N = ${big.incidents} vs ${from.incidents}`, limit: '≈ flat (≤ 1.25 ×)', value: `${ratio.toFixed(2)} ×`, ok: ratio <= 1.25 });
    // Largest relative change of any fixed-size file on any domain.
    let worst = 0;
    let worstName = '';
    for (const site of big.sites) {
      const base = from.sites.find((s) => s.site === site.site);
      for (const key of FIXED_SIZE_KEYS) {
        const change = base && base[key] > 0 ? Math.abs(site[key] - base[key]) / base[key] : Infinity;
        if (change >= worst) [worst, worstName] = [change, `${site.site} ${key.replace(/Bytes$/, '')}`];
      }
    }
    list.push({ name: `home, feeds, summary.json size, N = ${big.incidents} vs ${from.incidents}`, limit: 'independent of history (≤ 10 % change)', value: `largest change ${(worst * 100).toFixed(1)} % (${worstName})`, ok: worst <= 0.1 });
  }
  return list;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function markdown(report: BenchReport): string {
  const lines = [
    `Node ${report.node}, ${report.cpus} × ${report.cpuModel}, ${(report.totalMemBytes / 2 ** 30).toFixed(1)} GiB RAM. Wall times; build = the full build of both locale domains (validation included); RSS = peak of the largest process; output = both domains; home to summary.json are sizes on the first domain.`,
    '',
    '| incidents | updates | check | check RSS | build | build peak RSS | ms/incident | marginal ms/incident | pages | files | output | home | Atom | RSS | JSON Feed | summary.json |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.sizes) {
    const s = r.sites[0]!;
    lines.push(
      `| ${r.incidents} | ${r.updates} | ${sec(r.check.wallMs)} | ${mb(r.check.peakRssBytes)} | ${sec(r.build.wallMs)} | ${mb(r.build.peakRssBytes)} | ${r.build.msPerIncident.toFixed(1)} | ${r.build.marginalMsPerIncident === null ? '–' : r.build.marginalMsPerIncident.toFixed(1)} | ${r.pages} | ${r.files} | ${mb(r.outputBytes)} | ${kb(s.homeBytes)} | ${kb(s.atomBytes)} | ${kb(s.rssBytes)} | ${kb(s.jsonFeedBytes)} | ${kb(s.summaryJsonBytes)} |`,
    );
  }
  lines.push('');
  if (report.growth) {
    const g = report.growth;
    lines.push(
      `Growth: build time per incident at N = ${g.to} is ${g.ratio.toFixed(2)} × that at N = ${g.from} (1.00 = linear; below 1, start-up cost is still being spread). ` +
        `Marginal cost between them: ${g.marginalMsPerIncident.toFixed(2)} ms per incident (both locales).`,
    );
  }
  if (report.deterministic !== null) lines.push(`Deterministic output (N = ${report.sizes[0]?.incidents} built twice from freshly generated repos): ${report.deterministic ? 'yes' : 'NO'}.`);
  if (report.install) {
    const i = report.install;
    lines.push(
      '',
      `Install (\`npm pack\`, then \`npm install\` of the tarball into an empty directory with an empty npm cache): ${sec(i.installMs)}, ` +
        `node_modules ${mb(i.nodeModulesBytes)} in ${i.packages} packages; the tarball is ${kb(i.tarballBytes)}.`,
    );
  }
  if (report.budgets.length > 0) {
    lines.push('', '| budget | limit | measured | |', '|---|---|---|---|');
    for (const b of report.budgets) lines.push(`| ${b.name} | ${b.limit} | ${b.value} | ${b.ok ? 'ok' : 'OVER'} |`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '100,1000,10000' },
      out: { type: 'string', default: 'bench-results' },
      'keep-work': { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: expected positive integers separated by commas, got "${values.sizes}"`);
  sizes.sort((a, b) => a - b);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'kabar-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KABAR_'))),
    SOURCE_DATE_EPOCH: String(Math.floor(DEFAULT_NOW / 1000)),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  try {
    // Warm-up, and the determinism reference: same input and "now" must give the same bytes.
    log(`bench: warm-up build of N=${sizes[0]} (not in the table)…`);
    const warmUp = await benchSize(sizes[0]!, path.join(work, 'warm-up'), env, log);
    const results: SizeResult[] = [];
    for (const n of sizes) {
      const result = await benchSize(n, work, env, log);
      const prev = results.at(-1);
      // The slope between sizes: flat means linear, whatever the fixed start-up cost.
      if (prev) result.build.marginalMsPerIncident = (result.build.wallMs - prev.build.wallMs) / (n - prev.incidents);
      results.push(result);
    }
    log('bench: npm pack and a fresh npm install of the package…');
    const install = values['no-install'] ? null : await measureInstall(PROJECT, path.join(work, 'install'), env);
    const from = results.find((r) => r.incidents === 1000) ?? results[results.length > 2 ? 1 : 0]!;
    const to = results[results.length - 1]!;
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      totalMemBytes: os.totalmem(),
      sizes: results,
      growth:
        from !== to
          ? {
              from: from.incidents,
              to: to.incidents,
              ratio: to.build.msPerIncident / from.build.msPerIncident,
              marginalMsPerIncident: (to.build.wallMs - from.build.wallMs) / (to.incidents - from.incidents),
            }
          : null,
      deterministic: warmUp.outputSha256 === results[0]!.outputSha256,
      budgets: budgets(results, from !== to ? from : undefined),
      install,
    };
    const outDir = path.resolve(PROJECT, values.out);
    await mkdir(outDir, { recursive: true });
    const md = markdown(report);
    await writeFile(path.join(outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(outDir, 'bench.md'), md);
    process.stdout.write(md);
    log(`bench: wrote ${path.join(values.out, 'bench.md')} and ${path.join(values.out, 'bench.json')}`);
  } finally {
    if (!values['keep-work']) await rm(work, { recursive: true, force: true });
    else log(`bench: kept ${work}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
