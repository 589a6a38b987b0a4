/** The names a site config may have at the repository root, in the order they are looked for. */
export const CONFIG_FILES = ['kabar.config.ts', 'kabar.config.mjs', 'kabar.config.js'] as const;

/** Where a status repository keeps what builds remember (git-ignored). */
export const CACHE_DIR = '.kabar-cache';
