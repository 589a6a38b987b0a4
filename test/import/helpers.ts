import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, runKabar, type RunResult } from '../cli/cli-harness.ts';
import { runBuild } from '../site/helpers.ts';

export { runKabar, type RunResult };

/**
 * A status repository as `kabar init` makes it (run for real), with its config's
 * `kabar/config` import pointed at this checkout, as an installed package resolves it.
 * Components: `api` ("Public API", group `platform` "Platform") and `web` ("Website").
 */
export async function initRepo(): Promise<string> {
  const base = await mkdtemp(path.join(tmpdir(), 'kabar-import-'));
  const result = await runKabar(base, ['init', 'status', '--yes', '--name', 'Acme', '--time-zone', 'Asia/Jakarta', '--locale', 'en=status.acme.com', '--locale', 'id=status.acme.co.id', '--group', 'platform=Platform', '--component', 'api=Public API@platform', '--component', 'web=Website']);
  if (result.code !== 0) throw new Error(`kabar init failed: ${result.stderr}`);
  const dir = path.join(base, 'status');
  const config = path.join(dir, 'kabar.config.ts');
  await writeFile(config, (await readFile(config, 'utf8')).replace("from 'kabar/config'", `from '${path.join(ROOT, 'src/config.ts')}'`));
  return dir;
}

/** Every file of the repository and its text: to show that a failed import changed nothing. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out[path.relative(dir, file).split(path.sep).join('/')] = await readFile(file, 'utf8');
  }
  return out;
}

/** Incident directories under incidents/, without kabar init's example. */
export async function incidentIds(dir: string): Promise<string[]> {
  return (await readdir(path.join(dir, 'incidents'))).filter((d) => !d.includes('example')).sort();
}

export async function checkJson(dir: string): Promise<{ ok: boolean; errors: number; warnings: number; problems: { file: string; message: string; severity: string }[] }> {
  const result = await runKabar(dir, ['check', '--format', 'json']);
  return JSON.parse(result.stdout);
}

/** `kabar build` of the repository into a single-domain site; returns its directory. */
export async function buildRepo(dir: string, now: number): Promise<string> {
  const out = path.join(dir, '..', 'dist');
  const run = await runBuild(['--root', dir, '--out', out, '--single-domain'], now);
  if (run.code !== 0) throw new Error(`build failed:\n${run.stderr}`);
  return path.join(out, 'site');
}

export const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;
