import type { AstroInlineConfig } from 'astro';
import { PAGE_SCRIPT_HASH } from '../site/page-script.ts';

/** The settings the pages are compiled with (src/build/renderer-compile.ts); `astro.config.mjs` uses the same for editors and `astro check`. */
export const SITE_ASTRO_SETTINGS = {
  output: 'static',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // One request renders the page: the CSS is small enough to inline (home ≤ 14 KB gzipped).
    inlineStylesheets: 'always',
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
