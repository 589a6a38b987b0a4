/**
 * Builds that are killed or run twice at once: nothing may keep running, nothing may pile up,
 * and no result may be silently lost.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE_NOW, PROJECT, runBuild } from '../site/helpers.ts';

/** Processes whose environment carries `marker` (every process of one build tree inherits it). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function until(condition: () => boolean, what: string, limitMs = 240_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(process.platform !== 'linux')('a build killed with SIGKILL', () => {
  it('takes its render child with it, and the next build removes the staging it left', { timeout: 600_000 }, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kabar-killed-'));
    const out = path.join(work, 'dist');
    const marker = `BUILD_FAULT_TEST=${path.basename(work)}`;
    const [key, value] = marker.split('=') as [string, string];
    const parent = spawn(process.execPath, [path.join(PROJECT, 'bin/kabar.js'), 'build', '--root', fixture('site-domains'), '--out', out], {
      env: { ...process.env, SOURCE_DATE_EPOCH: String(FIXTURE_NOW / 1000), [key]: value },
      stdio: 'ignore',
    });
    // Wait until the render child runs (not another child, such as git), then kill the parent the hard way.
    const isRenderChild = (pid: number) => {
      try {
        return pid !== parent.pid && readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('render-child');
      } catch {
        return false; // gone meanwhile
      }
    };
    // The render child starts first; the staging directory once the output is locked.
    await until(() => processesWith(marker).some(isRenderChild) && readdirSync(work).some((name) => name.startsWith('.dist-build-')), 'the render child and the staging directory');
    const child = processesWith(marker).find(isRenderChild)!;
    const parentGone = new Promise((resolve) => parent.on('exit', resolve));
    parent.kill('SIGKILL');
    await parentGone;
    const staging = readdirSync(work).filter((name) => name.startsWith('.dist-build-'));
    expect(staging.length).toBeGreaterThan(0);
    const pages = () => staging.flatMap((dir) => readdirSync(path.join(work, dir), { recursive: true }).map(String)).filter((f) => f.endsWith('index.html')).sort();
    // The kill may come before the child is told to render, or while it renders: what it wrote
    // until then stays (the next build removes it), and nothing more. An orphan would go on to write the site.
    const whenParentDied = pages();
    await until(() => !existsSync(`/proc/${child}`) || readFileSync(`/proc/${child}/stat`, 'latin1').split(' ')[2] === 'Z', 'the child to exit');
    expect(pages()).toEqual(whenParentDied);

    const next = await runBuild(['--root', fixture('site-domains'), '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/removed \d+ staging director(y|ies) left by an interrupted build/);
    await until(() => readdirSync(work).length === 1, 'the build\'s own staging to be removed');
    expect(readdirSync(work).sort()).toEqual(['dist']);
  });
});

describe.skipIf(process.platform !== 'linux')('a build whose content has errors', () => {
  it('stops the render child that started while the content was validated: no process or staging directory is left', { timeout: 600_000 }, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kabar-invalid-'));
    const repo = path.join(work, 'repo');
    cpSync(fixture('site-single'), repo, { recursive: true });
    const [id] = readdirSync(path.join(repo, 'incidents')).filter((name) => !name.startsWith('.')).sort();
    writeFileSync(path.join(repo, 'incidents', id!, '2026-01-01T0000Z.md'), '---\nat: 2026-01-01T00:00:00Z\nstatus: not-a-status\n---\nBroken.\n');
    const marker = `BUILD_FAULT_TEST=${path.basename(work)}`;
    const [key, value] = marker.split('=') as [string, string];
    const build = await new Promise<{ code: number | null; stderr: string; pid: number }>((resolve) => {
      const child = spawn(process.execPath, [path.join(PROJECT, 'bin/kabar.js'), 'build', '--root', repo, '--out', path.join(work, 'dist')], {
        env: { ...process.env, SOURCE_DATE_EPOCH: String(FIXTURE_NOW / 1000), [key]: value },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => resolve({ code, stderr, pid: child.pid! }));
    });
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/2026-01-01T0000Z\.md:3: status: /);
    expect(build.stderr).toContain('the site was not built');
    expect(build.stderr).not.toMatch(/rendering the site failed|Error:|\n\s+at /);
    // The child was stopped and waited for before the build returned.
    expect(processesWith(marker)).toEqual([]);
    expect(readdirSync(work).sort()).toEqual(['repo']);
  });
});

describe('two builds into the same output at once', () => {
  it('the second waits for the first: both succeed and the output is one complete site', { timeout: 600_000 }, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kabar-twice-'));
    mkdirSync(work, { recursive: true });
    const out = path.join(work, 'dist');
    const args = ['--root', fixture('site-domains'), '--out', out];
    const [a, b] = await Promise.all([runBuild(args), runBuild(args)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stderr, b.stderr].filter((e) => e.includes('another build is writing dist')).length).toBe(1);
    // The replaced output is removed in the background, after the build has returned.
    await until(() => readdirSync(work).length === 1, 'the old output to be removed');
    expect(readdirSync(work)).toEqual(['dist']);
    expect(readdirSync(out).sort()).toEqual(['status.example.co.id', 'status.example.com']);
    for (const domain of readdirSync(out)) expect(existsSync(path.join(out, domain, 'index.html'))).toBe(true);
  });
});

describe('the build\'s memory limit', () => {
  it('a build that outgrows its heap limit is run again with Node\'s defaults, and succeeds', { timeout: 600_000 }, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'kabar-heap-'));
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(PROJECT, 'bin/kabar.js'), 'build', '--root', fixture('site-single'), '--out', path.join(work, 'dist')], {
        env: { ...process.env, SOURCE_DATE_EPOCH: String(FIXTURE_NOW / 1000), KABAR_BUILD_HEAP_MB: '8' },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("kabar: the build needed more memory than its limit; building again with Node's default limits");
    expect(existsSync(path.join(work, 'dist/site/index.html'))).toBe(true);
  });

  it('is sized to the history', async () => {
    const { heapFlags } = await import('../../src/build/render-process.ts');
    expect(heapFlags(0, {})).toEqual(['--max-semi-space-size=8', '--max-old-space-size=256']);
    expect(heapFlags(10_000, {})).toEqual(['--max-semi-space-size=8', '--max-old-space-size=460']);
    expect(heapFlags(10_000, { KABAR_BUILD_HEAP_MB: '1024' })).toEqual(['--max-semi-space-size=8', '--max-old-space-size=1024']);
  });

  it('is applied to kabar build itself from 2 000 incident directories on, once', async () => {
    const { ownHeapFlags, OWN_HEAP_LIMIT_FROM } = await import('../../src/build/render-process.ts');
    const repo = mkdtempSync(path.join(tmpdir(), 'kabar-own-heap-'));
    for (let i = 0; i < OWN_HEAP_LIMIT_FROM - 1; i++) mkdirSync(path.join(repo, 'incidents', `2026-01-01-i${i}`), { recursive: true });
    expect(ownHeapFlags(repo, [], {})).toEqual([]);
    mkdirSync(path.join(repo, 'incidents', '2026-01-01-last'));
    expect(ownHeapFlags(repo, [], {})).toEqual(['--max-semi-space-size=8', '--max-old-space-size=256']);
    // Already under a limit (the relaunched process, or one the user started so): not again.
    expect(ownHeapFlags(repo, ['--max-old-space-size=220'], {})).toEqual([]);
    expect(ownHeapFlags(repo, [], { KABAR_OWN_HEAP: '1' })).toEqual([]);
  });
});
