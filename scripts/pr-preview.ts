// Prints the Markdown preview of what a pull request changes on the public
// status page, comparing the content at a base commit with the working tree.
//   node scripts/pr-preview.ts --base <ref> [--root <dir>] [--out <file>]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderPreviewComment } from '../src/core/scaffold/preview-diff.ts';
import { resolveNow } from '../src/core/time.ts';
import { findRepoRoot } from '../src/cli/repo-root.ts';
import { changedSince, topLevel, withWorktree } from '../src/io/git.ts';
import { loadRepo } from '../src/io/load-repo.ts';

const { values } = parseArgs({ options: { base: { type: 'string' }, root: { type: 'string' }, out: { type: 'string' } } });
if (!values.base) {
  console.error('pr-preview: missing --base <ref> (expected the commit or branch the pull request targets, e.g. --base origin/main)');
  process.exit(2);
}
const root = findRepoRoot(values.root ?? process.cwd());
const now = resolveNow(process.env);
const top = await topLevel(root);
const relativeRoot = path.relative(top, root);
const head = await loadRepo(root, now);
// The base may predate Kabar or be broken; the preview then shows everything as new.
const base = await withWorktree(root, values.base, async (dir) => loadRepo(path.join(dir, relativeRoot), now)).catch(() => undefined);
const changed = (await changedSince(root, values.base)).map((f) => path.relative(relativeRoot, f).split(path.sep).join('/'));
const markdown = renderPreviewComment({
  ...(base?.model && { base: base.model }),
  ...(head.model && { head: head.model }),
  problems: head.problems,
  changedFiles: changed,
});
if (values.out) await writeFile(values.out, `${markdown}\n`);
else console.log(markdown);
