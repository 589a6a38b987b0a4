import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { packageVersion, PACKAGE_DIR, RUNNING_FROM_SOURCE } from './package-info.ts';

let identity: Promise<string> | undefined;

/**
 * Where a package records its sources' identity when it is prepared for packing: an installed
 * package's sources do not change, and hashing its 300 files cost every build 0.1 s.
 */
const RECORDED = path.join(PACKAGE_DIR, 'lib', 'source-identity.json');

/**
 * Kabar's version and a hash of its sources (every file of `src/`, which the package ships):
 * what validated content and compiled pages were made with. A checkout changes it with every edit.
 */
export function sourceIdentity(): Promise<string> {
  identity ??= RUNNING_FROM_SOURCE ? hashSources() : recorded().then((known) => known ?? hashSources());
  return identity;
}

/** Records the current sources' identity for the compiled package (`npm run prepare`). */
export async function recordSourceIdentity(): Promise<void> {
  await writeFile(RECORDED, `${JSON.stringify({ version: packageVersion(), identity: await hashSources() })}\n`);
}

async function recorded(): Promise<string | undefined> {
  try {
    const file = JSON.parse(await readFile(RECORDED, 'utf8')) as { version?: unknown; identity?: unknown };
    return file.version === packageVersion() && typeof file.identity === 'string' ? file.identity : undefined;
  } catch {
    return undefined;
  }
}

async function hashSources(): Promise<string> {
  const hash = createHash('sha256').update(`${packageVersion()}\0`);
  const src = path.join(PACKAGE_DIR, 'src');
  const files = (await readdir(src, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
  for (const file of files) hash.update(path.relative(src, file)).update('\0').update(await readFile(file));
  return hash.digest('base64url');
}
