/**
 * A long history is read by a worker thread and validated while it is read (src/io/read-content.ts,
 * src/io/load-repo.ts): what that gives must be what reading every file first and validating them
 * in one go gives, problems and refusals included, and whichever way the files were cut into batches.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, generateRepo } from '../../scripts/bench/generate-repo.ts';
import { validateContent } from '../../src/core/content/validate-repo.ts';
import { sortProblems } from '../../src/core/problems.ts';
import { loadSiteConfig } from '../../src/io/load-config.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { countIncidentDirs } from '../../src/io/incident-dirs.ts';
import { readContentFiles } from '../../src/io/read-content.ts';

let work = '';
let repo = '';

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'kabar-long-read-'));
  repo = path.join(work, 'repo');
  await generateRepo({ out: repo, incidents: 600, nowMs: DEFAULT_NOW });
  const incidents = path.join(repo, 'incidents');
  // A broken file, a stray one, a symlink leading out of the repository, and an editor's backup.
  mkdirSync(path.join(incidents, '2020-01-01-broken'));
  writeFileSync(path.join(incidents, '2020-01-01-broken', 'index.md'), '---\ntitle: "unclosed\nstatus: [\n---\n');
  writeFileSync(path.join(incidents, 'stray.md'), 'stray\n');
  writeFileSync(path.join(work, 'outside.md'), '---\ntitle: secret\n---\n');
  mkdirSync(path.join(incidents, '2020-01-02-linked'));
  symlinkSync(path.join(work, 'outside.md'), path.join(incidents, '2020-01-02-linked', 'index.md'));
  writeFileSync(path.join(incidents, '2020-01-01-broken', 'index.md~'), 'backup');
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a long history read while it is validated', () => {
  it('gives the same incidents and problems as reading it all first', { timeout: 120_000 }, async () => {
    expect(countIncidentDirs(repo)).toBeGreaterThanOrEqual(500);
    const loaded = await loadRepo(repo, DEFAULT_NOW);
    const config = (await loadSiteConfig(repo)).config!;
    const read = await readContentFiles(repo);
    const whole = validateContent(read.files, config, DEFAULT_NOW);
    expect(loaded.incidents).toEqual(whole.incidents);
    expect(loaded.problems).toEqual(sortProblems([...read.problems, ...whole.problems]));
    expect(loaded.incidents.length).toBeGreaterThan(590);
    const at = (file: string) => loaded.problems.filter((p) => p.file === file);
    expect(at('incidents/2020-01-01-broken/index.md').map((p) => p.field)).toContain('frontmatter');
    expect(at('incidents/stray.md').map((p) => p.field)).toEqual(['file']);
    expect(at('incidents/2020-01-02-linked/index.md')).toMatchObject([{ line: 1, field: 'file', severity: 'error', message: expect.stringMatching(/^is a symlink/) }]);
    // The backup is an editor's file, and the file outside the repository is never read.
    expect(at('incidents/2020-01-01-broken/index.md~')).toEqual([]);
    expect(loaded.incidents.some((i) => JSON.stringify(i).includes('secret'))).toBe(false);
  });
});
