import path from 'node:path';
import type { AstroInlineConfig } from 'astro';
import { PAGE_SCRIPT_HASH } from '../site/page-script.ts';
import { kabarIntegration } from './integration.ts';

/** The settings every status site is built with; `astro.config.mjs` uses the same for editors and `astro check`. */
export const SITE_ASTRO_SETTINGS = {
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // One request renders the page: the CSS is small enough to inline (home ≤ 14 KB gzipped).
    inlineStylesheets: 'always',
    // Render the next pages while earlier ones are being written: one at a time, a build of
    // 10 000 incidents spent a fifth of its time waiting on file writes. Output is unchanged.
    concurrency: 8,
  },
  // Keep authored whitespace: "Resolved" and "2 h ago" on separate lines must not glue together.
  compressHTML: false,
  devToolbar: { enabled: false },
  vite: { logLevel: 'warn' },
  // Content is rendered by Kabar's own Markdown pipeline (src/core/markdown.ts), never Astro's: no Shiki, whose inline styles a CSP would block.
  markdown: { syntaxHighlight: false },
} satisfies AstroInlineConfig;

/**
 * A Content-Security-Policy <meta> on every page: Astro hashes the inlined styles, our one inline
 * script is allowed by its own hash, and nothing else may run or load, so a future escaping mistake
 * in a page cannot execute script. Forms may post only to the configured list service's sign-up
 * address. (A <meta> CSP cannot carry frame-ancestors; hosts that set headers may add it.)
 */
export function contentSecurityPolicy(formActions: readonly string[]) {
  const forms = formActions.length > 0 ? formActions.join(' ') : "'none'";
  return {
    csp: {
      directives: ["default-src 'none'", "img-src 'self'", "connect-src 'self'", "base-uri 'none'", `form-action ${forms}`] as `form-action${string}`[],
      // Astro hashes the scripts it bundles, not an is:inline one.
      scriptDirective: { hashes: [PAGE_SCRIPT_HASH] },
    },
  };
}

/** The environment variable that carries a child process's AstroJob. */
export const CHILD_JOB = 'KABAR_ASTRO_JOB';

export interface AstroJob {
  site: string;
  base: string;
  outDir: string;
  /** Concurrent builds (tests, CI matrix) must not share Astro's cache. */
  cacheDir: string;
  /** A private, throwaway Astro root: nothing Astro writes lands in the status repository. */
  root: string;
  /** Origins the pages' forms post to (the email sign-up's list service). */
  formActions: string[];
}

/** The whole Astro config of one locale's build: no config file is read, every route comes from the integration. */
export function astroConfigFor(job: AstroJob): AstroInlineConfig {
  return {
    ...SITE_ASTRO_SETTINGS,
    configFile: false,
    root: job.root,
    // Every file comes from a route, so that each domain's directory gets its own copy.
    publicDir: path.join(job.root, 'no-public-files'),
    site: job.site,
    base: job.base,
    outDir: job.outDir,
    cacheDir: job.cacheDir,
    logLevel: 'warn',
    integrations: [kabarIntegration()],
    security: contentSecurityPolicy(job.formActions),
  };
}
