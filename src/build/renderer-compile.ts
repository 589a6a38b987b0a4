/**
 * Compiles every route and component of the status site, once, into the renderer that
 * `kabar build` runs (src/build/render-child.ts). It is the only part of Kabar that starts
 * Astro and Vite: `npm run prepare` runs it before the package is packed, and a checkout whose
 * sources changed runs it on its next build. The output is an Astro server build with Kabar's
 * own minimal adapter: the route manifest and its chunks, with Astro's runtime bundled in, so
 * an installed Kabar renders pages without Astro, Vite or their dependencies.
 */
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { build, type AstroIntegration } from 'astro';
import { transform } from 'esbuild';
import type { Plugin } from 'vite';
import { ownedName, removeStale } from '../io/build-lock.ts';
import { PACKAGE_DIR } from '../io/package-info.ts';
import { contentSecurityPolicy, SITE_ASTRO_SETTINGS } from './astro-config.ts';
import { routesIn, ROUTES_DIR } from './integration.ts';

/** The embed widget's source (src/embed/kabar-status.js), minified once here instead of in every build. */
function minifiedWidget(): Plugin {
  return {
    name: 'kabar-minified-widget',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith('/embed/kabar-status.js?raw')) return undefined;
      const source = await readFile(id.slice(0, -'?raw'.length), 'utf8');
      // A function expression: minified as the value of an assignment (an expression alone would be
      // dropped as unused), then put back in parentheses to be called with a locale's settings.
      const { code } = await transform(`globalThis.kabarWidget = ${source.trim().replace(/;\s*$/, '')};`, { minify: true, target: 'es2022', charset: 'utf8', legalComments: 'none' });
      const minified = /^globalThis\.kabarWidget=([\s\S]*?);?\s*$/.exec(code)?.[1];
      if (!minified) throw new Error(`the embed widget did not minify as expected: ${code.slice(0, 80)}`);
      return `export default ${JSON.stringify(`(${minified})`)};`;
    },
  };
}

/** Compiles the renderer into `target` (a directory that must not exist yet). */
export async function compileRenderer(target: string): Promise<void> {
  const workDirs = path.join(PACKAGE_DIR, '.astro');
  await mkdir(workDirs, { recursive: true });
  // A compile that was killed left its work directory: its process is gone.
  await removeStale(workDirs, 'renderer-');
  const work = await mkdtemp(path.join(workDirs, ownedName('renderer-')));
  try {
    await build(
      {
        ...SITE_ASTRO_SETTINGS,
        configFile: false,
        output: 'server',
        root: work,
        outDir: path.join(work, 'out'),
        cacheDir: path.join(work, 'cache'),
        publicDir: path.join(work, 'no-public-files'),
        // Placeholders: the render child sets the form targets of each build (src/build/render-child.ts).
        site: 'https://kabar.invalid',
        security: contentSecurityPolicy([]),
        // Every route keeps its getStaticPaths, which Astro warns it will ignore on demand: the render child calls it.
        logLevel: 'error',
        // No images are processed: the default service would pull in sharp.
        image: { service: { entrypoint: 'astro/assets/services/noop' } },
        // Astro's runtime and every dependency the pages use go into the renderer: one bundle
        // loads faster than hundreds of modules resolved one by one.
        vite: { ...SITE_ASTRO_SETTINGS.vite, ssr: { noExternal: true }, plugins: [minifiedWidget()], build: { rolldownOptions: { output: { manualChunks: () => 'pages' } } } },
        adapter: rendererAdapter(),
      },
      // No sync: Kabar has no content collections. (An option of Astro's builder its public type does not list yet.)
      { sync: false } as Parameters<typeof build>[1],
    );
    await mkdir(path.dirname(target), { recursive: true });
    await rename(path.join(work, 'out', 'server'), target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Kabar's adapter: every route is compiled to be rendered on demand, so that its module (and its
 * `getStaticPaths`) lands in the server build; the render child then renders each of its paths.
 */
function rendererAdapter(): AstroIntegration {
  return {
    name: 'kabar-renderer',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const route of routesIn(ROUTES_DIR)) injectRoute({ ...route, prerender: false });
      },
      'astro:config:done': ({ setAdapter }) => {
        setAdapter({
          name: 'kabar-renderer',
          entrypointResolution: 'auto',
          serverEntrypoint: new URL('./renderer-entry.ts', import.meta.url),
          supportedAstroFeatures: { serverOutput: 'stable', staticOutput: 'stable', hybridOutput: 'stable', sharpImageService: 'unsupported' },
        });
      },
    },
  };
}
