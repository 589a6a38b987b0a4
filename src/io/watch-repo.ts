import { lstatSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { isEditorOrSystemFile } from '../core/content/editor-files.ts';
import { INCIDENTS_DIR } from '../core/content/validate-repo.ts';

export interface RepoWatch {
  close(): void;
}

/**
 * Calls `onChange` whenever the content or the config of a status repository may have changed.
 *
 * Directories are watched, never files, and each on its own (not recursively): an editor that saves
 * by rename replaces the file's inode, and a watch on the old one hears nothing more; Node's
 * recursive watch misses directories made after it started on some platforms. So: the repository
 * root for the config files by name (and for `incidents/` appearing or being replaced), and
 * `incidents/` with every directory in it, a new one watched as soon as it appears.
 * Editors' and the operating system's files (swap files, backups, a save's temporary file) are
 * not content: their comings and goings call nothing.
 */
export function watchRepo(root: string, configNames: readonly string[], onChange: () => void): RepoWatch {
  const incidents = path.join(root, INCIDENTS_DIR);
  /** Directory → its watcher and the inode it watches (a directory deleted and made again is a new one). */
  const watched = new Map<string, { watcher: FSWatcher; ino: number }>();

  const unwatch = (dir: string) => {
    for (const [d, { watcher }] of watched) {
      if (d === dir || d.startsWith(dir + path.sep)) {
        watcher.close();
        watched.delete(d);
      }
    }
  };

  const watchDir = (dir: string, onEvent: (name: string | null) => void): boolean => {
    let ino: number;
    try {
      ino = statSync(dir).ino;
    } catch {
      unwatch(dir);
      return false;
    }
    if (watched.get(dir)?.ino === ino) return false;
    unwatch(dir);
    try {
      const watcher = watch(dir, (_event, name) => onEvent(name === null ? null : String(name)));
      // A watched directory that goes away may end its watcher with an error (Windows does): forget it.
      watcher.on('error', () => {
        if (watched.get(dir)?.watcher === watcher) unwatch(dir);
      });
      watched.set(dir, { watcher, ino });
      return true;
    } catch {
      return false; // gone between stat and watch, or not a directory
    }
  };

  /** `dir` and every directory under it (nested ones are not content, but `kabar check` reports them). */
  const watchContentTree = (dir: string) => {
    if (!isDirectory(dir, dir === incidents)) {
      unwatch(dir);
      return;
    }
    const fresh = watchDir(dir, (name) => {
      if (name !== null && isEditorOrSystemFile(path.basename(name))) return;
      if (name === null) watchContentTree(dir);
      else watchContentTree(path.join(dir, name));
      onChange();
    });
    if (!fresh) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) watchContentTree(path.join(dir, e.name));
  };

  watchDir(root, (name) => {
    if (name === null || name === INCIDENTS_DIR) {
      watchContentTree(incidents);
      onChange();
    } else if (configNames.includes(name)) {
      onChange();
    }
  });
  watchContentTree(incidents);
  return { close: () => unwatch(root) };
}

/**
 * `incidents/` may be a symlink to a directory, as the content reader allows; a symlink in it is
 * not followed (the reader reports one to a directory, and it may lead outside the repository).
 */
function isDirectory(dir: string, followSymlink: boolean): boolean {
  try {
    return (followSymlink ? statSync(dir) : lstatSync(dir)).isDirectory();
  } catch {
    return false;
  }
}
