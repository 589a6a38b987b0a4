/**
 * Performance benchmark: `npm run bench [-- --sizes 100,1000,10000] [--histories fixed,dense] [--out bench-results]`.
 *
 * For each history (a steady 1 000 incidents a year, and a dense ten a day) and size N it generates
 * a synthetic repo (scripts/bench/generate-repo.ts) in a temp directory, runs `kabar check` and
 * the full build (every locale domain) as subprocesses, and records wall time, peak RSS (largest
 * process of the tree), pages and files written, output size, and the largest file of each kind
 * (home, incident, history, component and maintenance pages, feeds, API, calendars, sitemaps),
 * raw and gzipped. It also builds an empty history (N = 0: the fixed start-up cost), measures a
 * user's install of the packed package, and judges every budget with ok/OVER. The smallest size
 * is built once more first, as a warm-up and to check that output is deterministic.
 * Writes `<out>/bench.md` and `<out>/bench.json`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DEFAULT_NOW, generateRepo, HISTORY_RATES, type HistoryKind } from './generate-repo.ts';
import { TIMINGS_ENV } from '../../src/io/timings.ts';
import { measureInstall, type InstallFigures } from './install.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = process.execPath;
/**
 * Preloaded into every Node process of the measured tree (NODE_OPTIONS reaches the build's
 * children): on exit each appends its own peak RSS in KiB to BENCH_RSS_FILE. Portable, unlike
 * `time -v` (GNU only), and it names the largest process whichever it is. A CommonJS file given
 * to `--require`: an ES module given to `--import` cost each process 10 ms more to start, which
 * the figures then showed as the build's.
 */
const RSS_PRELOAD = "const { appendFileSync } = require('node:fs'); process.on('exit', () => { const f = process.env.BENCH_RSS_FILE; if (f) appendFileSync(f, `${process.resourceUsage().maxRSS}\\n`); });\n";

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
  homeGzipBytes: number;
}

/** What kind of file a built path is: pages by route, then feeds, API, calendars, sitemaps. */
export const FILE_KINDS = ['home', 'incident', 'postmortem', 'history', 'component', 'maintenance', 'feed', 'api', 'calendar', 'sitemap'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface LargestFile {
  kind: FileKind;
  /** `<site>/<path>`. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Publishing during an outage: one new update posted, then a rebuild that reuses the previous output. */
export interface RebuildFigures extends StepFigures {
  /** Byte-identical to a full build of the same content. */
  identical: boolean;
  /** Pages taken over from the previous output. */
  reusedPages: number;
}

export interface SizeResult {
  history: HistoryKind;
  incidents: number;
  updates: number;
  sourceFiles: number;
  check: StepFigures;
  /** `marginalMsPerIncident`: (T − T_prev) / (N − N_prev) against the next smaller size of the same history; null for the smallest. */
  build: StepFigures & { msPerIncident: number; marginalMsPerIncident: number | null };
  pages: number;
  files: number;
  outputBytes: number;
  sites: SiteSizes[];
  /** The largest file of each kind over every domain. */
  largest: LargestFile[];
  outputSha256: string;
  rebuild: RebuildFigures;
}

export interface BenchReport {
  generatedAt: string;
  node: string;
  cpus: number;
  cpuModel: string;
  totalMemBytes: number;
  /** The build of an empty history: the fixed cost every build pays, and where it goes. */
  startup: StepFigures & { phases: StartupPhase[] };
  sizes: SizeResult[];
  /**
   * Per history: msPerIncident at the largest size ÷ at 1 000 (or the second smallest); ~1 means
   * linear, below 1 means fixed start-up cost still dominates; `marginalMsPerIncident` is the slope.
   */
  growth: { history: HistoryKind; from: number; to: number; ratio: number; marginalMsPerIncident: number }[];
  deterministic: boolean | null;
  budgets: Budget[];
  /** A user's install of the packed package; null with --no-install. */
  install: InstallFigures | null;
}

/** One phase of the empty build, on the bench's clock (ms since the build was started). */
export interface StartupPhase {
  name: string;
  fromMs: number;
  toMs: number;
}

/**
 * The empty build's phases from its timing marks (src/io/timings.ts). The render child loads the
 * compiled pages while the CLI loads its own modules and validates the content: the two lines overlap.
 */
export function startupPhases(marks: Record<string, number>, wallMs: number): StartupPhase[] {
  const at = (name: string) => marks[name];
  const phases: [string, number | undefined, number | undefined][] = [
    ['Node start and the CLI\'s first modules', 0, at('cli-started')],
    ['the build\'s modules', at('cli-started'), at('cli-loaded')],
    ['config load', at('cli-loaded'), at('config-loaded')],
    ['content read and validated, reuse planned', at('config-loaded'), at('content-ready')],
    ['render child: compiled pages loaded (alongside)', at('cli-started'), at('renderer-loaded')],
    ['render and write every page', Math.max(at('content-ready') ?? 0, at('renderer-loaded') ?? 0), at('pages-written')],
    ['output moved into place', at('pages-written'), at('output-in-place')],
    ['exit', at('output-in-place'), wallMs],
  ];
  return phases.flatMap(([name, fromMs, toMs]) => (fromMs === undefined || toMs === undefined ? [] : [{ name, fromMs, toMs }]));
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
  /** With KABAR_TIMINGS=1: each phase mark (src/io/timings.ts), in ms since the process was started. */
  marks: Record<string, number>;
}

async function timed(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const rssDir = await mkdtemp(path.join(os.tmpdir(), 'kabar-bench-rss-'));
  const rssFile = path.join(rssDir, 'kib');
  const preload = path.join(rssDir, 'preload.cjs');
  await writeFile(preload, RSS_PRELOAD);
  const childEnv = { ...env, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(preload)}`.trim() };
  // Each step starts with nothing left to write back: the hundreds of megabytes the previous
  // build wrote would otherwise be flushed to disk during this one, and time it, not this step.
  if (process.platform !== 'win32') spawnSync('sync');
  const started = performance.now();
  const startedEpoch = performance.timeOrigin + started;
  const run = await new Promise<Omit<Run, 'figures' | 'marks'> & { wallMs: number }>((resolve, reject) => {
    const child = spawn(NODE, args, { cwd: PROJECT, env: childEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr, wallMs: performance.now() - started }));
  });
  const kib = (await readFile(rssFile, 'utf8').catch(() => '')).split('\n').filter(Boolean).map(Number);
  await rm(rssDir, { recursive: true, force: true });
  const marks = Object.fromEntries([...run.stderr.matchAll(/^kabar: timing: (\S+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2]) - startedEpoch]));
  return { code: run.code, stderr: run.stderr, marks, figures: { wallMs: run.wallMs, peakRssBytes: kib.length > 0 ? Math.max(...kib) * 1024 : null } };
}

async function walk(dir: string): Promise<{ rel: string; size: number }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const out = await Promise.all(files.map(async (f) => ({ rel: path.relative(dir, f).split(path.sep).join('/'), size: (await stat(f)).size })));
  return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** The kind of a file by its path in a site (undefined for badges, the logo and the like, which never grow). */
export function fileKind(rel: string): FileKind | undefined {
  if (rel === 'index.html') return 'home';
  if (/^incidents\/[^/]+\/postmortem\/index\.html$/.test(rel)) return 'postmortem';
  if (/^incidents\/[^/]+\/index\.html$/.test(rel)) return 'incident';
  if (/^history\/(\d+\/)?index\.html$/.test(rel)) return 'history';
  if (/^components\/[^/]+\/(\d+\/)?index\.html$/.test(rel)) return 'component';
  if (/^maintenance\/(\d+\/)?index\.html$/.test(rel)) return 'maintenance';
  if (/(^|\/)(history\.atom|history\.rss|feed\.json)$/.test(rel)) return 'feed';
  if (rel.startsWith('api/')) return 'api';
  if (rel.endsWith('.ics')) return 'calendar';
  if (/^sitemap(-\d+)?\.xml$/.test(rel)) return 'sitemap';
  return undefined;
}

async function measureOutput(out: string): Promise<{ sites: SiteSizes[]; largest: LargestFile[]; sha: string }> {
  const hash = createHash('sha256');
  const sites: SiteSizes[] = [];
  const largest = new Map<FileKind, { file: string; bytes: number; abs: string }>();
  for (const site of (await readdir(out)).sort()) {
    const dir = path.join(out, site);
    const files = await walk(dir);
    for (const f of files) {
      hash.update(`${site}/${f.rel}\0`).update(await readFile(path.join(dir, f.rel)));
      const kind = fileKind(f.rel);
      if (kind && f.size > (largest.get(kind)?.bytes ?? -1)) largest.set(kind, { file: `${site}/${f.rel}`, bytes: f.size, abs: path.join(dir, f.rel) });
    }
    const home = files.find((f) => f.rel === 'index.html');
    sites.push({
      site,
      pages: files.filter((f) => f.rel.endsWith('.html')).length,
      files: files.length,
      bytes: files.reduce((sum, f) => sum + f.size, 0),
      homeBytes: home?.size ?? 0,
      homeGzipBytes: home ? gzipSync(await readFile(path.join(dir, 'index.html')), { level: 9 }).length : 0,
    });
  }
  const list: LargestFile[] = [];
  for (const kind of FILE_KINDS) {
    const found = largest.get(kind);
    if (found) list.push({ kind, file: found.file, bytes: found.bytes, gzipBytes: gzipSync(await readFile(found.abs), { level: 9 }).length });
  }
  return { sites, largest: list, sha: hash.digest('hex') };
}

async function countUpdates(repo: string): Promise<{ updates: number; sourceFiles: number }> {
  const files = (await walk(path.join(repo, 'incidents')).catch(() => [])).map((f) => path.basename(f.rel));
  // Updates are the non-translation files other than index.md/postmortem.md.
  const updates = files.filter((f) => /^[^.]+\.md$/.test(f) && f !== 'index.md' && f !== 'postmortem.md').length;
  return { updates, sourceFiles: files.length };
}

function fail(step: string, run: Run): never {
  throw new Error(`${step} failed (exit code ${run.code}):\n${run.stderr.split('\n').slice(-20).join('\n')}`);
}

/** The `kabar` being measured: the installed package's, once it is installed (what users run), else this checkout's. */
let kabarBin = path.join(PROJECT, 'bin/kabar.js');

export async function benchSize(history: HistoryKind, n: number, work: string, env: NodeJS.ProcessEnv, log: (s: string) => void): Promise<SizeResult> {
  const repo = path.join(work, `repo-${history}-${n}`);
  const out = path.join(work, `out-${history}-${n}`);
  const generated = await generateRepo({ out: repo, incidents: n, perYear: HISTORY_RATES[history], nowMs: DEFAULT_NOW });
  const counts = await countUpdates(repo);
  const at = `${history} N=${n}`;
  log(`bench: ${at}: ${counts.updates} updates, ${counts.sourceFiles} source files; check…`);
  // The median of three: a check takes seconds, and one slow run (the page cache evicted, a busy machine) skews it.
  const checks: Run[] = [];
  for (let i = 0; i < CHECK_RUNS; i++) {
    const run = await timed([kabarBin, 'check', '--root', repo], env);
    if (run.code !== 0) fail(`kabar check of ${at}`, run);
    checks.push(run);
  }
  const check = checks.sort((a, b) => a.figures.wallMs - b.figures.wallMs)[Math.floor(CHECK_RUNS / 2)]!;
  log(`bench: ${at}: check ${sec(check.figures.wallMs)}; build…`);
  const build = await timed([kabarBin, 'build', '--root', repo, '--out', out], env);
  if (build.code !== 0) fail(`build of ${at}`, build);
  log(`bench: ${at}: build ${sec(build.figures.wallMs)}`);
  const { sites, largest, sha } = await measureOutput(out);
  log(`bench: ${at}: one new update, then a rebuild (three times)…`);
  const rebuild = await rebuildAfterUpdate(repo, out, generated.active!, env);
  log(`bench: ${at}: rebuild ${sec(rebuild.wallMs)} (${rebuild.reusedPages} pages reused, ${rebuild.identical ? 'identical to a full build' : 'DIFFERENT from a full build'})`);
  await rm(out, { recursive: true, force: true });
  return {
    history,
    incidents: n,
    ...counts,
    check: check.figures,
    build: { ...build.figures, msPerIncident: n > 0 ? build.figures.wallMs / n : 0, marginalMsPerIncident: null },
    pages: sites.reduce((s, x) => s + x.pages, 0),
    files: sites.reduce((s, x) => s + x.files, 0),
    outputBytes: sites.reduce((s, x) => s + x.bytes, 0),
    sites,
    largest,
    outputSha256: sha,
    rebuild,
  };
}

/**
 * A merged update during an outage: one new update to the active incident, then `kabar build`
 * over the previous output (timed); three times, for the median (one rebuild takes a second or
 * three, and a busy moment of the machine moves it by a tenth). The clock moves on as a deploy's
 * does: each rebuild runs a minute after the last (the first a minute after the full build), so
 * what shows the time is rendered anew. The last output is compared byte for byte with a full
 * build of the same content at the same time.
 */
async function rebuildAfterUpdate(repo: string, out: string, active: string, env: NodeJS.ProcessEnv): Promise<RebuildFigures> {
  const runs: Run[] = [];
  let now = DEFAULT_NOW;
  const envAt = (ms: number) => ({ ...env, SOURCE_DATE_EPOCH: String(Math.floor(ms / 1000)) });
  for (let i = 0; i < REBUILD_RUNS; i++) {
    now += 60_000;
    // Posted a minute before its rebuild.
    const posted = new Date(now - 60_000);
    const name = `${posted.toISOString().slice(0, 16).replace(':', '')}Z`;
    await writeFile(path.join(repo, 'incidents', active, `${name}.md`), `---\nat: ${posted.toISOString().replace('.000', '')}\nstatus: identified\nnext_update: ${new Date(now + 30 * 60_000).toISOString().replace('.000', '')}\n---\nWe found the cause and are rolling out a fix.\n`);
    const rebuild = await timed([kabarBin, 'build', '--root', repo, '--out', out], envAt(now));
    if (rebuild.code !== 0) fail('the rebuild after one update', rebuild);
    runs.push(rebuild);
  }
  const rebuild = [...runs].sort((a, b) => a.figures.wallMs - b.figures.wallMs)[Math.floor(REBUILD_RUNS / 2)]!;
  const full = `${out}-full`;
  const fresh = await timed([kabarBin, 'build', '--root', repo, '--out', full, '--full'], envAt(now));
  if (fresh.code !== 0) fail('the full build after one update', fresh);
  const [a, b] = [(await measureOutput(out)).sha, (await measureOutput(full)).sha];
  await rm(full, { recursive: true, force: true });
  return { ...rebuild.figures, identical: a === b, reusedPages: Number(/reusing (\d+) unchanged pages/.exec(rebuild.stderr)?.[1] ?? 0) };
}

const HOME_BUDGET = 14 * 1024;
const STARTUP_RUNS = 3;
const CHECK_RUNS = 3;
const REBUILD_RUNS = 3;
const MIB = 2 ** 20;

/** The start-up and memory budgets (issue "Start-up and memory"), judged on whatever sizes were run. */
export const BUDGETS = {
  startupMs: 1000,
  startupRssMib: 150,
  /** A one-update rebuild's share of a full build, by N. */
  rebuildShare: [[1000, 1 / 5], [10000, 1 / 10]] as const,
  /** Peak RSS of a build, by N. */
  buildRssMib: [[1000, 200], [10000, 400]] as const,
  checkMs: [[10000, 3000]] as const,
  installMb: 120,
  fullBuildMs: 60_000,
};

export function budgets(report: Pick<BenchReport, 'sizes' | 'startup' | 'install'>): Budget[] {
  const list: Budget[] = [];
  const at = (history: HistoryKind, n: number) => report.sizes.find((s) => s.history === history && s.incidents === n);
  const fixed = report.sizes.filter((s) => s.history === 'fixed');
  const big = fixed.at(-1);
  list.push({ name: 'start-up: build of an empty history (N = 0, two locale domains)', limit: `≤ ${sec(BUDGETS.startupMs)}`, value: sec(report.startup.wallMs), ok: report.startup.wallMs <= BUDGETS.startupMs });
  list.push({ name: 'start-up: peak RSS', limit: `≤ ${BUDGETS.startupRssMib} MiB`, value: mb(report.startup.peakRssBytes), ok: report.startup.peakRssBytes !== null && report.startup.peakRssBytes <= BUDGETS.startupRssMib * MIB });
  if (big) list.push({ name: `full build, N = ${big.incidents}`, limit: `≤ ${sec(BUDGETS.fullBuildMs)}`, value: sec(big.build.wallMs), ok: big.build.wallMs <= BUDGETS.fullBuildMs });
  // Judged on each history run: a steady history and a dense one must both keep within them.
  for (const history of new Set(report.sizes.map((s) => s.history))) {
    const largest = report.sizes.filter((s) => s.history === history).at(-1);
    // The largest size run stands for the smaller budgets' sizes too when those were not run (the tests run N = 20, 40).
    const sizeFor = (n: number) => at(history, n) ?? (largest && n === BUDGETS.rebuildShare[0][0] ? largest : undefined);
    for (const [n, share] of BUDGETS.rebuildShare) {
      const size = sizeFor(n);
      if (!size) continue;
      const ratio = size.rebuild.wallMs / size.build.wallMs;
      list.push({ name: `rebuild after one new update, N = ${size.incidents} (${history})`, limit: `≤ 1/${Math.round(1 / share)} of the full build, byte-identical`, value: `${sec(size.rebuild.wallMs)} (${(ratio * 100).toFixed(0)} %), ${size.rebuild.identical ? 'identical' : 'DIFFERENT'}`, ok: ratio <= share && size.rebuild.identical });
    }
    for (const [n, limit] of BUDGETS.buildRssMib) {
      const size = at(history, n);
      if (size) list.push({ name: `build peak RSS, N = ${n} (two locales, ${history})`, limit: `≤ ${limit} MiB`, value: mb(size.build.peakRssBytes), ok: size.build.peakRssBytes !== null && size.build.peakRssBytes <= limit * MIB });
    }
    for (const [n, limit] of BUDGETS.checkMs) {
      const size = at(history, n);
      if (size) list.push({ name: `check, N = ${n} (${history})`, limit: `≤ ${sec(limit)}`, value: sec(size.check.wallMs), ok: size.check.wallMs <= limit });
    }
  }
  if (report.install) list.push({ name: 'install of the package into an empty directory', limit: `≤ ${BUDGETS.installMb} MB`, value: `${(report.install.nodeModulesBytes / 1e6).toFixed(0)} MB`, ok: report.install.nodeModulesBytes <= BUDGETS.installMb * 1e6 });
  for (const history of new Set(report.sizes.map((s) => s.history))) {
    const sizes = report.sizes.filter((s) => s.history === history);
    const worstHome = Math.max(...sizes.flatMap((s) => s.sites.map((x) => x.homeGzipBytes)));
    list.push({ name: `home page, gzipped, every N (${history})`, limit: '≤ 14 KB', value: kb(worstHome), ok: worstHome <= HOME_BUDGET });
    // Every kind of file is bounded: its largest one must not grow with history.
    const from = sizes.find((s) => s.incidents === 1000) ?? sizes[0];
    const to = sizes.at(-1);
    if (from && to && from !== to) {
      const grown = FILE_KINDS.flatMap((kind) => {
        const a = from.largest.find((l) => l.kind === kind);
        const b = to.largest.find((l) => l.kind === kind);
        return a && b && b.bytes > a.bytes * 1.1 ? [`${kind} ${kb(a.bytes)} → ${kb(b.bytes)}`] : [];
      });
      list.push({ name: `largest file of each kind, N = ${to.incidents} vs ${from.incidents} (${history})`, limit: 'independent of history (≤ 10 % growth)', value: grown.length === 0 ? 'none grew' : grown.join('; '), ok: grown.length === 0 });
    }
  }
  return list;
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MiB`);
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function markdown(report: BenchReport): string {
  const lines = [
    `Node ${report.node}, ${report.cpus} × ${report.cpuModel}, ${(report.totalMemBytes / 2 ** 30).toFixed(1)} GiB RAM. Wall times; build = the full build of both locale domains (validation included); RSS = peak of the largest process; output = both domains; home = the first domain's, gzipped.`,
    '',
    `Start-up (N = 0, two locale domains, median of ${STARTUP_RUNS} builds): build ${sec(report.startup.wallMs)}, peak RSS ${mb(report.startup.peakRssBytes)}. Where it goes (ms from the command's start; the render child's line runs alongside):`,
    '',
    '| phase | from | to | takes |',
    '|---|---:|---:|---:|',
    ...report.startup.phases.map((p) => `| ${p.name} | ${p.fromMs.toFixed(0)} | ${p.toMs.toFixed(0)} | ${(p.toMs - p.fromMs).toFixed(0)} |`),
    '',
    '| history | incidents | updates | check | check RSS | build | build peak RSS | ms/incident | marginal ms/incident | rebuild, one update | pages | output | home (gzip) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.sizes) {
    lines.push(
      `| ${r.history} | ${r.incidents} | ${r.updates} | ${sec(r.check.wallMs)} | ${mb(r.check.peakRssBytes)} | ${sec(r.build.wallMs)} | ${mb(r.build.peakRssBytes)} | ${r.build.msPerIncident.toFixed(1)} | ${r.build.marginalMsPerIncident === null ? '–' : r.build.marginalMsPerIncident.toFixed(1)} | ${sec(r.rebuild.wallMs)}${r.rebuild.identical ? '' : ' (DIFFERENT)'} | ${r.pages} | ${mb(r.outputBytes)} | ${kb(r.sites[0]!.homeGzipBytes)} |`,
    );
  }
  lines.push('', 'Largest file of each kind (raw / gzipped), over both domains:', '', `| kind | ${report.sizes.map((r) => `${r.history} ${r.incidents}`).join(' | ')} |`, `|---|${report.sizes.map(() => '---:').join('|')}|`);
  for (const kind of FILE_KINDS) {
    const cells = report.sizes.map((r) => {
      const l = r.largest.find((x) => x.kind === kind);
      return l ? `${kb(l.bytes)} / ${kb(l.gzipBytes)}` : '–';
    });
    lines.push(`| ${kind} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  for (const g of report.growth) {
    lines.push(
      `Growth (${g.history}): build time per incident at N = ${g.to} is ${g.ratio.toFixed(2)} × that at N = ${g.from} (1.00 = linear; below 1, start-up cost is still being spread); marginal cost ${g.marginalMsPerIncident.toFixed(2)} ms per incident (both locales).`,
    );
  }
  if (report.deterministic !== null) lines.push(`Deterministic output (fixed N = ${report.sizes[0]?.incidents} built twice from freshly generated repos): ${report.deterministic ? 'yes' : 'NO'}.`);
  if (report.install) {
    const i = report.install;
    lines.push(
      '',
      `Install (\`npm pack\`, then \`npm install\` of the tarball into an empty directory with an empty npm cache): ${sec(i.installMs)}, ` +
        `node_modules ${(i.nodeModulesBytes / 1e6).toFixed(0)} MB in ${i.packages} packages; the tarball is ${kb(i.tarballBytes)}. With the npm cache filled (as the deploy workflow keeps it): ${sec(i.cachedInstallMs)}.`,
    );
    const merge = report.sizes.find((r) => r.history === 'fixed' && r.incidents === 1000);
    if (merge) {
      lines.push(
        '',
        `Merge to deployable (N = 1 000, one new update, as the deploy workflow runs it): install with the cache ${sec(i.cachedInstallMs)} + check ${sec(merge.check.wallMs)} + rebuild ${sec(merge.rebuild.wallMs)} = ${sec(i.cachedInstallMs + merge.check.wallMs + merge.rebuild.wallMs)}.`,
      );
    }
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
      histories: { type: 'string', default: 'fixed,dense' },
      out: { type: 'string', default: 'bench-results' },
      'keep-work': { type: 'boolean', default: false },
      'no-install': { type: 'boolean', default: false },
    },
  });
  const sizes = values.sizes.split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 2)) throw new Error(`--sizes: expected whole numbers of 2 or more, separated by commas, got "${values.sizes}"`);
  sizes.sort((a, b) => a - b);
  const histories = values.histories.split(',').map((h) => h.trim());
  const unknown = histories.filter((h) => !Object.hasOwn(HISTORY_RATES, h));
  if (unknown.length > 0) throw new Error(`--histories: unknown ${unknown.join(', ')} (expected fixed and/or dense)`);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const work = await mkdtemp(path.join(os.tmpdir(), 'kabar-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KABAR_'))),
    SOURCE_DATE_EPOCH: String(Math.floor(DEFAULT_NOW / 1000)),
    ASTRO_TELEMETRY_DISABLED: '1',
  };
  try {
    // The package is installed first, as a user installs it, and every step runs the installed `kabar`.
    let install: InstallFigures | null = null;
    if (!values['no-install']) {
      log('bench: npm pack, a fresh npm install of the package, and one more with the npm cache filled…');
      const installed = await measureInstall(PROJECT, path.join(work, 'install'), env);
      install = installed.figures;
      kabarBin = installed.bin;
    }
    log(`bench: running ${path.relative(PROJECT, kabarBin).startsWith('..') ? 'the installed package' : 'this checkout'}'s kabar`);
    // Warm-up, and the determinism reference: same input and "now" must give the same bytes.
    log(`bench: warm-up build of fixed N=${sizes[0]} (not in the table)…`);
    const warmUp = await benchSize('fixed', sizes[0]!, path.join(work, 'warm-up'), env, log);
    log('bench: start-up, an empty history…');
    const emptyRepo = path.join(work, 'repo-empty');
    await generateRepo({ out: emptyRepo, incidents: 0, nowMs: DEFAULT_NOW });
    // The median of three: a fixed cost of a few seconds is easily skewed by one slow run.
    const startups: Awaited<ReturnType<typeof timed>>[] = [];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      const run = await timed([kabarBin, 'build', '--root', emptyRepo, '--out', path.join(work, 'out-empty'), '--full'], { ...env, [TIMINGS_ENV]: '1' });
      if (run.code !== 0) fail('build of an empty history', run);
      startups.push(run);
    }
    const startup = startups.sort((a, b) => a.figures.wallMs - b.figures.wallMs)[Math.floor(STARTUP_RUNS / 2)]!;
    const results: SizeResult[] = [];
    const growth: BenchReport['growth'] = [];
    for (const history of histories as HistoryKind[]) {
      const mine: SizeResult[] = [];
      for (const n of sizes) {
        const result = await benchSize(history, n, work, env, log);
        const prev = mine.at(-1);
        // The slope between sizes: flat means linear, whatever the fixed start-up cost.
        if (prev) result.build.marginalMsPerIncident = (result.build.wallMs - prev.build.wallMs) / (n - prev.incidents);
        mine.push(result);
      }
      results.push(...mine);
      const from = mine.find((r) => r.incidents === 1000) ?? mine[mine.length > 2 ? 1 : 0]!;
      const to = mine.at(-1)!;
      if (from !== to) growth.push({ history, from: from.incidents, to: to.incidents, ratio: to.build.msPerIncident / from.build.msPerIncident, marginalMsPerIncident: (to.build.wallMs - from.build.wallMs) / (to.incidents - from.incidents) });
    }
    const firstFixed = results.find((r) => r.history === 'fixed' && r.incidents === sizes[0]);
    const report: BenchReport = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      cpus: os.availableParallelism(),
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      totalMemBytes: os.totalmem(),
      startup: { ...startup.figures, phases: startupPhases(startup.marks, startup.figures.wallMs) },
      sizes: results,
      growth,
      deterministic: firstFixed ? warmUp.outputSha256 === firstFixed.outputSha256 : null,
      budgets: [],
      install,
    };
    report.budgets = budgets(report);
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
