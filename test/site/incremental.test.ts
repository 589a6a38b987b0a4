/**
 * A rebuild renders only what changed and reuses the rest of the previous output: after every
 * kind of edit, its output must be byte-identical to a full build of the same content.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_NOW, generateRepo } from '../../scripts/bench/generate-repo.ts';
import { digestTree, runBuild } from '../site/helpers.ts';

const NOW = DEFAULT_NOW;
let repo = '';
let work = '';

const incidentsDir = () => path.join(repo, 'incidents');
const isResolved = (id: string) => readdirSync(path.join(incidentsDir(), id)).some((f) => /^status: "?resolved/m.test(readFileSync(path.join(incidentsDir(), id, f), 'utf8')));
const incidents = () => readdirSync(incidentsDir()).filter((id) => !id.includes('maintenance')).sort();
const maintenanceCount = () => readdirSync(incidentsDir()).filter((id) => id.includes('maintenance')).length;
/** Resolved incidents (not maintenance), oldest first. */
const resolved = () => incidents().filter(isResolved);

async function rebuildAndCompare(now = NOW): Promise<{ reused: number; stderr: string }> {
  const incremental = await runBuild(['--root', repo, '--out', path.join(work, 'dist')], now);
  expect(incremental.code, incremental.stderr).toBe(0);
  const full = await runBuild(['--root', repo, '--out', path.join(work, 'full'), '--full'], now);
  expect(full.code, full.stderr).toBe(0);
  expect(await digestTree(path.join(work, 'dist'))).toEqual(await digestTree(path.join(work, 'full')));
  return { reused: Number(/reusing (\d+) unchanged pages/.exec(incremental.stderr)?.[1] ?? 0), stderr: incremental.stderr };
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'kabar-incremental-'));
  repo = path.join(work, 'repo');
  // 80 incidents over a month: several history and maintenance pages, translations, an active incident.
  await generateRepo({ out: repo, incidents: 80, nowMs: NOW, perYear: 3650 });
  const first = await runBuild(['--root', repo, '--out', path.join(work, 'dist')], NOW);
  expect(first.code, first.stderr).toBe(0);
  expect(first.stderr).toContain('rendering every page (no earlier build of this output to reuse)');
}, 600_000);

describe('a rebuild after an edit is identical to a full build', () => {
  it('with nothing changed, it reuses every settled page', { timeout: 600_000 }, async () => {
    const { reused } = await rebuildAndCompare();
    expect(reused).toBeGreaterThan(100);
  });

  it('a new update to the active incident', { timeout: 600_000 }, async () => {
    const active = incidents().find((id) => !isResolved(id))!;
    // Feeds and calendars are reused where the update does not show: those of the components it does not touch.
    const site = readdirSync(path.join(work, 'dist'))[0]!;
    const touched = new Set([...readFileSync(path.join(incidentsDir(), active, 'index.md'), 'utf8').matchAll(/^  ([a-z-]+): [a-z_]+$/gm)].map((m) => m[1]!));
    const components = readdirSync(path.join(work, 'dist', site, 'components'));
    const untouched = components.find((c) => !touched.has(c))!;
    expect(touched.size).toBeGreaterThan(0);
    const inode = (file: string) => statSync(path.join(work, 'dist', site, file)).ino;
    const files = [...touched, untouched].flatMap((c) => ['feed.json', 'history.atom', 'history.rss', 'maintenance.ics'].map((f) => `components/${c}/${f}`));
    const before = new Map(files.map((f) => [f, inode(f)]));
    const sitemap = inode('sitemap.xml');
    // Files rendered by every build (not keyed): those the update does not change stay as they were, not written again.
    const unkeyedSame = ['robots.txt', `components/${untouched}/badge.svg`, `components/${untouched}/embed/index.html`];
    const unkeyedChanged = ['api/v2/incidents.json', 'feed.json', 'index.html'];
    const unkeyedBefore = new Map([...unkeyedSame, ...unkeyedChanged].map((f) => [f, inode(f)]));
    writeFileSync(path.join(incidentsDir(), active, '2026-11-22T2355Z.md'), '---\nat: 2026-11-22T23:55:00Z\nstatus: identified\nnext_update: 2026-11-23T00:30:00Z\n---\nWe found the cause.\n');
    const { reused, stderr } = await rebuildAndCompare();
    expect(reused).toBeGreaterThan(100);
    for (const file of files.filter((f) => f.startsWith(`components/${untouched}/`))) expect(inode(file), `${file} reused`).toBe(before.get(file));
    for (const c of touched) expect(inode(`components/${c}/feed.json`), `components/${c}/feed.json rendered`).not.toBe(before.get(`components/${c}/feed.json`));
    // No page came or went: the sitemap is the previous build's.
    expect(inode('sitemap.xml'), 'sitemap.xml reused').toBe(sitemap);
    for (const file of unkeyedSame) expect(inode(file), `${file} left in place`).toBe(unkeyedBefore.get(file));
    for (const file of unkeyedChanged) expect(inode(file), `${file} written`).not.toBe(unkeyedBefore.get(file));
    // Only the changed directory's files were parsed and validated again.
    expect(stderr).toMatch(new RegExp(`kabar: ${incidents().length + maintenanceCount() - 1} unchanged incident directories taken as validated by the last build, 1 validated now`));
  });

  it('a render child that read another write of the content cache asks for the whole snapshot, and renders the same', { timeout: 600_000 }, async () => {
    const { buildSite } = await import('../../src/build/build-site.ts');
    const { startRenderChild } = await import('../../src/build/render-process.ts');
    const epoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(NOW / 1000);
    const lines: string[] = [];
    try {
      // The child reads a content cache of its own (an empty one): the incidents the snapshot names by id are not in it.
      const renderChild = await startRenderChild(repo, () => undefined, { cacheDir: mkdtempSync(path.join(tmpdir(), 'kabar-other-cache-')), out: path.join(work, 'dist') });
      const result = await buildSite({ root: repo, out: path.join(work, 'dist'), singleDomain: false, renderChild, log: (line) => lines.push(line) });
      expect(result.ok, lines.join('\n')).toBe(true);
    } finally {
      if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = epoch;
    }
    expect(lines.join('\n')).toMatch(/unchanged incident directories taken as validated by the last build/);
    const full = await runBuild(['--root', repo, '--out', path.join(work, 'full'), '--full'], NOW);
    expect(full.code, full.stderr).toBe(0);
    expect(await digestTree(path.join(work, 'dist'))).toEqual(await digestTree(path.join(work, 'full')));
  });

  it('a render child that read the previous output before another build replaced it plans from the new one', { timeout: 600_000 }, async () => {
    const { buildSite } = await import('../../src/build/build-site.ts');
    const { startRenderChild } = await import('../../src/build/render-process.ts');
    const { buildCacheDir } = await import('../../src/io/repo-layout.ts');
    const out = path.join(work, 'dist');
    const epoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = String(NOW / 1000);
    const lines: string[] = [];
    try {
      const renderChild = await startRenderChild(repo, () => undefined, { cacheDir: buildCacheDir(repo), out });
      // While it reads the previous output, another build writes a new one, with another title on
      // an old incident's page; then the title is put back. The pages the child found first are
      // the original's again, but the output now holds the other title: only the new manifest says so.
      const [old] = resolved();
      const file = path.join(incidentsDir(), old!, 'index.md');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, original.replace(/^title: .*$/m, 'title: "Renamed while a build waited"'));
      const between = await runBuild(['--root', repo, '--out', out], NOW);
      expect(between.code, between.stderr).toBe(0);
      writeFileSync(file, original);
      const result = await buildSite({ root: repo, out, singleDomain: false, renderChild, log: (line) => lines.push(line) });
      expect(result.ok, lines.join('\n')).toBe(true);
    } finally {
      if (epoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = epoch;
    }
    expect(lines.join('\n')).toMatch(/reusing \d+ unchanged pages from the last build/);
    const full = await runBuild(['--root', repo, '--out', path.join(work, 'full'), '--full'], NOW);
    expect(full.code, full.stderr).toBe(0);
    expect(await digestTree(out)).toEqual(await digestTree(path.join(work, 'full')));
  });

  it('an edited title of an old, resolved incident', { timeout: 600_000 }, async () => {
    const [old] = resolved();
    const file = path.join(incidentsDir(), old!, 'index.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Renamed long after"'));
    await rebuildAndCompare();
  });

  it("an edit that keeps the file's size and modification time", { timeout: 600_000 }, async () => {
    // Directories whose files' stamps are as the last build took them are not even read...
    const { stderr: before } = await rebuildAndCompare();
    expect(before).toMatch(/\(\d+ of them not even read: their files' names, sizes and times are as they were\)/);
    // ...but an edit shows in the file's change time, whatever its size and modification time.
    const [, second] = resolved();
    const file = path.join(incidentsDir(), second!, 'index.md');
    const { atime, mtime } = statSync(file);
    const text = readFileSync(file, 'utf8');
    const title = /^title: (.*)$/m.exec(text)![1]!;
    const renamed = `"${'Z'.repeat(title.length - 2)}"`;
    writeFileSync(file, text.replace(/^title: .*$/m, `title: ${renamed}`));
    utimesSync(file, atime, mtime);
    expect(statSync(file).size).toBe(Buffer.byteLength(text));
    await rebuildAndCompare();
    const site = readdirSync(path.join(work, 'dist'))[0]!;
    expect(readFileSync(path.join(work, 'dist', site, 'incidents', second!, 'index.html'), 'utf8')).toContain('Z'.repeat(title.length - 2));
  });

  it('stamps out of step with the content cache (another write in between) are not trusted', { timeout: 600_000 }, async () => {
    const cache = path.join(repo, '.kabar-cache', 'content.json');
    const [, , third] = resolved();
    const file = path.join(incidentsDir(), third!, 'index.md');
    writeFileSync(cache, readFileSync(cache, 'utf8').replace(/"token":"[^"]+"/, '"token":"another-write"'));
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Seen despite the stamps"'));
    const { stderr } = await rebuildAndCompare();
    expect(stderr).not.toContain('not even read');
  });

  it('a translation added to an update', { timeout: 600_000 }, async () => {
    const id = resolved()[3]!;
    const update = readdirSync(path.join(incidentsDir(), id)).find((f) => /^\d{4}-.*Z\.md$/.test(f))!;
    writeFileSync(path.join(incidentsDir(), id, update.replace(/\.md$/, '.id.md')), '---\n---\nTerjemahan baru.\n');
    await rebuildAndCompare();
  });

  it('a deleted incident (every later list page shifts)', { timeout: 600_000 }, async () => {
    const gone = resolved()[5]!;
    const sitemap = () => statSync(path.join(work, 'dist', 'status.bench.example.com', 'sitemap.xml')).ino;
    const sitemapBefore = sitemap();
    rmSync(path.join(incidentsDir(), gone), { recursive: true });
    await rebuildAndCompare();
    // A page went: the sitemap is rendered anew.
    expect(sitemap()).not.toBe(sitemapBefore);
    // Its page's directory went too, as in a full build (the previous output is updated in place).
    expect(existsSync(path.join(work, 'dist', 'status.bench.example.com', 'incidents', gone))).toBe(false);
    expect(existsSync(path.join(work, 'full', 'status.bench.example.com', 'incidents', gone))).toBe(false);
    expect(existsSync(path.join(work, 'dist', 'status.bench.example.com', 'incidents'))).toBe(true);
  });

  it('the clock moving on alone (a scheduled rebuild: maintenance opens, durations grow)', { timeout: 600_000 }, async () => {
    const { reused, stderr } = await rebuildAndCompare(NOW + 4 * 86_400_000);
    expect(reused).toBeGreaterThan(100);
    // Warnings depend on the clock: worked out afresh for content taken from the cache, at the field's own line.
    const overdue = /^incidents\/([^/]+\/[^:]+\.md):(\d+): next_update: .* is overdue/m.exec(stderr);
    expect(overdue, stderr).not.toBeNull();
    const lines = readFileSync(path.join(incidentsDir(), overdue![1]!), 'utf8').split('\n');
    expect(lines[Number(overdue![2]) - 1]).toMatch(/^next_update:/);
  });

  it('a config change that makes old, cached content invalid is reported, and nothing is built', { timeout: 600_000 }, async () => {
    const file = path.join(repo, 'kabar.config.ts');
    const config = readFileSync(file, 'utf8');
    const before = await digestTree(path.join(work, 'dist'));
    writeFileSync(file, config.replace("{ id: 'push', group", "{ id: 'push-notifications', group"));
    const broken = await runBuild(['--root', repo, '--out', path.join(work, 'dist')], NOW);
    expect(broken.code).not.toBe(0);
    expect(broken.stderr).toMatch(/^incidents\/[^/]+\/index\.md:\d+: components\.push: /m);
    expect(await digestTree(path.join(work, 'dist'))).toEqual(before);
    writeFileSync(file, config);
  });

  it('a single-domain site reuses the sitemap at its root, and its rebuild matches a full build', { timeout: 600_000 }, async () => {
    const out = path.join(work, 'single');
    const full = path.join(work, 'single-full');
    expect((await runBuild(['--root', repo, '--out', out, '--single-domain'], NOW)).code).toBe(0);
    const sitemap = () => statSync(path.join(out, 'site', 'sitemap.xml')).ino;
    const before = sitemap();
    const active = incidents().find((id) => !isResolved(id))!;
    writeFileSync(path.join(incidentsDir(), active, '2026-11-22T2357Z.md'), '---\nat: 2026-11-22T23:57:00Z\nstatus: monitoring\nnext_update: 2026-11-23T01:00:00Z\n---\nA fix is out.\n');
    const again = await runBuild(['--root', repo, '--out', out, '--single-domain'], NOW);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/reusing \d+ unchanged pages/);
    expect((await runBuild(['--root', repo, '--out', full, '--single-domain', '--full'], NOW)).code).toBe(0);
    expect(await digestTree(out)).toEqual(await digestTree(full));
    expect(sitemap()).toBe(before);
  });

  it("a feed's Markdown is taken as the last build rendered it, when the same engine did", { timeout: 600_000 }, async () => {
    // An output and cache of their own: the HTML planted here must reach no other test's build.
    const out = path.join(work, 'markdown-dist');
    const cacheDir = path.join(work, 'markdown-cache');
    const build = async () => {
      const run = await runBuild(['--root', repo, '--out', out, '--cache-dir', cacheDir], NOW);
      expect(run.code, run.stderr).toBe(0);
    };
    await build();
    const file = path.join(cacheDir, 'markdown.json');
    const cache = JSON.parse(readFileSync(file, 'utf8')) as { version: number; engine: string; rendered: [string, string][] };
    expect(cache.rendered.length).toBeGreaterThan(20);
    const plant = (engine: string) => writeFileSync(file, JSON.stringify({ ...cache, engine, rendered: cache.rendered.map(([markdown], i) => [markdown, `<p>planted ${i}</p>`]) }));
    const site = readdirSync(out)[0]!;
    // The JSON Feed's entries' HTML, as a reader gets it.
    const entries = () => (JSON.parse(readFileSync(path.join(out, site, 'feed.json'), 'utf8')) as { items: { content_html: string }[] }).items.map((item) => item.content_html);
    const planted = () => entries().filter((html) => /<p>planted \d+<\/p>/.test(html)).length;
    // Each rebuild renders the feed again: a new update of the active incident is its newest entry.
    const active = incidents().find((id) => !isResolved(id))!;
    const updates = ['2026-11-22T2357Z.md', '2026-11-22T2358Z.md'].map((name) => path.join(incidentsDir(), active, name));
    const addUpdate = async (n: number) => {
      writeFileSync(updates[n]!, `---\nat: 2026-11-22T23:5${7 + n}:00Z\nstatus: identified\n---\nStill on it (${n}).\n`);
      await build();
      // The newest entry (the site's first locale leaves it untranslated, in a <div lang>).
      expect(entries()[0]).toContain(`<p>Still on it (${n}).</p>`);
    };
    try {
      // Another engine's HTML is never taken.
      plant('another engine');
      await addUpdate(0);
      expect(planted()).toBe(0);
      // The same engine's is, for every entry it has: most of the feed.
      plant(cache.engine);
      await addUpdate(1);
      expect(planted()).toBeGreaterThan(20);
      // A build that renders no feed (nothing changed) keeps what the last one remembered.
      const remembered = () => (JSON.parse(readFileSync(file, 'utf8')) as { rendered: unknown[] }).rendered.length;
      const before = remembered();
      await build();
      expect(remembered()).toBe(before);
    } finally {
      for (const update of updates) rmSync(update, { force: true });
    }
  });

  it('a changed config renders everything', { timeout: 600_000 }, async () => {
    const file = path.join(repo, 'kabar.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("name: 'Bench'", "name: 'Bench Renamed'"));
    const { reused } = await rebuildAndCompare();
    expect(reused).toBe(0);
  });
});
