import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Heading, ListItem, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { PREVIEW_MARKER } from '../../src/core/scaffold/preview-diff.ts';
import { git, makeRepo, NODE, NOW, ROOT, runKabar } from './cli-harness.ts';

const ID = '2026-11-20-card-payments-failing';

function preview(dir: string, base: string, now = NOW) {
  const result = spawnSync(NODE, [path.join(ROOT, 'bin/kabar.js'), 'pr-preview', '--base', base], { cwd: dir, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: String(now) } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const text = (node: unknown): string => {
  let out = '';
  visit(node as Root, (n) => {
    if (n.type === 'text' || n.type === 'inlineCode') out += (n as { value: string }).value;
  });
  return out;
};

function parseMarkdown(markdown: string) {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const headings: string[] = [];
  const items: string[] = [];
  const rows: string[][] = [];
  visit(tree, (node) => {
    if (node.type === 'heading') headings.push(text(node as Heading));
    if (node.type === 'listItem') items.push(text(node as ListItem));
    if (node.type === 'table') for (const row of (node as Table).children.slice(1)) rows.push(row.children.map((c) => text(c)));
  });
  return { tree, headings, items, rows, first: (tree.children[0] as { type: string; value?: string }) };
}

describe('kabar pr-preview', () => {
  it('previews new incidents, new updates and component changes against the base, with warnings for the changed files', async () => {
    const { dir } = makeRepo('cli-basic', false);
    await runKabar(dir, ['new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage', '-i', 'Card payments fail.', '-m', 'Investigating.', '-n', '+30m']);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Open incident');
    git(dir, 'switch', '-q', '-c', 'pr');
    // The pull request: an update that recovers card payments partly, and a new incident without an impact statement.
    await runKabar(dir, ['update', ID, '--status', 'monitoring', '-c', 'card-payments=degraded_performance', '-m', 'A fix is deployed.', '-n', '+1h', '--at', '2026-11-20T10:05:30+07:00'], { SOURCE_DATE_EPOCH: String(NOW + 30) });
    await runKabar(dir, ['new', '-t', 'Slow API', '-s', 'minimal', '-c', 'api=degraded_performance', '-m', 'The API is slow.']);

    const md = parseMarkdown(preview(dir, 'main', NOW + 60));
    expect(md.first).toMatchObject({ type: 'html', value: PREVIEW_MARKER });
    expect(md.headings).toEqual(['Status page preview', 'New incident (minimal): Slow API', 'Updated: Card payments failing', 'Component status now', 'Communication warnings']);
    expect(md.items).toContain('Status: Investigating');
    expect(md.items.some((i) => i.startsWith('Monitoring (20 Nov 2026, 10:05 GMT+7): A fix is deployed.'))).toBe(true);
    expect(md.rows).toEqual([
      ['Card payments', 'Major outage', 'Degraded performance'],
      ['API', 'Operational', 'Degraded performance'],
    ]);
    const warnings = md.items.filter((i) => i.startsWith('incidents/'));
    expect(warnings.map((w) => w.split(':')[0])).toEqual(['incidents/2026-11-20-slow-api/2026-11-20T0305Z.md', 'incidents/2026-11-20-slow-api/index.md']);
  });

  it('shows a postmortem once it is published, and nothing for a draft', async () => {
    const { dir } = makeRepo('cli-basic', false);
    await runKabar(dir, ['new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage', '-i', 'Card payments fail.', '-m', 'Investigating.', '-n', '+30m']);
    await runKabar(dir, ['resolve', ID, '-m', 'Card payments work again.', '--at', '2026-11-20T10:05:30+07:00'], { SOURCE_DATE_EPOCH: String(NOW + 30) });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Incident resolved');
    const file = path.join(dir, `incidents/${ID}/postmortem.md`);
    writeFileSync(file, '---\nstatus: draft\nauthors: [Rina]\n---\n\n## Summary\n\nA certificate expired.\n');
    expect(parseMarkdown(preview(dir, 'HEAD', NOW + 60)).headings).toEqual(['Status page preview']);
    expect(preview(dir, 'HEAD', NOW + 60)).toContain('No customer-visible changes.');
    writeFileSync(file, '---\nstatus: published\npublished: 2026-11-21\nauthors: [Rina]\n---\n\n## Summary\n\nA certificate expired.\n');
    const md = parseMarkdown(preview(dir, 'HEAD', NOW + 60));
    expect(md.headings).toEqual(['Status page preview', 'Updated: Card payments failing']);
    expect(md.items).toEqual(['Postmortem published as “Postmortem: Card payments failing”: its own page, a link on the incident page, a feed entry']);
  });

  it('lists the errors when the pull request does not validate', async () => {
    const { dir } = makeRepo('cli-basic', false);
    await runKabar(dir, ['new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage', '-i', 'Card payments fail.', '-m', 'Investigating.', '-n', '+30m']);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'Open incident');
    writeFileSync(path.join(dir, `incidents/${ID}/2026-11-20T0400Z.md`), '---\nat: 2026-11-20T11:00:00+07:00\nstatus: fixed\n---\nDone.\n');
    const md = parseMarkdown(preview(dir, 'HEAD'));
    expect(md.headings).toEqual(['Status page preview']);
    const code = md.tree.children.find((n) => n.type === 'code') as { value: string } | undefined;
    expect(code?.value.split('\n')).toHaveLength(1);
    expect(code?.value).toMatch(new RegExp(`^incidents/${ID}/2026-11-20T0400Z\\.md:3: status: `));
  });

  it('says so when nothing customer-visible changes', async () => {
    const { dir } = makeRepo('cli-basic', false);
    writeFileSync(path.join(dir, 'README.md'), 'docs only\n');
    const md = parseMarkdown(preview(dir, 'HEAD'));
    expect(md.tree.children.filter((n) => n.type === 'paragraph').map((p) => text(p))[0]).toBe('No customer-visible changes.');
  });
});
