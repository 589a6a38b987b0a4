import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
