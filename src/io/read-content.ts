import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ContentFile } from '../core/content/types.ts';
import type { BatchFacts } from '../core/content/validate-repo.ts';
import { isEditorOrSystemFile } from '../core/content/editor-files.ts';
import { INCIDENTS_DIR } from '../core/content/incidents-dir.ts';
import { MAX_FILE_BYTES, fileTooLargeMessage } from '../core/content/limits.ts';
import type { Problem } from '../core/problems.ts';
import { countIncidentDirs } from './incident-dirs.ts';
import { moduleFile } from './package-info.ts';
import { isInside, realRoot, resolveRepoFile } from './repo-paths.ts';

export interface ContentRead {
  files: ContentFile[];
  /** Files that were not read: symlinks leading outside the repository or to directories, oversized files. */
  problems: Problem[];
}

/**
 * Every file under `<root>/incidents/`, with repository-relative paths, in a stable order,
 * but editors' and the operating system's files (core/content/editor-files.ts).
 * Nothing outside the repository is ever read, and no file over the size limit.
 */
export async function readContentFiles(root: string): Promise<ContentRead> {
  const files: ContentFile[] = [];
  const problems = await readContent(root, (batch) => {
    for (const file of batch) files.push(file);
  });
  // Batches come a directory at a time; the whole in path order.
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), problems };
}

/**
 * readContentFiles in batches, read by a worker thread while this one works on the batches
 * already read (validating them, say): years of history are tens of thousands of small files,
 * and reading them takes as long as validating them. Batches come in order, each whole
 * incident directories. Resolves with the files that were not read, once every batch is handled.
 */
export function readContentInBatches(root: string, handle: (files: ContentFile[], facts: BatchFacts) => void, known?: KnownStamps): Promise<Problem[]> {
  // A short history is read here: starting a thread would cost more than it saves. So is a history
  // whose stamps are known (a rebuild): most of its directories are listed, not read, and a
  // thread saved nothing even at 10 000 incidents while it slowed 1 000 down by a tenth.
  if (known?.stamps.size || countIncidentDirs(root) < READ_IN_WORKER_FROM) return readContent(root, handle, known);
  return new Promise((resolve, reject) => {
    const job: ReadJob = { root, ...(known && { known: { stamps: [...known.stamps], listedAt: known.listedAt } }) };
    const worker = new Worker(moduleFile(new URL('./read-content-worker.ts', import.meta.url)), { workerData: job });
    let failed: unknown;
    worker.on('message', (message: ReadMessage) => {
      if (failed !== undefined) return;
      try {
        if ('texts' in message) handle(unpackBatch(message), { unchanged: message.unchanged, stamps: new Map(message.stamps) });
        else resolve(message.problems);
      } catch (error) {
        failed = error;
        void worker.terminate();
        reject(error);
      }
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0 && failed === undefined) reject(new Error(`kabar: reading incidents/ stopped (worker exit ${code})`));
    });
  });
}

/** The stamps of the incident directories a previous run validated, and when it began listing them. */
export interface KnownStamps {
  stamps: ReadonlyMap<string, string>;
  listedAt: number;
}

export interface ReadJob {
  root: string;
  known?: { stamps: [string, string][]; listedAt: number };
}

/**
 * A batch as it crosses threads: two strings and their cut points rather than thousands of
 * objects, which cost the receiving thread more to copy in than to validate.
 */
export interface PackedBatch {
  paths: string;
  texts: string;
  /** Each text's length. */
  lengths: number[];
  unchanged: string[];
  stamps: [string, string][];
}
export type ReadMessage = PackedBatch | { problems: Problem[] };

export function packBatch(files: readonly ContentFile[], facts: BatchFacts): PackedBatch {
  return {
    paths: files.map((f) => f.path).join('\0'),
    texts: files.map((f) => f.text).join(''),
    lengths: files.map((f) => f.text.length),
    unchanged: [...(facts.unchanged ?? [])],
    stamps: [...(facts.stamps ?? [])],
  };
}

function unpackBatch(batch: PackedBatch): ContentFile[] {
  if (batch.lengths.length === 0) return [];
  const paths = batch.paths.split('\0'); // NUL: the one character no file name holds
  let at = 0;
  return paths.map((file, i) => {
    const text = batch.texts.slice(at, (at += batch.lengths[i]!));
    return { path: file, text };
  });
}

/**
 * Reads the content files, handing them to `emit` in batches of whole incident directories
 * (directories in name order, each one's files in path order); resolves with the files that were not read.
 */
export async function readContent(root: string, emit: (files: ContentFile[], facts: BatchFacts) => void, known?: KnownStamps): Promise<Problem[]> {
  const rootReal = realRoot(root);
  const base = path.join(root, INCIDENTS_DIR);
  const problems: Problem[] = [];
  const refuse = (rel: string, message: string) => problems.push({ file: rel, line: 1, field: 'file', message, severity: 'error' });
  try {
    if (lstatSync(base).isSymbolicLink()) {
      const target = resolveRepoDir(rootReal, base);
      if (target !== true) {
        refuse(INCIDENTS_DIR, target);
        return problems;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return problems;
    throw error;
  }
  // Relative paths per directory, not per file: path.relative is costly over 70 000 files.
  const relDirs = new Map<string, string>();
  const relDir = (dir: string) => {
    let rel = relDirs.get(dir);
    if (rel === undefined) relDirs.set(dir, (rel = path.relative(root, dir).split(path.sep).join('/')));
    return rel;
  };
  type Candidate = { absolute: string; rel: string };
  const candidatesOf = (entries: readonly Dirent[]): Candidate[] => {
    const candidates: Candidate[] = [];
    for (const e of entries) {
      // Before the symlink check: emacs' lock file is a symlink that leads nowhere.
      if ((!e.isFile() && !e.isSymbolicLink()) || isEditorOrSystemFile(e.name)) continue;
      const entry = { absolute: `${e.parentPath}${path.sep}${e.name}`, rel: `${relDir(e.parentPath)}/${e.name}` };
      if (e.isSymbolicLink()) {
        const target = resolveRepoFile(rootReal, entry.absolute);
        if (!target.ok) {
          refuse(entry.rel, target.message);
          continue;
        }
        entry.absolute = target.real;
      }
      candidates.push(entry);
    }
    return candidates.sort((x, y) => (x.rel < y.rel ? -1 : x.rel > y.rel ? 1 : 0));
  };
  // Listed one incident directory at a time (each entry of incidents/, in order), so the first
  // batch goes out before ten thousand directories are listed.
  const units = readdirSync(base, { withFileTypes: true }).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  /**
   * An entry of incidents/ and its files; for a directory, its stamp (each file's name, size,
   * times and inode), and whether it is unchanged since `known`: the same stamp, and every file
   * changed at least a second before the run that took that stamp began (so no later write could
   * hide within the file system clock's granularity, as git guards its index).
   */
  const listUnit = (unit: Dirent) => {
    const candidates = candidatesOf(unit.isDirectory() ? listTree(path.join(base, unit.name)) : [unit]);
    if (!unit.isDirectory() || !known) return { candidates };
    let changedAt = 0;
    const stamp = candidates
      .map((file) => {
        const st = statSync(file.absolute);
        changedAt = Math.max(changedAt, st.ctimeMs, st.mtimeMs);
        return `${file.rel}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}\0${st.ino}`;
      })
      .join('\n');
    const hashed = createHash('sha256').update(stamp).digest('base64url').slice(0, 22);
    const unchanged = known.stamps.get(unit.name) === hashed && changedAt < known.listedAt - RACY_MS;
    return { candidates, id: unit.name, stamp: hashed, unchanged };
  };
  const batch: ContentFile[] = [];
  const unchanged: string[] = [];
  const stamps = new Map<string, string>();
  const keep = (file: Candidate, text: string | number) => {
    if (typeof text === 'number') refuse(file.rel, fileTooLargeMessage(text));
    else batch.push({ path: file.rel, text });
  };
  const take = (unit: ReturnType<typeof listUnit>): Candidate[] => {
    if (unit.id !== undefined) stamps.set(unit.id, unit.stamp);
    if (unit.unchanged) unchanged.push(unit.id!);
    return unit.unchanged ? [] : unit.candidates;
  };
  const flush = () => {
    if (batch.length > 0 || unchanged.length > 0) emit(batch.splice(0), { unchanged: unchanged.splice(0), stamps: new Map(stamps) });
    stamps.clear();
  };
  // From the page cache, synchronous reads are three times faster than promises (0.7 s against
  // 2.2 s for 71 000 files); from a cold disk only parallel reads hide the latency (4 s against
  // 5.7 s). So read synchronously while that is fast, in batches, and switch to parallel reads
  // once two batches in a row show a cold disk: slow, and reading blocks from the disk. (Slow
  // alone is not enough: a garbage collection pause, or a machine busy with other work, is not a
  // cold disk, and parallel reads would only make it slower.)
  let u = 0;
  let slow = 0;
  let started = performance.now();
  let blocksBefore = process.resourceUsage().fsRead;
  while (u < units.length && slow < 2) {
    for (const file of take(listUnit(units[u++]!))) keep(file, readBounded(file.absolute));
    // A batch ends with a directory's last file.
    if (batch.length + unchanged.length < BATCH && u < units.length) continue;
    if (batch.length >= BATCH / 10) {
      const msPerFile = (performance.now() - started) / batch.length;
      const fromDisk = process.resourceUsage().fsRead - blocksBefore >= batch.length / 4;
      slow = msPerFile > COLD_MS_PER_FILE && fromDisk ? slow + 1 : 0;
    }
    flush();
    started = performance.now();
    blocksBefore = process.resourceUsage().fsRead;
  }
  // Bounded concurrency: more files open at once than the open-file limit allows fails (EMFILE).
  const rest = units.slice(u).flatMap((unit) => take(listUnit(unit)));
  const texts: (string | number)[] = new Array(rest.length);
  let next = 0;
  const worker = async () => {
    for (let j = next++; j < rest.length; j = next++) texts[j] = await readBoundedAsync(rest[j]!.absolute);
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, rest.length) }, worker));
  rest.forEach((file, j) => keep(file, texts[j]!));
  flush();
  return problems;
}

/**
 * Every entry under `dir`, descending into real directories only. Not a recursive readdir: that
 * descends into symlinked directories too, and would list (and so read) files outside the
 * repository under a symlink already judged to lead there.
 */
function listTree(dir: string): Dirent[] {
  const entries: Dirent[] = [];
  const pending = [dir];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    for (const e of readdirSync(next, { withFileTypes: true })) {
      entries.push(e);
      if (e.isDirectory()) pending.push(path.join(next, e.name));
    }
  }
  return entries;
}

/** The text, or its size in bytes when that is over the limit (counted only for a long text: bytes ≥ characters). */
function bounded(text: string): string | number {
  if (text.length <= MAX_FILE_BYTES / 4) return text;
  const bytes = Buffer.byteLength(text);
  return bytes > MAX_FILE_BYTES ? bytes : text;
}

/** Node refuses a file over 2 GB, and a text too long for a string: such a file is reported by its size. */
const tooLargeToRead = (error: unknown): boolean => ['ERR_FS_FILE_TOO_LARGE', 'ERR_STRING_TOO_LONG'].includes((error as NodeJS.ErrnoException).code ?? '');

/** The file's text, or its size when it is over the limit (or too large for a string at all). */
function readBounded(file: string): string | number {
  try {
    return bounded(readFileSync(file, 'utf8'));
  } catch (error) {
    if (tooLargeToRead(error)) return statSync(file).size;
    throw error;
  }
}

async function readBoundedAsync(file: string): Promise<string | number> {
  try {
    return bounded(await readFile(file, 'utf8'));
  } catch (error) {
    if (tooLargeToRead(error)) return statSync(file).size;
    throw error;
  }
}

/** `incidents/` itself may be a symlink, to a directory inside the repository only. */
function resolveRepoDir(rootReal: string, absolute: string): true | string {
  const real = realRoot(absolute);
  return isInside(rootReal, real) ? true : 'is a symlink that points outside the repository (expected a directory inside it; nothing outside the repository is ever read)';
}

/** A second: more than any file system's clock granularity. */
const RACY_MS = 1000;
const READ_IN_WORKER_FROM = 500;
const BATCH = 500;
/** From the page cache a small file takes about 0.01 ms; from a cold disk 0.08 ms or more. */
const COLD_MS_PER_FILE = 0.04;
const READ_CONCURRENCY = 64;

