/**
 * The compiled renderer (src/build/renderer-compile.ts): where it is, and which sources it was
 * compiled from. An installed package carries the one compiled before it was packed; a checkout
 * compiles its own whenever its sources change, and keeps each in a directory named after them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PACKAGE_DIR, RUNNING_FROM_SOURCE } from './package-info.ts';
import { sourceIdentity } from './source-identity.ts';

export const RENDERERS_DIR = path.join(PACKAGE_DIR, 'lib', 'renderer');
/** Names the renderer an installed package uses: written when it is compiled for packing. */
const CURRENT = 'current.json';

export interface Renderer {
  /** Everything the pages are compiled from, hashed: part of what makes a previous page reusable. */
  identity: string;
  /** Its entry module. */
  entry: string;
}

const entryOf = (identity: string) => path.join(RENDERERS_DIR, identity, 'entry.mjs');

let located: Promise<Renderer> | undefined;

/** The renderer to build with; a checkout whose sources changed compiles it first. */
export function locateRenderer(log: (line: string) => void = () => undefined): Promise<Renderer> {
  located ??= (async () => {
    if (!RUNNING_FROM_SOURCE) {
      const current = await readFile(path.join(RENDERERS_DIR, CURRENT), 'utf8').then((text) => (JSON.parse(text) as { identity: string }).identity, () => undefined);
      if (!current || !existsSync(entryOf(current))) throw new Error(`this installation of Kabar has no compiled pages (${path.relative(PACKAGE_DIR, RENDERERS_DIR)}/${CURRENT} names none that exists); reinstall the package`);
      return { identity: current, entry: entryOf(current) };
    }
    const identity = await currentIdentity();
    if (!existsSync(entryOf(identity))) {
      log('kabar: compiling the pages, whose sources changed since they were last compiled (once per change)');
      await compileInto(identity);
    }
    return { identity, entry: entryOf(identity) };
  })();
  // A failed compile is not remembered: the next call tries again.
  located.catch(() => (located = undefined));
  return located;
}

/**
 * Compiles the renderer of the current sources unless it exists, names it the current one, and
 * removes those of older sources (`npm run prepare`, before the package is packed).
 */
export async function prepareRenderer(): Promise<string> {
  const identity = await currentIdentity();
  if (!existsSync(entryOf(identity))) await compileInto(identity);
  await writeFile(path.join(RENDERERS_DIR, CURRENT), `${JSON.stringify({ identity })}\n`);
  for (const entry of await readdir(RENDERERS_DIR, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== identity) await rm(path.join(RENDERERS_DIR, entry.name), { recursive: true, force: true });
  }
  return identity;
}

/**
 * Compiles into a directory of this process's own, then renames it into place: builds that start
 * at once (a test suite, say) may each compile, and the first to finish wins.
 */
async function compileInto(identity: string): Promise<void> {
  await mkdir(RENDERERS_DIR, { recursive: true });
  const mine = path.join(RENDERERS_DIR, `.${identity}-${process.pid}`);
  await rm(mine, { recursive: true, force: true });
  const { compileRenderer } = await import('../build/renderer-compile.ts');
  await compileRenderer(mine);
  await rename(mine, path.join(RENDERERS_DIR, identity)).catch(async (error: NodeJS.ErrnoException) => {
    await rm(mine, { recursive: true, force: true });
    if (!existsSync(entryOf(identity))) throw error;
  });
}

/** The renderer of the current sources: their hash (see sourceIdentity) and the version of the Astro that compiles them. */
async function currentIdentity(): Promise<string> {
  const astro = JSON.parse(await readFile(createRequire(path.join(PACKAGE_DIR, 'package.json')).resolve('astro/package.json'), 'utf8')) as { version: string };
  return createHash('sha256').update(`${await sourceIdentity()}\0astro ${astro.version}`).digest('base64url').slice(0, 24);
}
