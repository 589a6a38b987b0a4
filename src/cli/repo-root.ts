import { existsSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILES } from '../io/repo-layout.ts';

/** The nearest directory at or above `from` holding a Kabar site config; `from` itself if none does. */
export function findRepoRoot(from: string): string {
  let dir = path.resolve(from);
  for (;;) {
    if (CONFIG_FILES.some((name) => existsSync(path.join(dir, name)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
}
