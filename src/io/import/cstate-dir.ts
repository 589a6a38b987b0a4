import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CstateSite } from '../../core/import/cstate.ts';
import { parseConfigText } from '../../core/import/front-matter.ts';
import { ImportSourceError } from './http-json.ts';

/** Hugo's config file names, in the order Hugo looks for them. */
const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/**
 * Reads a cState site: its Hugo config (a file at the root, or `config/_default/`
 * with an optional `params.*` beside it) and every Markdown file of
 * `content/issues/` (page bundles' index.md included, section `_index.md` not).
 */
export async function readCstateSite(dir: string): Promise<CstateSite> {
  const root = path.resolve(dir);
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new ImportSourceError(`${dir} is not a directory (expected the cState site's directory, with its config and content/issues/)`);
  const { config, configFile } = await readConfig(root, dir);
  const issuesDir = path.join(root, 'content', 'issues');
  let entries;
  try {
    entries = await readdir(issuesDir, { recursive: true, withFileTypes: true });
  } catch {
    throw new ImportSourceError(`${path.join(dir, 'content', 'issues')} does not exist (expected cState's incidents there: is ${dir} a cState site?)`);
  }
  const issues = await Promise.all(
    entries
      .filter((e) => e.isFile() && e.name.endsWith('.md') && e.name !== '_index.md')
      .map(async (e) => {
        const absolute = path.join(e.parentPath, e.name);
        return { path: path.relative(root, absolute).split(path.sep).join('/'), text: await readFile(absolute, 'utf8') };
      }),
  );
  return { origin: dir, config, configFile, issues };
}

async function readConfig(root: string, shown: string): Promise<{ config: Record<string, unknown>; configFile: string }> {
  for (const [folder, names] of [['', CONFIG_NAMES], [path.join('config', '_default'), CONFIG_NAMES]] as const) {
    for (const name of names) {
      const file = path.join(root, folder, name);
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const shownFile = path.join(folder, name).split(path.sep).join('/');
      const config = parse(shownFile, text);
      if (folder) {
        // Hugo's split configuration: params live in their own file beside config.*.
        for (const ext of ['toml', 'yaml', 'yml', 'json']) {
          const paramsText = await readFile(path.join(root, folder, `params.${ext}`), 'utf8').catch(() => undefined);
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
