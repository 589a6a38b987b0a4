import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CstateSite } from '../../core/import/cstate.ts';
import { parseConfigText } from '../../core/import/front-matter.ts';
import { isInside } from '../repo-paths.ts';
import { ImportSourceError } from './http-json.ts';

/** Hugo's config file names, in the order Hugo looks for them. */
const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/**
 * Reads a cState site: its Hugo config (a file at the root, or `config/_default/`
 * with an optional `params.*` beside it) and every Markdown file of
 * `content/issues/` (page bundles' index.md included, section `_index.md` not).
 * Symlinks are judged by where they lead: inside the site they are followed; a config
 * or `content/issues/` leading outside is refused, an issue file or directory leading
 * outside (or nowhere) is skipped unread and listed in `skipped`.
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
  const issues = await Promise.all(
    entries.files
      .filter((e) => e.name.endsWith('.md') && e.name !== '_index.md')
      .map(async (e) => ({ path: `content/issues/${relative(e.shown)}`, text: await readFile(e.real, 'utf8') })),
  );
  const skipped = entries.skipped.map((e) => ({ path: `content/issues/${relative(e.shown)}`, reason: e.reason }));
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
        if (!info.isDirectory() && !info.isFile()) continue;
        isDir = info.isDirectory();
      } else if (!isDir && !e.isFile()) continue;
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
      const text = file === undefined ? undefined : await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const shownFile = path.join(folder, name).split(path.sep).join('/');
      const config = parse(shownFile, text);
      if (folder) {
        // Hugo's split configuration: params live in their own file beside config.*.
        for (const ext of ['toml', 'yaml', 'yml', 'json']) {
          const paramsFile = await inside(path.join(folder, `params.${ext}`));
          const paramsText = paramsFile === undefined ? undefined : await readFile(paramsFile, 'utf8').catch(() => undefined);
          if (paramsText !== undefined) config.params = { ...(config.params as object), ...parse(`${folder}/params.${ext}`, paramsText) };
        }
      }
      return { config, configFile: shownFile };
    }
  }
  throw new ImportSourceError(`${shown} has no Hugo config (${CONFIG_NAMES.join(', ')}): is it a cState site?`);
}

function parse(file: string, text: string): Record<string, unknown> {
  try {
    return parseConfigText(file, text);
  } catch (error) {
    throw new ImportSourceError(`${file} of the cState site does not parse (${(error as Error).message.split('\n')[0]})`);
  }
}
