/**
 * Files outside the repository, through `kabar import` run as a user runs it: a committed symlink
 * never lets the import write outside the repository, and a cState site's symlinks are judged by
 * where they lead.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/cli-harness.ts';
import { initRepo, runKabar, snapshot } from './helpers.ts';

const SITE = path.join(ROOT, 'test/fixtures/import-cstate-site');
/** The directory the import writes for the fixture's "Checkout down" issue. */
const CHECKOUT = 'incidents/2026-11-14-checkout-down-script-alert-x-script-friends';

const outsideDir = () => mkdtemp(path.join(tmpdir(), 'kabar-outside-'));

/** A copy of the cState fixture, to add symlinks to. */
async function cstateCopy(): Promise<string> {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-cstate-')), 'site');
  await cp(SITE, dir, { recursive: true });
  return dir;
}

describe('kabar import never writes through a symlink', () => {
  for (const [name, link] of [
    ['an incident directory', CHECKOUT],
    ['.kabar (where the import stages its files and keeps its record)', '.kabar'],
    ['incidents/ itself', 'incidents'],
  ] as const) {
    it(`${name} as a symlink to a directory outside: refused, nothing written anywhere`, async () => {
      const dir = await initRepo();
      const outside = await outsideDir();
      if (link === 'incidents') await rm(path.join(dir, 'incidents'), { recursive: true });
      await symlink(outside, path.join(dir, link));
      const before = await snapshot(dir);
      const result = await runKabar(dir, ['import', 'cstate', SITE]);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^kabar import cstate: ${link.replace(/\./g, '\\.')} is a symlink on the way to ${link === '.kabar' ? '\\.kabar/imported\\.json' : 'incidents/.+'}: Kabar never writes through a symlink \\(it may lead outside the repository\\)\\. Replace it with a real directory or remove it, then try again\\. Nothing was changed\\.$`, 'm'));
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(await readdir(outside)).toEqual([]);
      expect(await snapshot(dir)).toEqual(before);
    });
  }
});

const SECRET_ISSUE = '---\ntitle: SECRET-TITLE\ndate: 2026-11-10 10:00:00\nseverity: down\nsection: issue\n---\nSECRET-BODY\n';

describe('kabar import cstate judges the site’s symlinks by where they lead', () => {
  for (const [name, link] of [
    ['its config.yml', 'config.yml'],
    ['its content/issues/', 'content/issues'],
  ] as const) {
    it(`${name} as a symlink outside the site: refused, nothing read from there, nothing changed`, async () => {
      const site = await cstateCopy();
      const outside = await outsideDir();
      const target = path.join(outside, path.basename(link));
      await cp(path.join(site, link), target, { recursive: true });
      if (link === 'config.yml') await writeFile(target, 'title: SECRET-TITLE\nparams: [SECRET-PARAMS\n');
      else await writeFile(path.join(target, 'secret.md'), SECRET_ISSUE);
      await rm(path.join(site, link), { recursive: true });
      await symlink(target, path.join(site, link));
      const dir = await initRepo();
      const before = await snapshot(dir);
      const result = await runKabar(dir, ['import', 'cstate', site]);
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^kabar import cstate: ${link.replace('/', '\\/')} of the cState site is a symlink that leads outside it \\(expected a file or directory inside the site; nothing outside it is read\\)\\. Nothing was changed\\.$`, 'm'));
      expect(result.stdout + result.stderr).not.toMatch(/SECRET/);
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('a symlinked config.yml inside the site is read', async () => {
    const site = await cstateCopy();
    await mkdir(path.join(site, 'shared'));
    await cp(path.join(site, 'config.yml'), path.join(site, 'shared', 'config.yml'));
    await rm(path.join(site, 'config.yml'));
    await symlink(path.join(site, 'shared', 'config.yml'), path.join(site, 'config.yml'));
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('issue files: a symlink inside the site is imported; one leading outside, or nowhere, is skipped and reported on stderr and in the report', async () => {
    const site = await cstateCopy();
    const outside = await outsideDir();
    await writeFile(path.join(outside, 'secret.md'), SECRET_ISSUE);
    await mkdir(path.join(outside, 'more'));
    await writeFile(path.join(outside, 'more', 'index.md'), SECRET_ISSUE);
    await mkdir(path.join(site, 'archive'));
    await writeFile(path.join(site, 'archive', 'linked.md'), SECRET_ISSUE.replace(/SECRET-TITLE/, 'Linked from inside').replace('SECRET-BODY', 'Inside text.'));
    const issues = path.join(site, 'content', 'issues');
    await symlink(path.join(site, 'archive', 'linked.md'), path.join(issues, '2026-11-10-linked.md'));
    await symlink(path.join(outside, 'secret.md'), path.join(issues, '2026-11-10-secret.md'));
    await symlink(path.join(outside, 'more'), path.join(issues, 'more'));
    await symlink(path.join(outside, 'gone.md'), path.join(issues, 'gone.md'));
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toMatch(/SECRET/);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual([
      'kabar import cstate: skipped content/issues/2026-11-10-secret.md: a symlink that leads outside the cState site, so it was not read',
      'kabar import cstate: skipped content/issues/gone.md: a symlink that leads nowhere, so it was not read',
      'kabar import cstate: skipped content/issues/more: a symlink that leads outside the cState site, so it was not read',
    ]);
    const report = await readFile(path.join(dir, 'import-report.md'), 'utf8');
    expect(report).not.toMatch(/SECRET/);
    expect(report).toContain('- **content/issues/2026-11-10-secret.md**: a symlink that leads outside the cState site, so it was not read');
    expect(report).toContain('- **content/issues/more**: a symlink that leads outside the cState site, so it was not read');
    expect(report).toContain('- **content/issues/gone.md**: a symlink that leads nowhere, so it was not read');
    const ids = await readdir(path.join(dir, 'incidents'));
    expect(ids.filter((id) => id.includes('linked-from-inside'))).toHaveLength(1);
    expect(ids.filter((id) => id.includes('secret'))).toEqual([]);
  });
});

describe('kabar import cstate reads every file of the site bounded', () => {
  const mkfifo = (file: string) => execFileSync('mkfifo', [file]);

  it('a FIFO as config.yml: refused at once, nothing changed (it used to wait forever for a writer)', async () => {
    const site = await cstateCopy();
    await rm(path.join(site, 'config.yml'));
    mkfifo(path.join(site, 'config.yml'));
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toBe('kabar import cstate: config.yml of the cState site is not a regular file (a FIFO, socket or device) (expected a file). Nothing was changed.\n');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a FIFO among the issues, directly or through a symlink: skipped unread and reported', async () => {
    const site = await cstateCopy();
    const issues = path.join(site, 'content', 'issues');
    mkfifo(path.join(issues, '2026-11-10-pipe.md'));
    await mkdir(path.join(site, 'pipes'));
    mkfifo(path.join(site, 'pipes', 'fifo'));
    await symlink(path.join(site, 'pipes', 'fifo'), path.join(issues, '2026-11-10-linked-pipe.md'));
    const dir = await initRepo();
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'kabar import cstate: skipped content/issues/2026-11-10-linked-pipe.md: not a regular file (a FIFO, socket or device), so it was not read',
      'kabar import cstate: skipped content/issues/2026-11-10-pipe.md: not a regular file (a FIFO, socket or device), so it was not read',
    ]);
    expect(await readFile(path.join(dir, 'import-report.md'), 'utf8')).toContain('- **content/issues/2026-11-10-pipe.md**: not a regular file (a FIFO, socket or device), so it was not read');
  });

  it('an issue file over 1 MiB: an error naming it and its size, nothing read further, nothing changed', async () => {
    const site = await cstateCopy();
    const huge = SECRET_ISSUE + 'x'.repeat(3 * 1024 * 1024);
    await writeFile(path.join(site, 'content', 'issues', '2026-11-10-huge.md'), huge);
    const dir = await initRepo();
    const before = await snapshot(dir);
    const result = await runKabar(dir, ['import', 'cstate', site]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).toBe(`kabar import cstate: content/issues/2026-11-10-huge.md of the cState site is ${Math.ceil(Buffer.byteLength(huge) / 1024)} KB (expected at most 1 MiB per file: is it a cState file?). Nothing was changed.\n`);
    expect(await snapshot(dir)).toEqual(before);
  });
});
