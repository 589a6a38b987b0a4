import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMarkdownFile, type MarkdownFile } from '../../src/core/content/frontmatter.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const NODE = path.join(ROOT, 'node_modules/.bin/node');
export const KABAR = path.join(ROOT, 'bin/kabar.js');

/** 2026-11-20T03:05:00Z = 10:05 in Jakarta, the fixtures' time zone. */
export const NOW = Date.UTC(2026, 10, 20, 3, 5) / 1000;

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).trim();
}

/** A temporary git repository holding a copy of `test/fixtures/<fixture>/`, committed on `main`, with a bare `origin`. */
export function makeRepo(fixture = 'cli-basic', withRemote = true): { dir: string; remote?: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'kabar-cli-'));
  const dir = path.join(base, 'status');
  cpSync(path.join(ROOT, 'test/fixtures', fixture), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'oncall@example.com');
  git(dir, 'config', 'user.name', 'On-call');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Initial status repository');
  if (!withRemote) return { dir };
  const remote = path.join(base, 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  return { dir, remote };
}

/** Runs the CLI as a subprocess, without a terminal (stdin is a pipe), with a fixed clock. */
export function runKabar(cwd: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const clean = { ...process.env };
    for (const key of ['GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_API_URL', 'GITHUB_REPOSITORY', 'KABAR_GITHUB_REPOSITORY']) delete clean[key];
    const child = spawn(NODE, [KABAR, ...args], { cwd, env: { ...clean, SOURCE_DATE_EPOCH: String(NOW), NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Every file under `incidents/`, relative to the repository. */
export function contentFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'incidents'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name !== '.gitkeep')
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export function readDoc(dir: string, file: string): MarkdownFile {
  const parsed = parseMarkdownFile(file, readFileSync(path.join(dir, file), 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.doc;
}
