import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { IMPORTED_FILE, parseImported, type ImportRecord } from '../../core/notify/imports.ts';
import type { Problem } from '../../core/problems.ts';

/** `.kabar/imported.json` of the status repository, if `kabar import` wrote one. */
export async function readImports(root: string): Promise<{ imports: ImportRecord[]; problems: Problem[] }> {
  let text: string;
  try {
    text = await readFile(path.join(root, IMPORTED_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { imports: [], problems: [] };
    throw error;
  }
  return parseImported(text);
}
