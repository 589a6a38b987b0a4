import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, generateRepo } from '../../scripts/bench/generate-repo.ts';
import { budgets, fileKind, type BenchReport, type SizeResult } from '../../scripts/bench/run.ts';
import { loadRepo } from '../../src/io/load-repo.ts';

const node = path.resolve('node_modules/.bin/node');
const temps: string[] = [];
async function temp(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kabar-bench-test-'));
  temps.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function tree(dir: string): Promise<Map<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
  return new Map(await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')] as const)));
}

describe('bench repo generator', () => {
  it('writes a valid repo with two locales, partial translations, 12 components and maintenance', async () => {
    const root = path.join(await temp(), 'repo');
    await generateRepo({ out: root, incidents: 30, nowMs: DEFAULT_NOW });
    const repo = await loadRepo(root, DEFAULT_NOW);
    expect(repo.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(repo.errorCount).toBe(0);
    expect(repo.model).toBeDefined();
    expect(repo.incidents).toHaveLength(30);
    expect(repo.config?.components).toHaveLength(12);
    expect(repo.config?.locales.map((l) => Boolean(l.domain))).toEqual([true, true]);
    const files = [...(await tree(root)).keys()];
    const sources = files.filter((f) => f.endsWith('.md') && !f.includes('.id.'));
    const translations = files.filter((f) => f.endsWith('.id.md'));
    // Partial: some files translated, not all.
    expect(translations.length).toBeGreaterThan(0);
    expect(translations.length).toBeLessThan(sources.length);
    const perIncident = repo.incidents.map((i) => i.updates.length);
    expect(Math.min(...perIncident)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...perIncident)).toBeLessThanOrEqual(6);
    expect(repo.incidents.some((i) => i.type === 'maintenance')).toBe(true);
    expect(repo.incidents.filter((i) => i.type === 'incident').every((i) => i.updates.length >= 3 || i === repo.incidents.at(-1))).toBe(true);
  });

  it('is deterministic: generating twice gives identical files', async () => {
    const base = await temp();
    await generateRepo({ out: path.join(base, 'a'), incidents: 30, nowMs: DEFAULT_NOW });
    await generateRepo({ out: path.join(base, 'b'), incidents: 30, nowMs: DEFAULT_NOW });
    const [a, b] = [await tree(path.join(base, 'a')), await tree(path.join(base, 'b'))];
    expect(a.size).toBeGreaterThan(30);
    expect([...b.entries()].sort()).toEqual([...a.entries()].sort());
  });

  it('keeps the present (upcoming maintenance, active incident) identical at every N, so only history grows', async () => {
    const base = await temp();
    const present = async (n: number) => {
      const root = path.join(base, String(n));
      await generateRepo({ out: root, incidents: n, nowMs: DEFAULT_NOW });
      const repo = await loadRepo(root, DEFAULT_NOW);
      expect(repo.errorCount).toBe(0);
      const active = repo.model!.incidents.filter((i) => i.active);
      const upcoming = repo.model!.incidents.filter((i) => i.upcoming);
      expect(active).toHaveLength(1);
      expect(upcoming).toHaveLength(1);
      const files = await tree(root);
      return [...files].filter(([f]) => f.includes(active[0]!.id) || f.includes(upcoming[0]!.id)).sort();
    };
    const [small, big] = [await present(30), await present(90)];
    expect(small.length).toBeGreaterThan(2);
    expect(big).toEqual(small);
  });

  it('refuses to overwrite a directory that is not a bench repo', async () => {
    const dir = await temp();
    await writeFile(path.join(dir, 'notes.md'), 'mine\n');
    await expect(generateRepo({ out: dir, incidents: 5, nowMs: DEFAULT_NOW })).rejects.toThrow(/not empty/);
    expect(await readFile(path.join(dir, 'notes.md'), 'utf8')).toBe('mine\n');
  });
});

describe('npm run bench', () => {
  // Nineteen builds (a warm-up, an empty history, two sizes of two histories, each rebuilt and built
  // once more in full): minutes on a busy 2-core machine.
  it('measures start-up, both histories at each size, the largest file of each kind, and judges every budget', { timeout: 1_800_000 }, async () => {
    const out = await temp();
    const result = spawnSync(node, ['scripts/bench/run.ts', '--sizes', '20,40', '--no-install', '--out', out], { encoding: 'utf8', env: process.env });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'bench.json'), 'utf8')) as BenchReport;
    expect(report.sizes.map((s) => `${s.history} ${s.incidents}`)).toEqual(['fixed 20', 'fixed 40', 'dense 20', 'dense 40']);
    expect(report.startup.wallMs).toBeGreaterThan(0);
    // Where start-up goes: every phase, in order, within the build's wall time.
    expect(report.startup.phases.map((p) => p.name)).toEqual([
      "Node start and the CLI's first modules",
      "the build's modules",
      'config load',
      'content read and validated, reuse planned',
      'render child: compiled pages loaded (alongside)',
      'render and write every page',
      'output moved into place',
      'exit',
    ]);
    for (const phase of report.startup.phases) {
      expect(phase.toMs).toBeGreaterThanOrEqual(phase.fromMs);
      expect(phase.toMs).toBeLessThanOrEqual(report.startup.wallMs + 1);
    }
    for (const size of report.sizes) {
      expect(size.check.wallMs).toBeGreaterThan(0);
      expect(size.build.msPerIncident).toBeCloseTo(size.build.wallMs / size.incidents);
      expect(size.updates).toBeGreaterThanOrEqual(size.incidents * 2);
      // Two locale domains, each with its pages.
      expect(size.sites).toHaveLength(2);
      for (const site of size.sites) {
        expect(site.pages).toBeGreaterThan(size.incidents / 2);
        expect(site.homeGzipBytes).toBeGreaterThan(0);
        expect(site.homeGzipBytes).toBeLessThan(site.homeBytes);
      }
      expect(size.files).toBe(size.sites[0]!.files + size.sites[1]!.files);
      // Every kind of file is found and measured, gzip smaller than raw.
      expect(size.largest.map((l) => l.kind).sort()).toEqual(['api', 'calendar', 'component', 'feed', 'history', 'home', 'incident', 'maintenance', 'sitemap']);
      for (const l of size.largest) expect(l.gzipBytes).toBeLessThan(l.bytes);
      // One new update, then a rebuild over the previous output: identical to a full build, reusing settled pages.
      expect(size.rebuild.identical).toBe(true);
      expect(size.rebuild.reusedPages).toBeGreaterThan(size.incidents / 2);
      expect(size.rebuild.wallMs).toBeGreaterThan(0);
      // Peak RSS comes from every Node process of the tree.
      expect(size.check.peakRssBytes).toBeGreaterThan(20 * 2 ** 20);
      expect(size.build.peakRssBytes).toBeGreaterThan(20 * 2 ** 20);
    }
    // The dense history packs the same incidents into fewer days.
    const days = (history: string) => report.sizes.find((s) => s.history === history && s.incidents === 40)!;
    expect(days('dense').updates).toBeGreaterThan(0);
    expect(report.growth.map((g) => `${g.history} ${g.from}→${g.to}`)).toEqual(['fixed 20→40', 'dense 20→40']);
    for (const g of report.growth) {
      const [small, big] = report.sizes.filter((s) => s.history === g.history);
      expect(g.ratio).toBeCloseTo(big!.build.msPerIncident / small!.build.msPerIncident);
      expect(g.marginalMsPerIncident).toBeCloseTo((big!.build.wallMs - small!.build.wallMs) / 20);
      expect(small!.build.marginalMsPerIncident).toBeNull();
      expect(big!.build.marginalMsPerIncident).toBeCloseTo(g.marginalMsPerIncident);
    }
    expect(report.deterministic).toBe(true);
    // Every budget is judged, each verdict agreeing with its figure.
    const startup = report.budgets.find((b) => b.name.startsWith('start-up: build'))!;
    expect(startup.ok).toBe(report.startup.wallMs <= 1000);
    expect(report.budgets.find((b) => b.name === 'start-up: peak RSS')!.ok).toBe(report.startup.peakRssBytes! <= 150 * 2 ** 20);
    expect(report.budgets.filter((b) => b.name.startsWith('home page')).map((b) => b.ok)).toEqual(
      ['fixed', 'dense'].map((h) => report.sizes.filter((s) => s.history === h).every((s) => s.sites.every((x) => x.homeGzipBytes <= 14 * 1024))),
    );
    expect(report.budgets.filter((b) => b.name.startsWith('largest file of each kind'))).toHaveLength(2);
    // The rebuild's share is judged on each history, the largest size standing for N = 1 000.
    const rebuilds = report.budgets.filter((b) => b.name.startsWith('rebuild after one new update'));
    expect(rebuilds.map((b) => b.name)).toEqual(['rebuild after one new update, N = 40 (fixed)', 'rebuild after one new update, N = 40 (dense)']);
    for (const [history, budget] of [['fixed', rebuilds[0]!], ['dense', rebuilds[1]!]] as const) {
      const big = report.sizes.filter((s) => s.history === history).at(-1)!;
      expect(budget.ok).toBe(big.rebuild.wallMs / big.build.wallMs <= 0.2 && big.rebuild.identical);
    }
    // Budgets of sizes not run (N = 10 000, the install) are not judged.
    expect(report.budgets.filter((b) => /N = 10000|install/.test(b.name))).toEqual([]);
    // The tables: one row per history and size, one line per kind, one verdict per budget.
    const md = await readFile(path.join(out, 'bench.md'), 'utf8');
    expect(result.stdout).toBe(md);
    const rows = md.split('\n').filter((l) => /^\| (fixed|dense) \| \d/.test(l)).map((l) => l.split('|').slice(1, 3).map((c) => c.trim()).join(' '));
    expect(rows).toEqual(['fixed 20', 'fixed 40', 'dense 20', 'dense 40']);
    const kinds = md.slice(md.indexOf('Largest file of each kind')).split('\n').filter((l) => /^\| (home|incident|history|component|maintenance|feed|api|calendar|sitemap|postmortem) \|/.test(l));
    expect(kinds.map((l) => l.split('|')[1]!.trim())).toEqual(['home', 'incident', 'postmortem', 'history', 'component', 'maintenance', 'feed', 'api', 'calendar', 'sitemap']);
    const verdicts = md.split('\n').filter((l) => /\| (ok|OVER) \|$/.test(l)).map((l) => l.split('|')[4]!.trim());
    expect(verdicts).toEqual(report.budgets.map((b) => (b.ok ? 'ok' : 'OVER')));
  });
});

describe('budgets', () => {
  // Figures as a real run has them at N = 1 000 and 10 000; only what the budgets read matters.
  const size = (history: 'fixed' | 'dense', incidents: number, f: { build: number; rebuild: number; check: number; rssMib: number }): SizeResult =>
    ({
      history,
      incidents,
      check: { wallMs: f.check, peakRssBytes: 100 * 2 ** 20 },
      build: { wallMs: f.build, peakRssBytes: f.rssMib * 2 ** 20, msPerIncident: f.build / incidents, marginalMsPerIncident: null },
      rebuild: { wallMs: f.rebuild, peakRssBytes: null, identical: true, reusedPages: incidents },
      sites: [],
      largest: [],
    }) as unknown as SizeResult;
  const judged = (sizes: SizeResult[]) =>
    Object.fromEntries(budgets({ sizes, startup: { wallMs: 400, peakRssBytes: 100 * 2 ** 20, phases: [] }, install: null }).filter((b) => !b.name.startsWith('home') && !b.name.startsWith('largest')).map((b) => [b.name, b.ok]));

  it('judges the rebuild, the memory and check on each history, and finds the one over budget', () => {
    expect(
      judged([
        size('fixed', 1000, { build: 4000, rebuild: 600, check: 400, rssMib: 158 }),
        size('fixed', 10000, { build: 27000, rebuild: 1800, check: 1600, rssMib: 313 }),
        // The dense history: its rebuild at 1 000 takes a quarter of its full build, its check 3.2 s.
        size('dense', 1000, { build: 4000, rebuild: 1000, check: 400, rssMib: 160 }),
        size('dense', 10000, { build: 29000, rebuild: 2400, check: 3200, rssMib: 410 }),
      ]),
    ).toEqual({
      'start-up: build of an empty history (N = 0, two locale domains)': true,
      'start-up: peak RSS': true,
      'full build, N = 10000': true,
      'rebuild after one new update, N = 1000 (fixed)': true,
      'rebuild after one new update, N = 10000 (fixed)': true,
      'build peak RSS, N = 1000 (two locales, fixed)': true,
      'build peak RSS, N = 10000 (two locales, fixed)': true,
      'check, N = 10000 (fixed)': true,
      'rebuild after one new update, N = 1000 (dense)': false,
      'rebuild after one new update, N = 10000 (dense)': true,
      'build peak RSS, N = 1000 (two locales, dense)': true,
      'build peak RSS, N = 10000 (two locales, dense)': false,
      'check, N = 10000 (dense)': false,
    });
  });
});

describe('file kinds', () => {
  it.each([
    ['index.html', 'home'],
    ['incidents/2026-11-20-x/index.html', 'incident'],
    ['incidents/2026-11-20-x/postmortem/index.html', 'postmortem'],
    ['history/12/index.html', 'history'],
    ['components/api/3/index.html', 'component'],
    ['maintenance/index.html', 'maintenance'],
    ['components/api/history.atom', 'feed'],
    ['api/v2/summary.json', 'api'],
    ['components/api/maintenance.ics', 'calendar'],
    ['sitemap-3.xml', 'sitemap'],
    ['badge.svg', undefined],
  ])('%s is a %s', (file, kind) => {
    expect(fileKind(file)).toBe(kind);
  });
});
