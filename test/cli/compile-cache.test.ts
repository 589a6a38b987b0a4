import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKabar } from './cli-harness.ts';

// Start-up is mostly compiling modules: `kabar` keeps V8's compiled code between runs, by default in the
// temporary directory (NODE_COMPILE_CACHE overrides where), and its child processes inherit the place.
describe('the compile cache', () => {
  it('is kept in the temporary directory by default, so the next run skips compiling', async () => {
    const tmp = await mkdtemp(path.join(tmpdir(), 'kabar-tmp-'));
    const result = await runKabar(tmp, ['init', 'st', '--yes', '--name', 'Acme', '--locale', 'en', '--component', 'api=API'], { TMPDIR: tmp, NODE_COMPILE_CACHE: undefined });
    expect(result.code, result.stderr).toBe(0);
    const cached = (await readdir(path.join(tmp, 'kabar-compile-cache'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(cached.length).toBeGreaterThan(10);
  });
});
