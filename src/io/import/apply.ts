import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refuseSymlinks } from '../repo-paths.ts';

export interface RepoChanges {
  /** Repository-relative paths and their new text (created or replaced). */
  writes: { path: string; text: string }[];
  /** Repository-relative paths to delete. */
  removes: string[];
}

/** Where staged files wait, inside the repository so that moving them is a rename. */
const STAGING_PARENT = '.kabar';

/**
 * Writes an import all at once or not at all. Nothing is written through a symlink: a
 * committed `incidents/<id>` or `.kabar` could lead anywhere on the machine, so when any
 * directory on the way to a file (from the repository root down), or the file itself, is a
 * symlink, nothing is written at all (SymlinkedPathError). Every file is first written into a
 * staging directory inside the repository (`.kabar/import-staging-*`, so moving is
 * a rename on the same file system); only when all of them are written are they
 * moved into place, each replaced or removed file first moved aside. If anything
 * fails while moving, what was moved is put back and the error rethrown: the
 * repository is as it was. The staging directory is removed either way.
 */
export async function applyChanges(root: string, changes: RepoChanges): Promise<void> {
  const paths = [...changes.writes.map((f) => f.path), ...changes.removes, STAGING_PARENT].map(safe);
  await refuseSymlinks(root, paths);
  const staging = path.join(root, STAGING_PARENT, `import-staging-${randomBytes(6).toString('hex')}`);
  const staged = path.join(staging, 'new');
  const aside = path.join(staging, 'old');
  const moved: { target: string; backup?: string }[] = [];
  const createdDirs: string[] = [];
  try {
    await mkdir(path.join(root, STAGING_PARENT)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    // Never an existing directory: a fresh name, created here and nowhere else.
    await mkdir(staging);
    for (const file of changes.writes) {
      const target = path.join(staged, safe(file.path));
      await mkdir(path.dirname(target), { recursive: true });
      // 'wx': a new file, never one (or a symlink) that appeared meanwhile.
      await writeFile(target, file.text, { encoding: 'utf8', flag: 'wx' });
    }
    // Once more just before moving into place: a symlink may have appeared while staging.
    await refuseSymlinks(root, paths);
    try {
      for (const file of changes.writes) {
        const target = path.join(root, safe(file.path));
        const dir = path.dirname(target);
        const made = await mkdir(dir, { recursive: true });
        if (made) createdDirs.push(made);
        const backup = await moveAside(target, path.join(aside, safe(file.path)));
        moved.push({ target, ...(backup && { backup }) });
        await rename(path.join(staged, safe(file.path)), target);
      }
      for (const file of changes.removes) {
        const target = path.join(root, safe(file));
        const backup = await moveAside(target, path.join(aside, safe(file)));
        if (backup) moved.push({ target, backup });
      }
    } catch (error) {
      await rollBack(moved, createdDirs);
      throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rmdir(path.join(root, STAGING_PARENT)).catch(() => undefined);
  }
}

/** Moves an existing file out of the way; undefined when there was none. */
async function moveAside(target: string, backup: string): Promise<string | undefined> {
  await mkdir(path.dirname(backup), { recursive: true });
  try {
    await rename(target, backup);
    return backup;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function rollBack(moved: { target: string; backup?: string }[], createdDirs: string[]): Promise<void> {
  for (const { target, backup } of [...moved].reverse()) {
    await rm(target, { force: true }).catch(() => undefined);
    if (backup) await rename(backup, target).catch(() => undefined);
  }
  for (const dir of createdDirs.reverse()) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

/** Paths come from the plan, which builds them from ids; refuse anything that would leave the repository. */
function safe(relative: string): string {
  const normal = path.normalize(relative);
  if (path.isAbsolute(normal) || normal.startsWith('..')) throw new Error(`internal: refusing to write outside the repository: ${relative}`);
  return normal;
}
