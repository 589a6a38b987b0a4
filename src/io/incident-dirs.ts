import { readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { INCIDENTS_DIR } from '../core/content/incidents-dir.ts';
import { isInside, realRoot } from './repo-paths.ts';

/** How many incident directories there are (nothing is read). */
export function countIncidentDirs(root: string): number {
  try {
    const dir = realpathSync(path.join(root, INCIDENTS_DIR));
    return isInside(realRoot(root), dir) ? readdirSync(dir).length : 0;
  } catch {
    return 0;
  }
}
