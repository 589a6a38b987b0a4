import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string): string => path.join(PROJECT, 'test/fixtures', name);
export const SCHEMAS = path.join(PROJECT, 'test/schemas');
/** "Now" of the feeds fixtures: 2026-11-28T04:00:00Z. */
export const FEEDS_NOW = Date.parse('2026-11-28T04:00:00Z');

/** Runs `kabar build` as a user would, with a pinned clock; returns the output dir. */
export async function buildFixture(name: string, now = FEEDS_NOW, extra: string[] = []): Promise<string> {
  const out = path.join(await mkdtemp(path.join(tmpdir(), `kabar-${name}-`)), 'dist');
  const args = [path.join(PROJECT, 'bin/kabar.js'), 'build', '--root', fixture(name), '--out', out, ...extra];
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PROJECT,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(Math.floor(now / 1000)), ASTRO_DEV_BACKGROUND: '0', ASTRO_TELEMETRY_DISABLED: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  if (result.code !== 0) throw new Error(`build of ${name} failed:\n${result.stderr}`);
  return out;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

export async function digest(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

/**
 * Validates XML files against a RELAX NG schema with xmllint (libxml2), an
 * implementation independent of ours. Fails loudly when xmllint is missing.
 */
export function xmllintRelaxNg(schema: string, files: readonly string[]): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--relaxng', schema, ...files], { encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint is needed for the Atom schema test (Debian: apt-get install libxml2-utils): ${run.error.message}`);
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
