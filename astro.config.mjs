// @ts-check
import { defineConfig } from 'astro/config';

// The status site is fully static. scripts/build.ts runs one build per locale
// domain and passes `site`, `base` and `outDir` inline; these are the shared defaults.
export default defineConfig({
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
});
