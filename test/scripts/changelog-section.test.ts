import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NODE } from '../cli/cli-harness.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/changelog-section.ts');

/** Runs the script as the release workflow does: `node scripts/changelog-section.ts <version> [file]`. */
async function section(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(NODE, [SCRIPT, ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

const CHANGELOG = `# Changelog

Intro.

## Unreleased

### Releasing
- Next.

## [1.2.0] - 2027-01-05

### Changed
- One.
- Two.

## v1.1.0

## 1.0.0

- First.
`;

describe('scripts/changelog-section.ts', () => {
  it('prints one version\'s section without its heading, up to the next version, whatever the heading\'s style', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kabar-changelog-'));
    const file = path.join(dir, 'CHANGELOG.md');
    await writeFile(file, CHANGELOG.replace(/\n/g, '\r\n'));
    expect(await section('1.2.0', file)).toEqual({ code: 0, stdout: '### Changed\n- One.\n- Two.\n', stderr: '' });
    expect((await section('v1.0.0', file)).stdout).toBe('- First.\n');
    // A version matches whole: 1.2 is not 1.2.0, 1.0 not 1.0.0.
    expect((await section('1.2', file)).code).toBe(1);
    expect((await section('1.0', file)).code).toBe(1);
  });

  it('refuses a version with no section or an empty one, so no release goes out without notes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'kabar-changelog-'));
    const file = path.join(dir, 'CHANGELOG.md');
    await writeFile(file, CHANGELOG);
    expect(await section('1.1.0', file)).toEqual({ code: 1, stdout: '', stderr: `${file}: no "## 1.1.0" section with any lines (expected the release's changes under that heading)\n` });
    expect((await section('9.9.9', file)).code).toBe(1);
    expect((await section('1.0.0', path.join(dir, 'missing.md'))).stderr).toBe(`${path.join(dir, 'missing.md')}: cannot read it (ENOENT)\n`);
  });

  it('finds the current version\'s section in this repository\'s own CHANGELOG.md', async () => {
    const { version } = (await import('../../package.json', { with: { type: 'json' } })).default;
    const result = await section(version);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^### /);
    expect(result.stdout).not.toMatch(/^## /m);
  });
});
