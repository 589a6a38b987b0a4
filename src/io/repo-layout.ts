import path from 'node:path';

/** The names a site config may have at the repository root, in the order they are looked for. */
export const CONFIG_FILES = ['kabar.config.ts', 'kabar.config.mjs', 'kabar.config.js'] as const;

/** Where a status repository keeps what builds remember (git-ignored). */
export const CACHE_DIR = '.kabar-cache';

/** The cache directory a build of `root` uses: `--cache-dir` when given, else `<root>/.kabar-cache`. */
export const buildCacheDir = (root: string, chosen?: string): string => (chosen !== undefined ? path.resolve(chosen) : path.join(root, CACHE_DIR));
