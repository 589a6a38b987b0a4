import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeHome, processRole, summarizeProfile, type CpuProfile, type ProfileSummary } from '../../scripts/bench/cpu-profile.ts';

const node = path.resolve('node_modules/.bin/node');
const ROOT = 'file:///opt/app/node_modules/kabar/';
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('where profiled code lives', () => {
  it('names Kabar\'s directories, dependencies by package, Node\'s built-ins and code with no file', () => {
    expect(codeHome(`${ROOT}lib/renderer/chunks/pages.js`, ROOT)).toMatch(/^kabar: lib\/renderer /);
    expect(codeHome(`${ROOT}lib/io/load-repo.js`, ROOT)).toBe('kabar: lib/io');
    expect(codeHome(`${ROOT}lib/config.js`, ROOT)).toBe('kabar: lib');
    expect(codeHome(`${ROOT}src/core/model/derive-incident.ts`, ROOT)).toBe('kabar: src/core');
    expect(codeHome(`${ROOT}bin/kabar.js`, ROOT)).toBe('kabar: bin');
    // Installed beside Kabar, or inside another package's own node_modules.
    expect(codeHome('file:///opt/app/node_modules/zod/v4/core/core.js', ROOT)).toBe('zod');
    expect(codeHome('file:///opt/app/node_modules/gray-matter/node_modules/js-yaml/index.js', ROOT)).toBe('js-yaml');
    expect(codeHome('file:///opt/app/node_modules/@octokit/rest/dist-src/index.js', ROOT)).toBe('@octokit/rest');
    expect(codeHome('node:internal/modules/esm/loader', ROOT)).toBe('node: built-ins');
    expect(codeHome('evalmachine.<anonymous>', ROOT)).toBe('(other)');
  });
});

describe('a CPU profile summed up', () => {
  // root → main (bin) → validate (lib/io) → parse (zod); GC, program and idle beside them.
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6, 7] },
      { id: 2, callFrame: frame('main', `${ROOT}lib/cli/main.js`, 9), children: [3] },
      { id: 3, callFrame: frame('validate', `${ROOT}lib/io/load-repo.js`, 41), children: [4] },
      { id: 4, callFrame: frame('parse', 'file:///opt/app/node_modules/zod/v4/core/parse.js', 2) },
      { id: 5, callFrame: frame('(garbage collector)', '') },
      { id: 6, callFrame: frame('(program)', '') },
      { id: 7, callFrame: frame('(idle)', '') },
      // Named as an Object.prototype method: still a function of its own file.
      { id: 8, callFrame: frame('toString', 'file:///opt/app/node_modules/zod/v4/core/util.js', 6) },
    ],
    startTime: 1_000_000,
    endTime: 1_010_500,
    // Samples at 1.0, 2.0, 4.0, 5.0, 7.0, 8.0 and 10.0 ms after the start; the last runs to 10.5 ms.
    samples: [6, 4, 3, 4, 5, 7, 8],
    timeDeltas: [1000, 1000, 2000, 1000, 2000, 1000, 2000],
  };
  const summary = summarizeProfile(profile, ROOT);
  const ms = (name: string) => summary.categories.find((c) => c.name === name)?.ms;

  it('gives each sample the time until the next one, and the time before the first to V8', () => {
    expect(summary.totalMs).toBe(10.5);
    expect(ms('zod')).toBe(4.5); // 2→4, 5→7 and 10→10.5
    expect(ms('kabar: lib/io')).toBe(1);
    expect(ms('garbage collection')).toBe(1);
    expect(ms('idle (waiting for I/O or the other process)')).toBe(2);
    // 1 ms before the first sample, and the first sample's 1 ms.
    expect(ms('V8 and Node native work (parsing, compiling, loading, I/O callbacks)')).toBe(2);
    expect(summary.categories.reduce((sum, c) => sum + c.ms, 0)).toBe(summary.totalMs);
    expect(summary.categories.map((c) => c.ms)).toEqual([...summary.categories.map((c) => c.ms)].sort((a, b) => b - a));
  });

  it('lists the functions with the most time of their own, with where they are', () => {
    expect(summary.functions.map((f) => [f.name, f.location, f.ms])).toEqual([
      ['parse', 'node_modules/zod/v4/core/parse.js:3', 4],
      ['validate', 'lib/io/load-repo.js:42', 1],
      ['toString', 'node_modules/zod/v4/core/util.js:7', 0.5],
    ]);
  });

  it('tells the render child from the build by the code they ran', () => {
    expect(processRole(profile)).toBe('kabar build');
    const child = { ...profile, nodes: [...profile.nodes, { id: 8, callFrame: frame('render', `${ROOT}lib/build/render-child.js`) }] };
    expect(processRole(child)).toBe('render child');
    expect(processRole({ ...profile, nodes: profile.nodes.filter((n) => n.id !== 2) })).toBe('other');
  });
});

describe('npm run bench:profile', () => {
  it('profiles both processes of an empty build and sums each profile by where its code lives', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'kabar-profile-test-'));
    temps.push(out);
    const run = spawnSync(node, ['scripts/bench/profile.ts', '--no-install', '--out', out], { encoding: 'utf8', timeout: 300_000 });
    expect(run.stderr).toContain('profile: wrote');
    expect(run.status).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['kabar-build.cpuprofile', 'profile.json', 'profile.md', 'render-child.cpuprofile']);
    const summaries = JSON.parse(await readFile(path.join(out, 'profile.json'), 'utf8')) as ProfileSummary[];
    expect(summaries.map((s) => s.role)).toEqual(['kabar build', 'render child']);
    const [build, child] = summaries as [ProfileSummary, ProfileSummary];
    for (const s of summaries) {
      expect(s.totalMs).toBeGreaterThan(0);
      expect(s.categories.reduce((sum, c) => sum + c.ms, 0)).toBeCloseTo(s.totalMs, 3);
      expect(s.functions.length).toBeGreaterThan(0);
    }
    // This checkout runs its TypeScript sources; the render child renders from the compiled pages.
    expect(build.categories.some((c) => c.name.startsWith('kabar: src/') && c.ms > 0)).toBe(true);
    expect(child.categories.some((c) => c.name.startsWith('kabar: lib/renderer') && c.ms > 0)).toBe(true);
    // The profiles themselves are V8's, whole: what the summary was made of.
    const raw = JSON.parse(await readFile(path.join(out, 'render-child.cpuprofile'), 'utf8')) as CpuProfile;
    expect(summarizeProfile(raw, pathToFileURL(path.resolve('.')).href + '/')).toEqual(child);
    expect(await readFile(path.join(out, 'profile.md'), 'utf8')).toContain('**render child**');
  });
});
