/**
 * What README.md states as fact, checked: the workflow files it names are where it says they
 * are, numbers it gives are the code's, and no passage is pasted twice.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { uiLanguages } from '../src/i18n/index.ts';
import { ROOT, runKabar } from './cli/cli-harness.ts';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const OWN = readdirSync(path.join(ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml'));

/** The README's prose: no code blocks, no tables (their rows repeat by design), one line per paragraph. */
function prose(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```$/gm, '')
    .split('\n')
    .filter((l) => !l.startsWith('|'))
    .join('\n')
    .replace(/\s+/g, ' ');
}
const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? [];

describe('README.md', () => {
  let initWorkflows: string[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kabar-readme-'));
    const result = await runKabar(dir, ['init', 'status', '--yes', '--name', 'Acme', '--time-zone', 'UTC', '--component', 'api=API']);
    expect(result.code, result.stderr).toBe(0);
    initWorkflows = readdirSync(path.join(dir, 'status/.github/workflows')).sort();
  });

  it('names each workflow file where it is: kabar-*.yml as kabar init writes them, the others in this repository', () => {
    expect(initWorkflows.length).toBeGreaterThan(0);
    // One name, one place: a status repository's workflows and this repository's never share a name.
    expect(initWorkflows.filter((f) => OWN.includes(f))).toEqual([]);
    const named = new Set([...README.matchAll(/(?<![\w*-])([\w-]+\.yml)\b/g)].map((m) => m[1]!));
    for (const file of named) expect(file.startsWith('kabar-') ? initWorkflows : OWN, file).toContain(file);
    for (const file of initWorkflows) expect(README).toContain(`.github/workflows/${file}`);
    for (const file of OWN.filter((f) => f.startsWith('status-'))) expect(named).toContain(file);
  });

  it('counts the workflows kabar init writes as it writes them', () => {
    const numbers = ['zero', 'one', 'two', 'three', 'four', 'five', 'six'];
    // "three short workflows", "The three workflows `init` writes": every count of workflows is of init's.
    const counts = [...README.matchAll(/\b(one|two|three|four|five|six) (?:[a-z-]+ )?workflows\b/gi)].map((m) => m[1]!.toLowerCase());
    expect(counts.length).toBeGreaterThan(1);
    for (const count of counts) expect(count).toBe(numbers[initWorkflows.length]);
  });

  it('gives no install figures that go stale with every dependency release (the bench records them)', () => {
    expect(README).not.toMatch(/\d+ packages\b|tarball is \d|\d+ (?:KB|MiB|MB) installed/);
  });

  it('says no sentence of eight words or more twice', () => {
    const sentences = prose(README)
      .split(/(?<=[.!?])\s+(?=[A-Z`*[(])/)
      .map((s) => words(s).join(' '))
      .filter((s) => s.split(' ').length >= 8);
    const twice = sentences.filter((s, i) => sentences.indexOf(s) !== i);
    expect(twice).toEqual([]);
  });

  it('repeats no run of twelve words (a half-sentence pasted twice)', () => {
    const all = words(prose(README));
    const seen = new Map<string, number>();
    const repeated: string[] = [];
    for (let i = 0; i + 12 <= all.length; i++) {
      const run = all.slice(i, i + 12).join(' ');
      const at = seen.get(run);
      if (at !== undefined && i - at >= 12) repeated.push(run);
      else if (at === undefined) seen.set(run, i);
    }
    expect(repeated).toEqual([]);
  });

  it('has no word or unit doubled by an edit ("the the", "4 ms (…) ms")', () => {
    const text = prose(README);
    expect([...text.matchAll(/\b(\w+) \1\b/gi)].map((m) => m[0]).filter((m) => !/^\d/.test(m))).toEqual([]);
    expect([...text.matchAll(/\d (ms|s|KB|MiB|MB|%) \([^)]*\) \1\b/g)].map((m) => m[0])).toEqual([]);
  });

  it('lists exactly the bundled languages', () => {
    const line = /Bundled languages \((\d+)\): ([^\n]*(?:\n[^\n]+)*?)\.\n/.exec(README);
    expect(line).not.toBeNull();
    const tags = [...line![2]!.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!);
    expect(tags.sort()).toEqual([...uiLanguages].sort());
    expect(Number(line![1])).toBe(uiLanguages.length);
  });
});
