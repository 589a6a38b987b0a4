import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';

export const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
export const fixture = (name: string): string => path.join(PROJECT, 'test/fixtures', name);
/** 2026-11-22T12:00:00Z: "now" of the site fixtures. */
export const FIXTURE_NOW = 1_795_348_800_000;

export interface BuildRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `kabar build` as a user would, with a pinned clock. */
export function runBuild(args: string[], now = FIXTURE_NOW): Promise<BuildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(PROJECT, 'bin/kabar.js'), 'build', ...args], {
      cwd: PROJECT,
      env: { ...process.env, SOURCE_DATE_EPOCH: String(now / 1000), ASTRO_DEV_BACKGROUND: '0' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `kabar-${prefix}-`));
}

/** Builds a fixture into a fresh temp dir; throws with the build's output on failure. */
export async function buildFixture(name: string, extra: string[] = []): Promise<string> {
  const out = path.join(await tempDir(name), 'dist');
  const run = await runBuild(['--root', fixture(name), '--out', out, ...extra]);
  if (run.code !== 0) throw new Error(`build of ${name} failed:\n${run.stderr}`);
  return out;
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

export async function loadPage(file: string): Promise<Document> {
  return parseHTML(await readFile(file, 'utf8')).document as unknown as Document;
}

/** Digest of every file in a directory, for reproducibility checks. */
export async function digestTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) out[file] = createHash('sha256').update(await readFile(path.join(dir, file))).digest('hex');
  return out;
}

export const text = (el: Element | null | undefined): string => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
