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
    // Render the next pages while earlier ones are being written: one at a time, a build of
    // 10 000 incidents spent a fifth of its time waiting on file writes. Output is unchanged.
    concurrency: 8,
  },
  // Keep authored whitespace: "Resolved" and "2 h ago" on separate lines must not glue together.
  compressHTML: false,
  devToolbar: { enabled: false },
  vite: { logLevel: 'warn' },
});
