import { mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyChanges } from '../../src/io/import/apply.ts';
import { SymlinkedPathError } from '../../src/io/repo-paths.ts';
import { snapshot } from './helpers.ts';

async function repo(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kabar-apply-'));
  await mkdir(path.join(dir, 'incidents/2026-01-01-a'), { recursive: true });
  await writeFile(path.join(dir, 'incidents/2026-01-01-a/index.md'), 'old index\n');
  await writeFile(path.join(dir, 'incidents/2026-01-01-a/2026-01-01T1000Z.md'), 'old update\n');
  await writeFile(path.join(dir, 'README.md'), 'readme\n');
  return dir;
}

describe('applyChanges: all files or none', () => {
  it('creates, replaces and removes, and leaves no staging directory', async () => {
    const dir = await repo();
    await applyChanges(dir, {
      writes: [
        { path: 'incidents/2026-01-01-a/index.md', text: 'new index\n' },
        { path: 'incidents/2026-02-02-b/index.md', text: 'b\n' },
        { path: '.kabar/imported.json', text: '{}\n' },
      ],
      removes: ['incidents/2026-01-01-a/2026-01-01T1000Z.md'],
    });
    expect(await snapshot(dir)).toEqual({ 'README.md': 'readme\n', 'incidents/2026-01-01-a/index.md': 'new index\n', 'incidents/2026-02-02-b/index.md': 'b\n', '.kabar/imported.json': '{}\n' });
    expect(await readdir(path.join(dir, '.kabar'))).toEqual(['imported.json']);
  });

  it('when one file cannot be put in place, puts back every one it already moved', async () => {
    const dir = await repo();
    const before = await snapshot(dir);
    const failing = applyChanges(dir, {
      writes: [
        { path: 'incidents/2026-01-01-a/index.md', text: 'new index\n' },
        { path: 'incidents/2026-02-02-b/index.md', text: 'b\n' },
        // README.md is a file, so nothing can be written inside it.
        { path: 'README.md/notes.md', text: 'x\n' },
      ],
      removes: [],
    });
    await expect(failing).rejects.toThrow(/ENOTDIR|EEXIST/);
    expect(await snapshot(dir)).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'incidents']);
    expect(await readdir(path.join(dir, 'incidents'))).toEqual(['2026-01-01-a']);
  });

  it('refuses a file that is itself a symlink, or one under a symlinked directory, before writing anything', async () => {
    const dir = await repo();
    const outside = await mkdtemp(path.join(tmpdir(), 'kabar-outside-'));
    await writeFile(path.join(outside, 'target.md'), 'outside\n');
    await symlink(path.join(outside, 'target.md'), path.join(dir, 'incidents/2026-01-01-a/2026-01-01T1100Z.md'));
    await symlink(outside, path.join(dir, 'incidents/2026-03-03-c'));
    const before = await snapshot(dir);
    for (const file of ['incidents/2026-01-01-a/2026-01-01T1100Z.md', 'incidents/2026-03-03-c/index.md']) {
      const failing = applyChanges(dir, { writes: [{ path: 'incidents/2026-02-02-b/index.md', text: 'b\n' }, { path: file, text: 'x\n' }], removes: [] });
      await expect(failing).rejects.toThrow(SymlinkedPathError);
      const removing = applyChanges(dir, { writes: [], removes: [file] });
      await expect(removing).rejects.toThrow(/is a symlink/);
    }
    expect(await snapshot(dir)).toEqual(before);
    expect(await readdir(outside)).toEqual(['target.md']);
    expect(await readFile(path.join(outside, 'target.md'), 'utf8')).toBe('outside\n');
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'incidents']);
  });
});
