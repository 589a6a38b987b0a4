/**
 * Files outside the repository, through `kabar import` run as a user runs it: a committed symlink
 * never lets the import write outside the repository, and a cState site's symlinks are judged by
 * where they lead.
 */
import { cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
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
      expect(result.stderr).toMatch(new RegExp(`^kabar import cstate: ${link.replace(/\./g, '\\.')} is a symlink, and the import would write .+ through it: Kabar never writes through a symlink .+ Nothing was changed\\.$`, 'm'));
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(await readdir(outside)).toEqual([]);
      expect(await snapshot(dir)).toEqual(before);
    });
  }
});
