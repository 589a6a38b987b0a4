import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Kabar package's own directory. Sources live in `src/`, and the compiled copy that
 * Node runs from an installed package in `lib/`, both one level below it.
 */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Whether this module is the TypeScript source (a checkout) rather than the compiled package. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

/** A sibling module of the running code: `.ts` in a checkout, `.js` in the compiled package. */
export const moduleFile = (url: URL): string => fileURLToPath(RUNNING_FROM_SOURCE ? url : new URL(url.href.replace(/\.ts$/, '.js')));

interface PackageJson {
  version: string;
  repository?: { url?: string } | string;
}

let manifest: PackageJson | undefined;
const readManifest = (): PackageJson => (manifest ??= JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as PackageJson);

/** The package version, as `kabar --version` prints it. */
export const packageVersion = (): string => readManifest().version;

/** `owner/repo` of Kabar on GitHub, from the package's `repository` field: where its reusable workflows live. */
export function kabarRepository(): string {
  const { repository } = readManifest();
  const url = typeof repository === 'string' ? repository : (repository?.url ?? '');
  const slug = /github\.com[/:]([^/]+\/[^/]+?)(\.git)?$/.exec(url)?.[1];
  if (!slug) throw new Error(`package.json has no GitHub repository URL (found "${url}")`);
  return slug;
}
