import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ContentFile } from '../core/content/types.ts';
import { INCIDENTS_DIR } from '../core/content/validate-repo.ts';

/** Every file under `<root>/incidents/`, with repository-relative paths, in a stable order. */
export async function readContentFiles(root: string): Promise<ContentFile[]> {
  const base = path.join(root, INCIDENTS_DIR);
  let entries;
  try {
    entries = readdirSync(base, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Relative paths per directory, not per file: path.relative is costly over 70 000 files.
  const relDirs = new Map<string, string>();
  const relDir = (dir: string) => {
    let rel = relDirs.get(dir);
    if (rel === undefined) relDirs.set(dir, (rel = path.relative(root, dir).split(path.sep).join('/')));
    return rel;
  };
  const files = entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => ({ absolute: path.join(e.parentPath, e.name), rel: `${relDir(e.parentPath)}/${e.name}` }))
    .sort((a, b) => (a.absolute < b.absolute ? -1 : a.absolute > b.absolute ? 1 : 0));
  // Synchronous listing and reads, one file open at a time: years of history are tens of thousands
  // of small files, more than the open-file limit allows at once (EMFILE), and a promise per
  // open/stat/read/close made reading them three times slower (2.2 s against 0.7 s for 71 000 files).
  return files.map((f) => ({ path: f.rel, text: readFileSync(f.absolute, 'utf8') }));
}
