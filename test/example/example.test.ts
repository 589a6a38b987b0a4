import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../src/core/content/schema.ts';
import { loadRepo } from '../../src/io/load-repo.ts';
import { readExampleAnchor, renderExample } from '../../scripts/example/render-example.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = path.join(PROJECT, 'node_modules/.bin/node');
const DAY = 86_400_000;
const temps: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(NODE, [path.join(PROJECT, script), ...args], { cwd: PROJECT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kabar-example-'));
  temps.push(dir);
  return dir;
}

async function listFiles(root: string, dir = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else out.push(rel);
  }
  return out.sort();
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const epoch = (ms: number) => String(Math.floor(ms / 1000));

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

const ANCHOR = Date.parse('2026-11-23T09:00:00+07:00');

describe.each([
  ['the committed anchor', ANCHOR],
  ['400 days later, at an odd minute', ANCHOR + 400 * DAY + 13 * 3_600_000 + 37 * 60_000 + 21_000],
  ['just after midnight in Jakarta', Date.parse('2027-03-01T00:20:00+07:00')],
])('the example generated for %s', (_name, now) => {
  let dir = '';
  const checkedAt = now + 10 * 60_000;

  it('is written by the script and passes kabar check --strict ten minutes later', async () => {
    dir = await tempDir();
    const written = await run('scripts/example/write-example.ts', ['--out', dir, '--now', iso(now)]);
    expect(written.stderr).toBe('');
    expect(written.code).toBe(0);
    const check = await run('bin/kabar.js', ['check', '--root', dir, '--strict', '--format', 'json'], { SOURCE_DATE_EPOCH: epoch(checkedAt) });
    const report = JSON.parse(check.stdout) as { ok: boolean; errors: number; warnings: number; problems: unknown[] };
    expect(report.problems).toEqual([]);
    expect(check.code).toBe(0);
  });

  it('shows every feature a newcomer should see', async () => {
    const repo = await loadRepo(dir, checkedAt);
    const model = repo.model!;
    expect(model).toBeDefined();
    const incidents = model.incidents.filter((i) => i.type === 'incident');
    const maintenance = model.incidents.filter((i) => i.type === 'maintenance');

    expect(incidents.length).toBeGreaterThanOrEqual(12);
    expect(incidents.length).toBeLessThanOrEqual(18);
    expect(incidents.every((i) => i.startedAt > checkedAt - 90 * DAY && i.startedAt < checkedAt)).toBe(true);
    expect(new Set(incidents.map((i) => i.severity))).toEqual(new Set(SEVERITIES));

    expect(model.components.length).toBeGreaterThanOrEqual(8);
    expect(model.components.length).toBeLessThanOrEqual(12);
    expect(new Set(model.components.map((c) => c.config.group)).size).toBe(3);
    expect(model.config.regions.length).toBeGreaterThanOrEqual(3);
    expect(model.config.locales.map((l) => l.tag)).toEqual(['en', 'id']);

    expect(model.activeIncidents).toHaveLength(1);
    const active = model.activeIncidents[0]!;
    expect(['identified', 'monitoring']).toContain(active.status);
    expect(active.workaround?.en?.text).toBeTruthy();
    expect(active.regions?.length).toBeGreaterThan(0);
    expect(active.nextUpdate).toBeGreaterThan(checkedAt);
    expect(active.stale).toBe(false);
    expect(model.page.indicator).not.toBe('none');

    expect(incidents.filter((i) => i.provider && !i.active).length).toBeGreaterThanOrEqual(1);
    expect(incidents.some((i) => i.compensation && i.resolvedAt !== undefined)).toBe(true);
    expect(model.upcomingMaintenance.length).toBeGreaterThanOrEqual(1);
    expect(model.upcomingMaintenance[0]!.scheduledFor).toBeGreaterThan(checkedAt);
    expect(maintenance.some((m) => m.status === 'completed' && m.resolvedAt! < checkedAt)).toBe(true);

    // Most incidents are translated; a few fall back to English so the note shows.
    const untranslated = incidents.filter((i) => i.untranslated.includes('id'));
    expect(untranslated.length).toBeGreaterThanOrEqual(1);
    expect(untranslated.length).toBeLessThan(incidents.length / 2);
    expect(active.untranslated).toEqual([]);

    const published = incidents.filter((i) => i.postmortem);
    expect(published).toHaveLength(1);
    expect(published[0]!.severity).toBe('severe');
    const headings = published[0]!.postmortem!.body.en!.text.match(/^## .+$/gm);
    expect(headings).toEqual(expect.arrayContaining(['## Summary', '## Impact', '## Root cause', '## Resolution', '## Action items']));
    expect(Date.parse(published[0]!.postmortem!.published)).toBeLessThan(checkedAt);
    // The draft stays in the repository but never reaches the model (and so the site).
    const drafts = repo.incidents.filter((i) => i.postmortem?.status === 'draft');
    expect(drafts).toHaveLength(1);
    expect(model.byId.get(drafts[0]!.id)!.postmortem).toBeUndefined();

    // Every resolved incident went through monitoring first: verify before declaring recovery.
    for (const incident of incidents.filter((i) => !i.active)) expect(incident.updates.map((u) => u.status)).toContain('monitoring');
  });
});

describe('the committed example', () => {
  it('is exactly the generator output for the anchor its README records', async () => {
    const root = path.join(PROJECT, 'incidents');
    const files = await listFiles(root);
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    const anchor = readExampleAnchor(readme);
    expect(anchor).toBe('2026-11-23T09:00:00+07:00');
    const expected = renderExample(Date.parse(anchor!));
    expect(files.map((f) => `incidents/${f}`)).toEqual([...expected.keys()].sort());
    for (const file of files) expect(await readFile(path.join(root, file), 'utf8'), file).toBe(expected.get(`incidents/${file}`));
  });
});

describe('write-example never loses content it did not write', () => {
  const first = '2026-11-23T09:00:00+07:00';
  const later = '2026-12-05T16:45:00+07:00';

  it('regenerates its own output for a new date, leaving no incident of the old one behind', async () => {
    const dir = await tempDir();
    expect((await run('scripts/example/write-example.ts', ['--out', dir, '--now', first])).code).toBe(0);
    const again = await run('scripts/example/write-example.ts', ['--out', dir, '--now', later]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    const expected = [...renderExample(Date.parse(later)).keys(), 'kabar.config.ts', 'logo.svg'].sort();
    expect(await listFiles(dir)).toEqual(expected);
  });

  it.each([
    ['a new incident of its own', 'incidents/2026-11-20-checkout-errors/index.md', '---\ntitle: Checkout errors\nseverity: minimal\nstarted: 2026-11-20T10:00:00+07:00\n---\n'],
    ['an edited example file', 'incidents/README.md', '# Our incidents\n'],
    ['a different site config', 'kabar.config.ts', 'export default { name: "Mine" };\n'],
  ])('refuses when the target holds %s, and changes nothing', async (_name, file, text) => {
    const dir = await tempDir();
    expect((await run('scripts/example/write-example.ts', ['--out', dir, '--now', first])).code).toBe(0);
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
    const before = await snapshot(dir);

    const refused = await run('scripts/example/write-example.ts', ['--out', dir, '--now', later]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(file);
    expect(refused.stderr).toContain('Nothing was changed');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses a repository with content but no example marker', async () => {
    const dir = await tempDir();
    const file = 'incidents/2026-11-20-checkout-errors/index.md';
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), '---\ntitle: Real incident\n---\n');
    const refused = await run('scripts/example/write-example.ts', ['--out', dir, '--now', first]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(file);
    expect(await listFiles(dir)).toEqual([file]);
  });

  it('rejects a --now without a timezone offset', async () => {
    const dir = await tempDir();
    const result = await run('scripts/example/write-example.ts', ['--out', dir, '--now', '2026-11-23 09:00']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--now: .*no timezone offset/);
    expect(await listFiles(dir)).toEqual([]);
  });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) out[file] = await readFile(path.join(dir, file), 'utf8');
  return out;
}
