import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Root, RootContent, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { ROOT } from '../cli/cli-harness.ts';

export const INCIDENT = '2026-11-18-checkout-errors';
const DIR = `incidents/${INCIDENT}`;

function gitAs(cwd: string, who: string, date: string, ...args: string[]): string {
  return execFileSync('git', ['-c', `user.name=${who}`, '-c', `user.email=${who.split(' ')[0]!.toLowerCase()}@example.com`, '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/**
 * A repository with the history of test/fixtures/postmortem-history: the older
 * incidents in one commit, then the checkout incident committed update by
 * update, by different people: a plain commit, a squash merge "(#12)", a
 * merged pull request "Merge pull request #13", and a plain commit again.
 */
export function makeHistoryRepo(): string {
  const base = mkdtempSync(path.join(tmpdir(), 'kabar-pm-'));
  const dir = path.join(base, 'status');
  cpSync(path.join(ROOT, 'test/fixtures/postmortem-history'), dir, { recursive: true });
  const incident = path.join(base, 'incident');
  cpSync(path.join(dir, DIR), incident, { recursive: true });
  rmSync(path.join(dir, DIR), { recursive: true });
  const run = (who: string, date: string, ...args: string[]) => gitAs(dir, who, date, ...args);
  run('On-call', '2026-11-17T00:00:00Z', 'init', '-q', '-b', 'main');
  run('On-call', '2026-11-17T00:00:00Z', 'add', '-A');
  run('On-call', '2026-11-17T00:00:00Z', 'commit', '-q', '-m', 'Status repository');
  const bring = (...names: string[]) => {
    for (const name of names) cpSync(path.join(incident, name), path.join(dir, DIR, name));
    return names.map((n) => `${DIR}/${n}`);
  };
  run('Rina Hartono', '2026-11-18T03:13:00Z', 'add', ...bring('index.md', '2026-11-18T0312Z.md'));
  run('Rina Hartono', '2026-11-18T03:13:00Z', 'commit', '-q', '-m', 'Incident: Checkout errors for card payments');
  run('Dimas Prasetyo', '2026-11-18T03:41:00Z', 'add', ...bring('2026-11-18T0340Z.md'));
  run('Dimas Prasetyo', '2026-11-18T03:41:00Z', 'commit', '-q', '-m', 'Identified: Checkout errors for card payments (#12)');
  run('Ayu Lestari', '2026-11-18T04:26:00Z', 'switch', '-q', '-c', 'incident/monitoring');
  run('Ayu Lestari', '2026-11-18T04:26:00Z', 'add', ...bring('2026-11-18T0425Z.md'));
  run('Ayu Lestari', '2026-11-18T04:26:00Z', 'commit', '-q', '-m', 'Monitoring: Checkout errors for card payments');
  run('On-call', '2026-11-18T04:27:00Z', 'switch', '-q', 'main');
  run('On-call', '2026-11-18T04:27:00Z', 'merge', '-q', '--no-ff', '-m', 'Merge pull request #13 from shop/incident/monitoring', 'incident/monitoring');
  run('Rina Hartono', '2026-11-18T04:56:00Z', 'add', ...bring('2026-11-18T0455Z.md'));
  run('Rina Hartono', '2026-11-18T04:56:00Z', 'commit', '-q', '-m', 'Resolved: Checkout errors for card payments');
  return dir;
}

export interface ParsedSection {
  title: string;
  nodes: RootContent[];
  text: string;
  tables: string[][][];
}

const tableRows = (t: Table): string[][] => t.children.map((row) => row.children.map((c) => toString(c).trim()));

/** The Markdown body split by `##` headings; tables as rows of cell text (header row first). */
export function sections(markdown: string): Map<string, ParsedSection> {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const out = new Map<string, ParsedSection>();
  let current: ParsedSection | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 2) {
      current = { title: toString(node), nodes: [], text: '', tables: [] };
      out.set(current.title, current);
    } else if (current) {
      current.nodes.push(node);
      if (node.type === 'table') current.tables.push(tableRows(node));
      else current.text += `${toString(node)}\n`;
    }
  }
  return out;
}
