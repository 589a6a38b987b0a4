import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The package's own source routes: shipped as source and compiled by Vite during the site build, as Starlight's are. */
export const ROUTES_DIR = fileURLToPath(new URL('../../src/routes/', import.meta.url));

export interface InjectedRoute {
  pattern: string;
  entrypoint: string;
}

/**
 * Astro's file-based routing rules applied to `src/routes/`: `index` names its directory,
 * endpoints keep their inner extension (`history.rss.ts` → `/history.rss`), and files
 * starting with `_` are helpers, not routes.
 */
export function routesIn(dir: string): InjectedRoute[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(astro|ts)$/.test(e.name) && !e.name.startsWith('_') && !e.name.endsWith('.d.ts'))
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const segments = path.relative(dir, file).split(path.sep);
      segments[segments.length - 1] = segments.at(-1)!.replace(/\.(astro|ts)$/, '');
      if (segments.at(-1) === 'index') segments.pop();
      return { pattern: `/${segments.join('/')}`, entrypoint: file };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * The Astro integration that makes a status site: every page and file comes from this
 * package, so a status repository holds only its own config and content.
 */
export function kabarIntegration(): AstroIntegration {
  return {
    name: 'kabar',
    hooks: {
      'astro:config:setup': ({ injectRoute }) => {
        for (const route of routesIn(ROUTES_DIR)) injectRoute({ ...route, prerender: true });
      },
    },
  };
}
