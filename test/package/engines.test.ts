/**
 * The Node versions `engines` promises and the ones our dependencies need agree: every package a
 * user's `npm install kabar` brings (the lock file's production tree) accepts every Node from our floor on.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(PROJECT, file), 'utf8')) as T;

interface Locked {
  version?: string;
  engines?: { node?: string } | string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}
const lock = readJson<{ packages: Record<string, Locked> }>('package-lock.json');
const pkg = readJson<{ engines: { node: string } }>('package.json');
const floor = semver.minVersion(pkg.engines.node)!.version;
const floorMajor = Number(floor.split('.')[0]);

/**
 * What we promise, one Node major at a time (semver.subset compares a range with each part of a
 * union separately, so ">=22.19" is not seen inside "^22.12.0 || >=23" unless split).
 */
const promised = Array.from({ length: 40 - floorMajor }, (_, i) => floorMajor + i)
  .map((major) => (major === floorMajor ? `>=${floor} <${major + 1}.0.0-0` : `>=${major}.0.0 <${major + 1}.0.0-0`))
  .concat('>=40.0.0')
  .filter((piece) => semver.subset(piece, pkg.engines.node));

/** Where Node finds `name` required from the package at `from` (a lock file key): its own node_modules, then its parents'. */
function resolve(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf('/node_modules/')))) {
    const key = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[key]) return key;
    if (!dir) return undefined;
  }
}

/** Every package installed for production: required (not optional) dependencies and peers, from the root down. */
function productionTree(): string[] {
  const seen = new Set<string>();
  const queue = [''];
  while (queue.length > 0) {
    const at = queue.shift()!;
    const entry = lock.packages[at]!;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((p) => !entry.peerDependenciesMeta?.[p]?.optional);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...peers]) {
      const key = resolve(at, name);
      if (key && !seen.has(key)) {
        seen.add(key);
        queue.push(key);
      }
    }
  }
  return [...seen].sort();
}

describe('engines.node', () => {
  const tree = productionTree();
  const needs = tree.flatMap((key) => {
    const engines = lock.packages[key]!.engines;
    const range = engines && !Array.isArray(engines) ? engines.node : undefined;
    return range ? [{ key, version: lock.packages[key]!.version, range }] : [];
  });

  it('is satisfied for every production dependency in the lock file, from our floor on', () => {
    expect(tree).toContain('node_modules/zod');
    expect(tree).not.toContain('node_modules/astro');
    expect(tree).not.toContain('node_modules/vitest');
    expect(promised.length).toBeGreaterThan(1);
    const refused = needs.filter((n) => !promised.every((piece) => semver.subset(piece, n.range))).map((n) => `${n.key}@${n.version} needs node ${n.range}`);
    expect(refused, `engines.node ${pkg.engines.node} promises Node versions these refuse`).toEqual([]);
  });

  it('is no lower than any production dependency or the Astro runtime compiled into the pages needs', () => {
    // Astro is a devDependency, but its runtime is bundled into lib/renderer/: its floor counts too.
    // (The floor stays 22.19, the lowest Node 22 Kabar has been verified on, though nothing installed needs more than 22.12 now.)
    const astro = lock.packages['node_modules/astro']!.engines as { node: string };
    const highest = [...needs.map((n) => n.range), astro.node].map((range) => semver.minVersion(range)!.version).sort(semver.rcompare)[0]!;
    expect(semver.gte(floor, highest), `floor ${floor}, needed ${highest}`).toBe(true);
  });

  it('is the same floor in create-kabar, in bin/kabar.js\'s message and in what kabar init writes', async () => {
    expect(readJson<{ engines: { node: string } }>('packages/create-kabar/package.json').engines.node).toBe(pkg.engines.node);
    expect(readFileSync(path.join(PROJECT, 'bin/kabar.js'), 'utf8')).toContain(`const MINIMUM = '${floor}';`);
    const { renderStatusRepo } = await import('../../src/core/init/status-repo.ts');
    const files = renderStatusRepo({
      name: 'Acme',
      timeZone: 'UTC',
      locales: [{ tag: 'en', label: 'English' }],
      groups: [],
      components: [{ id: 'api', name: 'API' }],
      deploy: 'none',
      now: Date.UTC(2026, 11, 1),
      kabarVersion: '0.2.0',
      kabarRepository: 'kabar-status/kabar',
    }).files;
    expect((JSON.parse(files.get('package.json')!) as { engines: { node: string } }).engines.node).toBe(pkg.engines.node);
    expect(files.get('README.md')).toContain(`Needs Node.js ${floor.replace(/\.0$/, '')} or newer (not 23).`);
  });

  it('is the floor the README, create-kabar\'s README, the docs and the reusable workflows name', () => {
    const short = floor.replace(/\.0$/, '');
    for (const file of ['README.md', 'packages/create-kabar/README.md', 'docs/engineer-workflow.md', ...['deploy', 'ingest', 'notify', 'pull-request'].map((w) => `.github/workflows/status-${w}.yml`)]) {
      const text = readFileSync(path.join(PROJECT, file), 'utf8');
      // Every Node 22 version named (not dates like 2026-11-22): the floor, said as "22.19 or newer, not 23".
      const named = [...text.matchAll(/(?<![\d.:-])22\.(\d+)(?![\d-])/g)].map((m) => `22.${m[1]}`);
      expect(named.length, file).toBeGreaterThan(0);
      for (const version of named) expect(version, file).toBe(short);
      expect(text, file).toContain(`${short} or newer`);
      expect(text, file).toMatch(/or newer[,( ]+not 23/);
    }
  });
});
