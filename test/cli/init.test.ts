import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW, runKabar } from './cli-harness.ts';

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
    // The page starts today (in its time zone): its uptime bars claim no day before it.
    expect(config).toContain("  since: '2026-11-20',");
    // The checkout's own CLI loads the config; kabar/config is resolved the way a status repository resolves it.
    await writeFile(path.join(dir, 'kabar.config.ts'), config.replace("from 'kabar/config'", `from '${path.resolve('src/config.ts')}'`));
    const check = await runKabar(dir, ['check']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/index\.md:2: file: warning: the example incident written by kabar init is still here/);
    expect(check.stderr).not.toMatch(/resolved without ever monitoring/);
  });

  it('walks through going live, naming the config\'s domains and the exact secrets, at the end and in the README', async () => {
    const base = await temp();
    const result = await runKabar(base, ['init', 'status', ...FLAGS]);
    expect(result.code, result.stderr).toBe(0);
    const readme = await readFile(path.join(base, 'status', 'README.md'), 'utf8');
    for (const text of [result.stdout, readme]) {
      expect(text).toContain('Settings > Pages, set Source to "GitHub Actions"');
      expect(text).toMatch(/set Custom domain to `?status\.acme\.com`?, and add the DNS record `?status\.acme\.com CNAME <owner>\.github\.io/);
      expect(text).toMatch(/status\.acme\.co\.id: create a second repository for it/);
      expect(text).toContain('gh secret set KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID --body <owner>/status-acme-co-id');
      expect(text).toContain('gh secret set KABAR_DEPLOY_TOKEN');
      expect(text).toContain('"Allow GitHub Actions to create and approve pull requests"');
      expect(text).toContain('GITHUB_TOKEN=$(gh auth token) npx kabar doctor --target status.acme.co.id=<owner>/status-acme-co-id');
      expect(text).toMatch(/A second host, so the page stays up when GitHub is down: add `?deploy: \[\{ to: 'github-pages' \}, \{ to: 'netlify', site: '<site>' \}\]`? to kabar\.config\.ts/);
      expect(text).toContain('blob/main/docs/deploy.md');
      expect(text).toContain('gh secret set NETLIFY_AUTH_TOKEN');
    }
    expect(readme).toMatch(/## Going live\n\n1\. Push:/);
    // One domain and no second repository: no secret to set for one.
    const single = await runKabar(base, ['init', 'single', '--yes', '--name', 'Acme', '--locale', 'en', '--component', 'api=API']);
    expect(single.stdout).toContain('set Source to "GitHub Actions"');
    expect(single.stdout).not.toMatch(/KABAR_DEPLOY_|Custom domain/);
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

  it('run again with --force later, adds no second example into the incidents that are there', async () => {
    const dir = await temp();
    expect((await runKabar(dir, ['init', '.', ...FLAGS])).code).toBe(0);
    const before = await tree(path.join(dir, 'incidents'));
    // Hours later, the same day: the example's updates would get other file names.
    const again = await runKabar(dir, ['init', '.', '--force', ...FLAGS], { SOURCE_DATE_EPOCH: String(NOW + 3 * 3600) });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('incidents/ (no example incident added)');
    expect(await tree(path.join(dir, 'incidents'))).toEqual(before);
    const config = await readFile(path.join(dir, 'kabar.config.ts'), 'utf8');
    await writeFile(path.join(dir, 'kabar.config.ts'), config.replace("from 'kabar/config'", `from '${path.resolve('src/config.ts')}'`));
    const check = await runKabar(dir, ['check']);
    expect(check.code, check.stderr).toBe(0);
  });

  it('before npm install, check says to run it, at the config line that imports Kabar', async () => {
    const dir = await temp();
    expect((await runKabar(dir, ['init', '.', ...FLAGS])).code).toBe(0);
    const check = await runKabar(dir, ['check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/^kabar\.config\.ts:1: file: imports from the package "kabar", which is not installed here \(run npm install first/m);
  });

  it('takes the product name from the directory only when the directory names one', async () => {
    const base = await temp();
    const named = await runKabar(base, ['init', 'acme-status', '--yes', '--component', 'api=API']);
    expect(named.code, named.stderr).toBe(0);
    expect(await readFile(path.join(base, 'acme-status', 'kabar.config.ts'), 'utf8')).toContain("name: 'Acme',");
    const unnamed = await runKabar(base, ['init', 'my-status', '--yes', '--component', 'api=API']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toMatch(/missing --name: the directory's name \("my-status"\) does not say what the product is called/);
    expect(await readdir(base)).toEqual(['acme-status']);
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
    const locale = await runKabar(dir, ['init', 'a', '--yes', '--name', 'Acme', '--locale', 'English=status.acme.com']);
    expect(locale.stderr).toMatch(/--locale "English=status\.acme\.com": "English" is not a language tag \(expected e\.g\. en, id or pt-BR/);
    const component = await runKabar(dir, ['init', 'b', '--yes', '--name', 'Acme', '--component', 'api']);
    expect(component.stderr).toMatch(/--component "api" is not id=name/);
    expect(await readdir(dir)).toEqual([]);
  });
});
