import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { packageVersion, PACKAGE_DIR } from './package-info.ts';

let identity: Promise<string> | undefined;

/**
 * Kabar's version and a hash of its sources (every file of `src/`, which the package ships):
 * what validated content and compiled pages were made with. A checkout changes it with every edit.
 */
export function sourceIdentity(): Promise<string> {
  identity ??= (async () => {
    const hash = createHash('sha256').update(`${packageVersion()}\0`);
    const src = path.join(PACKAGE_DIR, 'src');
    const files = (await readdir(src, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    for (const file of files) hash.update(path.relative(src, file)).update('\0').update(await readFile(file));
    return hash.digest('base64url');
  })();
  return identity;
}
