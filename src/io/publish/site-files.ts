import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalFile } from '../../core/publish/sync-plan.ts';

/**
 * Every regular file of a built site, with its MD5. Symlinks and other non-files are not
 * followed (a build writes none); `_headers` stays out, as its rules go into each upload's headers.
 */
export async function siteFiles(dir: string): Promise<(LocalFile & { absolute: string })[]> {
  const out: (LocalFile & { absolute: string })[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const absolute = path.join(e.parentPath, e.name);
    const relative = path.relative(dir, absolute).split(path.sep).join('/');
    if (relative === '_headers') continue;
    out.push({ path: relative, absolute, md5: createHash('md5').update(await readFile(absolute)).digest('hex') });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}
