import { createHash } from 'node:crypto';
import { access, readFile, stat } from 'node:fs/promises';
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { normalizeSiteConfig, type ConfigResult } from '../core/config/normalize.ts';
import type { Problem } from '../core/problems.ts';
import { CONFIG_FILES } from './repo-layout.ts';
import { locateRepoFile } from './repo-paths.ts';

/** The logo loads with every page. */
const MAX_LOGO_BYTES = 200 * 1024;

// In a module of its own: finding the repository must not load the config's validation.
export { CONFIG_FILES };

/** The config file's result, with the file it came from. */
export type LoadedConfig = ConfigResult & { file: string };

/**
 * Finds, imports and validates the site config at the repository root. `only` loads
 * that file of the root instead (the import checks an edited copy of the config with it).
 */
export async function loadSiteConfig(root: string, only?: string): Promise<LoadedConfig> {
  let file: string | undefined;
  for (const name of only === undefined ? CONFIG_FILES : [only]) {
    try {
      await access(path.join(root, name));
      file = name;
      break;
    } catch {
      // try the next name
    }
  }
  if (!file) {
    return {
      file: CONFIG_FILES[0],
      config: undefined,
      problems: [{ file: CONFIG_FILES[0], line: 1, field: 'file', message: `missing (expected a site config at the repository root: ${CONFIG_FILES.join(', ')})`, severity: 'error' }],
    };
  }
  const absolute = path.join(root, file);
  const source = await readFile(absolute, 'utf8');
  let value: unknown;
  try {
    // The query busts Node's module cache when the file changed within one process (tests, `kabar dev`):
    // by its text, not its mtime, which two saves within the file system's clock tick can share.
    const url = `${pathToFileURL(absolute).href}?v=${createHash('sha256').update(source).digest('base64url')}`;
    value = (await importConfig(url, file, source)).default;
  } catch (error) {
    return { file, config: undefined, problems: [configLoadProblem(error, file, absolute, source)] };
  }
  if (value === undefined) {
    return {
      file,
      config: undefined,
      problems: [{ file, line: 1, field: 'default', message: 'no default export (expected export default defineConfig({ ... }))', severity: 'error' }],
    };
  }
  const result = normalizeSiteConfig(value, file, source);
  if (result.config?.logo !== undefined) {
    const logo = result.config.logo;
    const found = locateRepoFile(root, logo);
    const size = found.ok ? (await stat(found.real)).size : 0;
    if (!found.ok || size > MAX_LOGO_BYTES) {
      const line = source.split('\n').findIndex((l) => /^\s*logo\s*:/.test(l)) + 1 || 1;
      const message = found.ok ? `is ${Math.ceil(size / 1024)} KB (expected at most ${MAX_LOGO_BYTES / 1024} KB: it loads with every page, often on a slow connection)` : found.message;
      return { file, config: undefined, problems: [...result.problems, { file, line, field: 'logo', message: `"${logo}" ${message}`, severity: 'error' }] };
    }
  }
  return { file, ...result };
}

/**
 * A config in TypeScript that has no TypeScript syntax, as most have (`export default
 * defineConfig({ ... })`), is imported as the JavaScript it is: stripping types first loads
 * Node's TypeScript support, a tenth of a second of every command's start. A text with "<" is
 * left to Node (`f<T>(x)` is valid JavaScript that means something else), and so is one that
 * JavaScript cannot parse.
 */
async function importConfig(url: string, file: string, source: string): Promise<{ default?: unknown }> {
  if (file.endsWith('.ts') && !source.includes('<') && registerPlainConfigHook()) {
    try {
      return (await import(`${url}&${AS_JAVASCRIPT}`)) as { default?: unknown };
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return (await import(url)) as { default?: unknown };
}

const AS_JAVASCRIPT = 'kabar-as-javascript';
let hookRegistered = false;

function registerPlainConfigHook(): boolean {
  if (!hookRegistered && typeof module.registerHooks === 'function') {
    module.registerHooks({ load: (url, context, nextLoad) => nextLoad(url, url.endsWith(`&${AS_JAVASCRIPT}`) ? { ...context, format: 'module' } : context) });
    hookRegistered = true;
  }
  return hookRegistered;
}

/**
 * Why the config could not be imported, at the config's own line: a stack frame in the file
 * itself, or the import of a package that is not installed (the usual cause: `npm install`
 * not run yet). Never a line of some other module the stack passes through.
 */
function configLoadProblem(error: unknown, file: string, absolute: string, source: string): Problem {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const missing = (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? /Cannot find package '([^']+)'/.exec(message)?.[1] : undefined;
  if (missing) {
    const line = source.split('\n').findIndex((l) => new RegExp(`from\\s*['"]${escapeRegExp(missing)}[/'"]`).test(l)) + 1 || 1;
    return { file, line, field: 'file', message: `imports from the package "${missing}", which is not installed here (run npm install first, then commit package-lock.json)`, severity: 'error' };
  }
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const here = [absolute, pathToFileURL(absolute).href].map((name) => new RegExp(`${escapeRegExp(name)}(?:\\?[^:]*)?:(\\d+)`).exec(stack)?.[1]).find(Boolean);
  return { file, line: here ? Number(here) : 1, field: 'file', message: `could not be loaded: ${message} (expected a module whose default export is the config, e.g. export default defineConfig({ ... }))`, severity: 'error' };
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
