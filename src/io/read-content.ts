import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
  const out: ContentFile[] = new Array(files.length);
  // Years of history are tens of thousands of small files. From the page cache, synchronous
  // reads are three times faster than promises (one call per file instead of four round trips:
  // 0.7 s against 2.2 s for 71 000 files); from a cold disk only parallel reads hide the latency
  // (4 s against 5.7 s). So read synchronously while that is fast, in batches, and switch to
  // parallel reads for the rest once a batch shows the disk is cold.
  let i = 0;
  while (i < files.length) {
    const end = Math.min(i + BATCH, files.length);
    const started = performance.now();
    for (let j = i; j < end; j++) out[j] = { path: files[j]!.rel, text: readFileSync(files[j]!.absolute, 'utf8') };
    const msPerFile = (performance.now() - started) / (end - i);
    i = end;
    if (msPerFile > COLD_MS_PER_FILE) break;
  }
  // Bounded concurrency: more files open at once than the open-file limit allows fails (EMFILE).
  let next = i;
  const worker = async () => {
    for (let j = next++; j < files.length; j = next++) out[j] = { path: files[j]!.rel, text: await readFile(files[j]!.absolute, 'utf8') };
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, files.length - i) }, worker));
  return out;
}

const BATCH = 500;
/** From the page cache a small file takes about 0.01 ms; from a cold disk 0.08 ms or more. */
const COLD_MS_PER_FILE = 0.04;
const READ_CONCURRENCY = 64;
