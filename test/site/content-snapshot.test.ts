import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCachedIncidents } from '../../src/io/content-cache.ts';
import { loadSiteConfig } from '../../src/io/load-config.ts';
import { loadRepo, loadRepoFromSnapshot, writeContentSnapshot } from '../../src/io/load-repo.ts';
import { fixture, FIXTURE_NOW, tempDir } from './helpers.ts';

// The build validates a repository once and hands the result to each locale's build as JSON;
// the model built from that snapshot must be the model built from the files.
describe('content snapshot', () => {
  it.each(['site-domains', 'site-single', 'feeds-basic', 'postmortem-history'])('%s: the same model from the snapshot as from the files', async (name) => {
    const direct = await loadRepo(fixture(name), FIXTURE_NOW);
    expect(direct.model).toBeDefined();
    const file = path.join(await tempDir('snapshot'), 'content.json');
    await writeContentSnapshot(file, direct.incidents);
    const restored = await loadRepoFromSnapshot(fixture(name), file, FIXTURE_NOW);
    expect(restored.incidents).toEqual(direct.incidents);
    expect(restored.model).toEqual(direct.model);
  });
});

// In a rebuild, the incidents taken unchanged from the content cache go into the snapshot by id:
// the render child reads the cache itself. When that cache was rewritten by another build in
// between, the child asks for the whole snapshot instead.
describe('content snapshot naming incidents of the content cache', () => {
  async function cachedRepo() {
    const root = fixture('feeds-basic');
    const cacheDir = await tempDir('snapshot-cache');
    const config = await loadSiteConfig(root);
    const first = await loadRepo(root, FIXTURE_NOW, { config, cacheDir });
    await first.writeContentCache!();
    const again = await loadRepo(root, FIXTURE_NOW, { config, cacheDir });
    return { root, cacheDir, again };
  }

  it('takes the incidents it names from the cache, and builds the same model', async () => {
    const { root, cacheDir, again } = await cachedRepo();
    expect(again.cached?.ids.size).toBe(again.incidents.length);
    const file = path.join(await tempDir('snapshot'), 'content.json');
    await writeContentSnapshot(file, again.incidents, again.cached);
    const written = JSON.parse(await readFile(file, 'utf8')) as { cache: string; incidents: unknown[] };
    expect(written.cache).toBe(again.cached!.token);
    expect(written.incidents).toEqual(again.incidents.map((i) => i.id));
    let askedForWhole = false;
    const restored = await loadRepoFromSnapshot(root, file, FIXTURE_NOW, { cached: readCachedIncidents(cacheDir), whole: async () => void (askedForWhole = true) });
    expect(askedForWhole).toBe(false);
    expect(restored.incidents).toEqual(again.incidents);
    expect(restored.model).toEqual(again.model);
  });

  it('asks for the whole snapshot when the cache it read is another write, and refuses without a way to ask', async () => {
    const { root, cacheDir, again } = await cachedRepo();
    const file = path.join(await tempDir('snapshot'), 'content.json');
    await writeContentSnapshot(file, again.incidents, { ...again.cached!, token: 'an-earlier-write' });
    await expect(loadRepoFromSnapshot(root, file, FIXTURE_NOW, { cached: readCachedIncidents(cacheDir) })).rejects.toThrow(/names incidents of a content cache this process has not read/);
    const restored = await loadRepoFromSnapshot(root, file, FIXTURE_NOW, { cached: readCachedIncidents(cacheDir), whole: () => writeContentSnapshot(file, again.incidents) });
    expect(restored.model).toEqual(again.model);
  });
});
