import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CstateSite } from '../../core/import/cstate.ts';
import { parseConfigText } from '../../core/import/front-matter.ts';
import { readRegularFile } from '../bounded-file.ts';
import { isInside } from '../repo-paths.ts';
import { ImportSourceError } from './http-json.ts';

/**
 * The largest file of a cState site an import reads, and the most it reads in all: a cState
 * issue is a few KB, and a file of hundreds of MB (or a FIFO) must not hold the import for minutes.
 */
export const MAX_CSTATE_FILE_BYTES = 1024 * 1024;
export const MAX_CSTATE_TOTAL_BYTES = 256 * 1024 * 1024;

/** Hugo's config file names, in the order Hugo looks for them. */
const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/**
 * Reads a cState site: its Hugo config (a file at the root, or `config/_default/`
 * with an optional `params.*` beside it) and every Markdown file of
 * `content/issues/` (page bundles' index.md included, section `_index.md` not).
 * Symlinks are judged by where they lead: inside the site they are followed; a config
 * or `content/issues/` leading outside is refused, an issue file or directory leading
 * outside (or nowhere) is skipped unread and listed in `skipped`, as is anything that is not a
 * regular file (a FIFO, a device). Every file is read up to MAX_CSTATE_FILE_BYTES; a larger one,
 * or a site over MAX_CSTATE_TOTAL_BYTES, is an error.
 */
export async function readCstateSite(dir: string): Promise<CstateSite> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ImportSourceError(`${dir} is not a directory (expected the cState site's directory, with its config and content/issues/)`);
  const site = await realpath(root);
  const { config, configFile } = await readConfig(root, site, dir);
  const issuesDir = path.join(root, 'content', 'issues');
  const issuesReal = await leadsTo(site, issuesDir);
  if (issuesReal === OUTSIDE) throw outsideError('content/issues');
  let entries;
  try {
    if (issuesReal === NOWHERE) throw new Error('missing');
    entries = await listIssues(site, issuesReal);
  } catch {
    throw new ImportSourceError(`${path.join(dir, 'content', 'issues')} does not exist (expected cState's incidents there: is ${dir} a cState site?)`);
  }
  const relative = (absolute: string) => path.relative(issuesReal, absolute).split(path.sep).join('/');
  const issues: CstateSite['issues'] = [];
  const skippedFiles: IssueEntries['skipped'] = [];
  let total = 0;
  // One at a time: a site of thousands of issues must not open thousands of files at once.
  for (const e of entries.files.filter((f) => f.name.endsWith('.md') && f.name !== '_index.md')) {
    const shown = `content/issues/${relative(e.shown)}`;
    const read = await readRegularFile(e.real, MAX_CSTATE_FILE_BYTES);
    if (!read.ok && read.reason === 'not-a-file') skippedFiles.push({ shown: e.shown, reason: NOT_A_FILE });
    else if (!read.ok) throw tooLargeError(shown, read.bytes);
    else {
      total += Buffer.byteLength(read.text);
      if (total > MAX_CSTATE_TOTAL_BYTES) throw new ImportSourceError(`${dir} holds more than ${MAX_CSTATE_TOTAL_BYTES / 1024 / 1024} MiB of issues, more than an import reads (expected a cState site; check the directory)`);
      issues.push({ path: shown, text: read.text });
    }
  }
  const skipped = [...entries.skipped, ...skippedFiles].map((e) => ({ path: `content/issues/${relative(e.shown)}`, reason: e.reason }));
  return { origin: dir, config, configFile, issues, skipped };
}

const OUTSIDE = Symbol('outside');
const NOWHERE = Symbol('nowhere');

/** Where `file` really is when that is inside the site (real path `site`); else OUTSIDE, or NOWHERE when it does not exist. */
async function leadsTo(site: string, file: string): Promise<string | typeof OUTSIDE | typeof NOWHERE> {
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined) return NOWHERE;
  return isInside(site, real) ? real : OUTSIDE;
}

const NOT_A_FILE = 'not a regular file (a FIFO, socket or device), so it was not read';

const tooLargeError = (shown: string, bytes: number) =>
  new ImportSourceError(`${shown} of the cState site is ${bytes > MAX_CSTATE_FILE_BYTES * 4 ? 'over ' + Math.floor(bytes / 1024 / 1024) + ' MiB' : Math.ceil(bytes / 1024) + ' KB'} (expected at most ${MAX_CSTATE_FILE_BYTES / 1024 / 1024} MiB per file: is it a cState file?)`);

const outsideError = (shown: string) =>
  new ImportSourceError(`${shown} of the cState site is a symlink that leads outside it (expected a file or directory inside the site; nothing outside it is read)`);

interface IssueEntries {
  /** `shown`: the path as listed under content/issues/; `real`: where it is read. */
  files: { name: string; shown: string; real: string }[];
  skipped: { shown: string; reason: string }[];
}

/**
 * The files under `content/issues/` (real path `dir`), following symlinks that stay inside the
 * site, each real directory once (a symlink loop ends). Not a recursive readdir: that descends
 * into symlinked directories wherever they lead.
 */
async function listIssues(site: string, dir: string): Promise<IssueEntries> {
  const out: IssueEntries = { files: [], skipped: [] };
  const seen = new Set<string>([dir]);
  const pending = [{ shown: dir, real: dir }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const e of await readdir(next.real, { withFileTypes: true })) {
      const shown = path.join(next.shown, e.name);
      let real = path.join(next.real, e.name);
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        const target = await leadsTo(site, real);
        if (typeof target !== 'string') {
          out.skipped.push({ shown, reason: `a symlink that leads ${target === OUTSIDE ? 'outside the cState site' : 'nowhere'}, so it was not read` });
          continue;
        }
        real = target;
        const info = await stat(real);
        if (!info.isDirectory() && !info.isFile()) {
          out.skipped.push({ shown, reason: NOT_A_FILE });
          continue;
        }
        isDir = info.isDirectory();
      } else if (!isDir && !e.isFile()) {
        out.skipped.push({ shown, reason: NOT_A_FILE });
        continue;
      }
      if (!isDir) out.files.push({ name: e.name, shown, real });
      else if (!seen.has(real)) {
        seen.add(real);
        pending.push({ shown, real });
      }
    }
  }
  return out;
}

async function readConfig(root: string, site: string, shown: string): Promise<{ config: Record<string, unknown>; configFile: string }> {
  /** The real path of a config file of the site, undefined when there is none; refused when it leads outside. */
  const inside = async (relative: string): Promise<string | undefined> => {
    const real = await leadsTo(site, path.join(root, relative));
    if (real === OUTSIDE) throw outsideError(relative.split(path.sep).join('/'));
    return real === NOWHERE ? undefined : real;
  };
  for (const [folder, names] of [['', CONFIG_NAMES], [path.join('config', '_default'), CONFIG_NAMES]] as const) {
    for (const name of names) {
      const file = await inside(path.join(folder, name));
      const shownFile = path.join(folder, name).split(path.sep).join('/');
      const text = await readConfigFile(file, shownFile);
      if (text === undefined) continue;
      const config = parse(shownFile, text);
      if (folder) {
        // Hugo's split configuration: params live in their own file beside config.*.
        for (const ext of ['toml', 'yaml', 'yml', 'json']) {
          const paramsFile = await inside(path.join(folder, `params.${ext}`));
          const paramsText = await readConfigFile(paramsFile, `${folder.split(path.sep).join('/')}/params.${ext}`);
          if (paramsText !== undefined) config.params = { ...(config.params as object), ...parse(`${folder}/params.${ext}`, paramsText) };
        }
      }
      return { config, configFile: shownFile };
    }
  }
  throw new ImportSourceError(`${shown} has no Hugo config (${CONFIG_NAMES.join(', ')}): is it a cState site?`);
}

/** A config file's text; undefined when there is none (or it is a directory); a FIFO, device or over-large file is an error. */
async function readConfigFile(file: string | undefined, shown: string): Promise<string | undefined> {
  if (file === undefined || (await stat(file)).isDirectory()) return undefined;
  const read = await readRegularFile(file, MAX_CSTATE_FILE_BYTES).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EISDIR' || error.code === 'ENOENT') return undefined;
    throw new ImportSourceError(`${shown} of the cState site cannot be read (${error.code ?? error.message})`);
  });
  if (read === undefined || read.ok) return read?.text;
  if (read.reason === 'too-large') throw tooLargeError(shown, read.bytes);
  throw new ImportSourceError(`${shown} of the cState site is ${NOT_A_FILE.replace(', so it was not read', '')} (expected a file)`);
}

function parse(file: string, text: string): Record<string, unknown> {
  try {
    return parseConfigText(file, text);
  } catch (error) {
    throw new ImportSourceError(`${file} of the cState site does not parse (${(error as Error).message.split('\n')[0]})`);
  }
}
