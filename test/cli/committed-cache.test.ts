/**
 * A build's memory (`.kabar-cache/`) and output (`dist/`) committed to the repository, as a pull
 * request could: a build must not trust them (they could claim a forged page is the site's), and
 * `kabar check` says so.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { git } from './cli-harness.ts';
import { initRepo, runKabar } from '../import/helpers.ts';

async function pages(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.join(e.parentPath, e.name));
}

describe('a committed build cache or output', () => {
  it('is never trusted by a build, and is an error for kabar check', async () => {
    const dir = await initRepo();
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'oncall@example.com');
    git(dir, 'config', 'user.name', 'On-call');
    git(dir, 'config', 'commit.gpgsign', 'false');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Status repository');
    expect((await runKabar(dir, ['build'])).code).toBe(0);
    const again = await runKabar(dir, ['build']);
    expect(again.stderr).toMatch(/reusing [1-9]\d* unchanged pages/);
    // The forgery: every page of the output says something else, and is committed with the cache that vouches for it.
    for (const page of await pages(path.join(dir, 'dist'))) await writeFile(page, (await readFile(page, 'utf8')).replace('<body>', '<body><p>FORGED</p>'));
    git(dir, 'add', '-f', 'dist', '.kabar-cache');
    git(dir, 'commit', '-q', '-m', 'Forged');

    const check = await runKabar(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('.kabar-cache/:1: file: is committed to the repository, but it is what a build remembers on one machine, never content: a build ignores it (expected it untracked: git rm -r --cached .kabar-cache, and keep it in .gitignore)');
    expect(check.stderr).toContain('dist/:1: file: is committed to the repository');

    const build = await runKabar(dir, ['build']);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toContain('kabar: .kabar-cache/ is committed to the repository; a build never trusts it, so every file is validated and every page rendered (remove it: git rm -r --cached .kabar-cache)');
    expect(build.stderr).not.toMatch(/reusing \d+ unchanged pages/);
    const forged = [];
    for (const page of await pages(path.join(dir, 'dist'))) if ((await readFile(page, 'utf8')).includes('FORGED')) forged.push(page);
    expect(forged).toEqual([]);
  });
});
