/**
 * Writes the example status repository, with every date relative to `now`.
 *
 *   node scripts/example/write-example.ts [--out <dir>] [--now <timestamp>]
 *
 * Without `--out` it regenerates this repository's own `incidents/`; with it,
 * a complete status repository (config + `incidents/`) in `<dir>`. Either way
 * it refuses to delete or overwrite anything it did not write itself.
 */
import { mkdir, readdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { validateContent } from '../../src/core/content/validate-repo.ts';
import { formatProblem } from '../../src/core/problems.ts';
import { formatTimestamp } from '../../src/core/scaffold/ids.ts';
import { parseTimestamp, resolveNow, TIMESTAMP_EXPECTED } from '../../src/core/time.ts';
import { loadSiteConfig } from '../../src/io/load-config.ts';
import { foreignFiles } from './guard.ts';
import { EXAMPLE_TIME_ZONE, renderExample } from './render-example.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = 'kabar.config.ts';
/** The example config's logo, which travels with it. */
const LOGO = 'logo.svg';

export class ExampleError extends Error {}

export interface WriteExampleOptions {
  /** Target repository; the project itself when omitted. */
  out?: string;
  now: number;
}

export interface WriteExampleResult {
  root: string;
  files: string[];
  incidents: number;
}

export async function writeExample(options: WriteExampleOptions): Promise<WriteExampleResult> {
  const root = path.resolve(options.out ?? PROJECT);
  const ownRoot = path.relative(PROJECT, root) === '';
  const files = renderExample(options.now);
  await assertValid(files, options.now);
  if (!ownRoot) {
    files.set(CONFIG, await configFor(root));
    files.set(LOGO, await readFile(path.join(PROJECT, LOGO), 'utf8'));
  }

  const existing = await readManaged(root, ownRoot);
  const foreign = foreignFiles(existing, files);
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 8).map((f) => `  ${f}`).join('\n');
    const more = foreign.length > 8 ? `\n  ... and ${foreign.length - 8} more` : '';
    throw new ExampleError(
      `${root} holds files the example generator did not write:\n${shown}${more}\n` +
        'Nothing was changed, so your content is safe. To see the example, write it elsewhere: npm run example -- --out <empty dir>',
    );
  }
  // Everything existing is the generator's own earlier output: replace it.
  for (const file of existing.keys()) if (!files.has(file)) await rm(path.join(root, file), { force: true });
  for (const [file, text] of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  await removeEmptyDirs(path.join(root, 'incidents'));
  const incidents = new Set([...files.keys()].filter((f) => f.endsWith('/index.md')));
  return { root, files: [...files.keys()].sort(), incidents: incidents.size };
}

/** A generator bug must never reach a newcomer: the output is checked as strictly as `kabar check --strict` would. */
async function assertValid(files: Map<string, string>, now: number): Promise<void> {
  const { config, problems } = await loadSiteConfig(PROJECT);
  if (!config) throw new ExampleError(`the example needs a valid ${CONFIG}:\n${problems.map(formatProblem).join('\n')}`);
  const content = validateContent([...files].map(([p, text]) => ({ path: p, text })), config, now);
  if (content.problems.length > 0) {
    throw new ExampleError(`the example generated for ${formatTimestamp(now, EXAMPLE_TIME_ZONE)} is not valid (a bug in scripts/example/):\n${content.problems.map(formatProblem).join('\n')}`);
  }
}

/**
 * The project's config, with its imports pointed back at the project so it loads from `root`:
 * relative ones, and `kabar/config`, which resolves by name only inside this package or where
 * `kabar` is installed.
 */
async function configFor(root: string): Promise<string> {
  const source = await readFile(path.join(PROJECT, CONFIG), 'utf8');
  return source.replace(/(from\s+)(['"])(\.{1,2}\/[^'"]+|kabar\/config)\2/g, (_match, from: string, quote: string, spec: string) => {
    const relative = path.relative(root, path.resolve(PROJECT, spec === 'kabar/config' ? 'src/config.ts' : spec));
    // Another drive (Windows) has no relative path: fall back to a file URL.
    const target = path.isAbsolute(relative) ? pathToFileURL(path.resolve(PROJECT, spec)).href : relative.startsWith('.') ? relative.split(path.sep).join('/') : `./${relative.split(path.sep).join('/')}`;
    return `${from}${quote}${target}${quote}`;
  });
}

/** Existing files the generator would replace: `incidents/**`, and in another root also its config and logo. */
async function readManaged(root: string, ownRoot: boolean): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await listFiles(root, 'incidents')) out.set(file, await readFile(path.join(root, file), 'utf8'));
  if (!ownRoot) {
    for (const file of [CONFIG, LOGO]) {
      const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
      if (text !== undefined) out.set(file, text);
    }
  }
  return out;
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out;
}

async function removeEmptyDirs(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const sub = path.join(dir, entry.name);
    await removeEmptyDirs(sub);
    if ((await readdir(sub)).length === 0) await rmdir(sub);
  }
}

const USAGE = `Usage: node scripts/example/write-example.ts [--out <dir>] [--now <timestamp>]

  --out <dir>        write a complete example repository (config + incidents/) to <dir>;
                     without it, regenerate this repository's incidents/
  --now <timestamp>  the moment the example is written for, e.g. 2026-11-23T09:00:00+07:00
                     (default: SOURCE_DATE_EPOCH, else the clock)`;

async function main(): Promise<void> {
  let values: { out?: string; now?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    process.stderr.write(`kabar example: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  let now = resolveNow(process.env);
  if (values.now !== undefined) {
    const parsed = parseTimestamp(values.now);
    if (!parsed.ok) {
      process.stderr.write(`kabar example: --now: ${parsed.reason} (expected ${TIMESTAMP_EXPECTED})\n`);
      process.exitCode = 2;
      return;
    }
    now = parsed.ms;
  }
  const result = await writeExample({ ...(values.out !== undefined && { out: values.out }), now });
  process.stdout.write(
    `kabar example: wrote ${result.incidents} incidents and maintenance (${result.files.length} files) for ${formatTimestamp(now, EXAMPLE_TIME_ZONE)} to ${path.relative(process.cwd(), result.root) || 'this repository'}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`kabar example: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
