import { readFile, rename, writeFile } from 'node:fs/promises';

/** A cache file's JSON; undefined when it is missing or not JSON (the caller checks its shape). */
export async function readCacheFile<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Replaces a cache file whole (write, then rename: a reader never sees half of it). */
export async function replaceCacheFile(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}`;
  await writeFile(temp, JSON.stringify(value));
  await rename(temp, file);
}
