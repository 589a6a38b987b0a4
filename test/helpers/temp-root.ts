/**
 * Vitest global setup: every test's temporary directories (and those of the CLI and builds it
 * runs, which inherit TMPDIR) go into one directory per run, removed when the run ends, so a
 * run leaves nothing behind in the machine's temporary directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'kabar-tests-'));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
