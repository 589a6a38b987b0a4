import path from 'node:path';
import type { Problem } from '../core/problems.ts';
import { trackedAmong } from './git.ts';

/**
 * What a build remembers (`.kabar-cache/`: content it validated, pages it rendered) and its output
 * (`dist/`) are one machine's, never content: a committed copy is anyone's claim that some files
 * were validated, or that some pages are the site's. So a build ignores a committed one (it
 * validates and renders everything) and `kabar check` reports it as an error.
 */
export async function committedBuildState(root: string, dirs: readonly string[]): Promise<string[]> {
  const inside = dirs.map((d) => path.relative(root, d).split(path.sep).join('/')).filter((d) => d && !d.startsWith('..') && !path.isAbsolute(d));
  if (inside.length === 0) return [];
  // Outside a git repository (or where git cannot be asked) nothing is committed.
  const files = await trackedAmong(root, inside).catch(() => []);
  return inside.filter((d) => files.some((f) => f === d || f.startsWith(`${d}/`)));
}

export function committedBuildStateProblem(dir: string): Problem {
  return {
    file: `${dir}/`,
    line: 1,
    field: 'file',
    message: `is committed to the repository, but it is what a build remembers on one machine, never content: a build ignores it (expected it untracked: git rm -r --cached ${dir}, and keep it in .gitignore)`,
    severity: 'error',
  };
}
