import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KABAR, makeRepo, NODE, NOW } from './cli-harness.ts';

/** `kabar dev` as a user runs it, its output read line by line. */
function startDev(cwd: string) {
  const child = spawn(NODE, [KABAR, 'dev', '--port', '0'], { cwd, env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW), NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  let rest = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    waiting?.();
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.on('exit', () => waiting?.());
  /** Waits until `count` lines match; no clock: the test's timeout bounds it. */
  const waitFor = async (match: (line: string) => boolean, count = 1): Promise<string[]> => {
    for (;;) {
      const found = lines.filter(match);
      if (found.length >= count) return found;
      if (child.exitCode !== null) throw new Error(`kabar dev exited (${child.exitCode}):\n${lines.join('\n')}\n${stderr}`);
      await new Promise<void>((resolve) => (waiting = resolve));
    }
  };
  return { child, lines, waitFor };
}

const rebuilt = (line: string) => line.startsWith('kabar dev: rebuilt');

function incident(title: string, body: string): string {
  return `---\ntype: incident\ntitle: ${title}\nseverity: minimal\nstarted: 2026-11-20T10:00:00+07:00\ncomponents:\n  api: degraded_performance\n---\n\n${body}\n`;
}

/** Written beside the target, then renamed over it: how vim (with backupcopy=no), JetBrains and many editors save. */
function saveByRename(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

let running: ChildProcess | undefined;
afterEach(() => {
  running?.kill();
  running = undefined;
});

describe('kabar dev', () => {
  it('rebuilds after every save, by rename or in place, in a directory made after it started, and after config saves by rename; editor files fail nothing', async () => {
    const { dir } = makeRepo('cli-basic', false);
    // No incidents/ yet: the first incident's directory is made while kabar dev runs.
    rmSync(path.join(dir, 'incidents'), { recursive: true });
    const dev = startDev(dir);
    running = dev.child;
    const [first] = await dev.waitFor(rebuilt);
    const url = /serving (http:\/\/\S+?)\/?$/.exec(first!)![1]!;
    await dev.waitFor((l) => l.startsWith('kabar dev: watching'));

    /** After a change: the next "rebuilt", and more until the page shows `text` (a build that began before the change shows the old one). */
    const seen = async (page: string, text: string) => {
      let count = dev.lines.filter(rebuilt).length;
      for (;;) {
        await dev.waitFor(rebuilt, ++count);
        const html = await (await fetch(`${url}${page}`)).text();
        if (html.includes(text)) return;
      }
    };

    const id = '2026-11-20-api-errors';
    const incidentDir = path.join(dir, 'incidents', id);
    const index = path.join(incidentDir, 'index.md');
    mkdirSync(incidentDir, { recursive: true });
    writeFileSync(index, incident('API errors', 'Created after start.'));
    await seen(`/incidents/${id}/`, 'Created after start.');

    // vim holds a swap file while the file is open, and probes the directory with "4913" before a save.
    writeFileSync(path.join(incidentDir, '.index.md.swp'), 'swap');
    for (let i = 1; i <= 10; i++) {
      const text = incident('API errors', `Edit number ${i}.`);
      if (i % 2 === 1) {
        writeFileSync(path.join(incidentDir, '4913'), '');
        unlinkSync(path.join(incidentDir, '4913'));
        writeFileSync(`${index}~`, readFileSync(index)); // vim's backup, left as with `set backup`
        saveByRename(index, text);
      } else {
        writeFileSync(index, text);
      }
      await seen(`/incidents/${id}/`, `Edit number ${i}.`);
    }

    const second = '2026-11-21-checkout';
    mkdirSync(path.join(dir, 'incidents', second));
    saveByRename(path.join(dir, 'incidents', second, 'index.md'), incident('Checkout slow', 'A second incident.'));
    await seen(`/incidents/${second}/`, 'A second incident.');

    const config = path.join(dir, 'kabar.config.ts');
    const original = readFileSync(config, 'utf8');
    for (const name of ['Renamed Shop', 'Renamed Again Shop']) {
      saveByRename(config, original.replace("name: 'Fixture Shop'", `name: '${name}'`));
      await seen('/', name);
    }
    expect(dev.lines.filter((l) => l.startsWith('kabar dev: not rebuilt'))).toEqual([]);
  }, 600_000);
});
