import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentFile } from '../core/content/types.ts';
import { INCIDENTS_DIR } from '../core/content/validate-repo.ts';

/** Every file under `<root>/incidents/`, with repository-relative paths, in a stable order. */
export async function readContentFiles(root: string): Promise<ContentFile[]> {
  const base = path.join(root, INCIDENTS_DIR);
  let entries;
  try {
    entries = await readdir(base, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = entries
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  // Bounded concurrency: years of history are tens of thousands of files, more than the
  // open-file limit allows at once (EMFILE).
  const out: ContentFile[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const absolute = files[i]!;
      out[i] = { path: path.relative(root, absolute).split(path.sep).join('/'), text: await readFile(absolute, 'utf8') };
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length) }, worker));
  return out;
}

const READ_CONCURRENCY = 64;
