import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runKabar } from './cli-harness.ts';

const FLAGS = ['--yes', '--name', 'Acme', '--time-zone', 'Asia/Jakarta', '--locale', 'en=status.acme.com', '--locale', 'id=status.acme.co.id', '--group', 'platform=Platform', '--component', 'api=Public API@platform', '--component', 'web=Website'];

const temp = () => mkdtemp(path.join(tmpdir(), 'kabar-init-'));

async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('kabar init', () => {
  it('writes a status repository from flags that passes kabar check, with a reminder to delete the example', async () => {
    const base = await temp();
    const result = await runKabar(base, ['init', 'status', ...FLAGS]);
    expect(result.code, result.stderr).toBe(0);
    const dir = path.join(base, 'status');
    const files = await tree(dir);
    expect(files.filter((f) => !f.startsWith('incidents/'))).toEqual(['.github/workflows/kabar-deploy.yml', '.github/workflows/kabar-ingest.yml', '.github/workflows/kabar-pull-request.yml', '.gitignore', 'README.md', 'kabar.config.ts', 'package.json']);
    expect(files.filter((f) => f.startsWith('incidents/'))).toHaveLength(4);
    // Editors' swap files and backups are not committed (nor read: core/content/editor-files.ts).
    expect((await readFile(path.join(dir, '.gitignore'), 'utf8')).split('\n')).toEqual(expect.arrayContaining(['.kabar-cache/', '*.sw[a-px]', '*~', '\\#*#', '4913', '.DS_Store']));
    const config = await readFile(path.join(dir, 'kabar.config.ts'), 'utf8');
    expect(config).toContain("{ tag: 'id', label: 'Bahasa Indonesia', domain: 'status.acme.co.id' }");
    expect(config).toContain("{ id: 'api', group: 'platform', name: 'Public API' }");
    // The checkout's own CLI loads the config; kabar/config is resolved the way a status repository resolves it.
    await writeFile(path.join(dir, 'kabar.config.ts'), config.replace("from 'kabar/config'", `from '${path.resolve('src/config.ts')}'`));
    const check = await runKabar(dir, ['check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/index\.md:2: file: warning: the example incident written by kabar init is still here/);
    expect(check.stderr).not.toMatch(/resolved without ever monitoring/);
  });

  it('refuses a directory that is not empty, and writes nothing', async () => {
    const dir = await temp();
    await writeFile(path.join(dir, 'notes.txt'), 'mine');
    const result = await runKabar(dir, ['init', '.', ...FLAGS]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kabar init: \. is not empty \(notes\.txt\); pick an empty or new directory, or pass --force/);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('with --force, adds what is missing and never overwrites a file', async () => {
    const dir = await temp();
    await writeFile(path.join(dir, 'README.md'), '# Our status page\n');
    const result = await runKabar(dir, ['init', '.', '--force', ...FLAGS]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Kept your own README.md (never overwritten');
    expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toBe('# Our status page\n');
    expect(await readdir(dir)).toContain('kabar.config.ts');
  });

  it('without a terminal and without --yes, names the flags it needs', async () => {
    const dir = await temp();
    const result = await runKabar(dir, ['init', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing --name and --component \(required when not run in a terminal; or pass --yes/);
  });

  it('reports answers that make no valid config with path:line and writes nothing', async () => {
    const dir = await temp();
    await mkdir(path.join(dir, 'status'));
    const result = await runKabar(dir, ['init', 'status', '--yes', '--name', 'Acme', '--time-zone', 'Mars/Olympus', '--component', 'api=API@nowhere']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/kabar\.config\.ts:\d+: timeZone: found "Mars\/Olympus" \(expected an IANA time zone/);
    expect(result.stderr).toMatch(/kabar\.config\.ts:\d+: components\[0\]\.group: unknown group "nowhere"/);
    expect(await readdir(path.join(dir, 'status'))).toEqual([]);
  });

  it('rejects a malformed --locale or --component with the form it expects', async () => {
    const dir = await temp();
    const locale = await runKabar(dir, ['init', 'a', '--yes', '--locale', 'English=status.acme.com']);
    expect(locale.stderr).toMatch(/--locale "English=status\.acme\.com": "English" is not a language tag \(expected e\.g\. en, id or pt-BR/);
    const component = await runKabar(dir, ['init', 'b', '--yes', '--component', 'api']);
    expect(component.stderr).toMatch(/--component "api" is not id=name/);
    expect(await readdir(dir)).toEqual([]);
  });
});
