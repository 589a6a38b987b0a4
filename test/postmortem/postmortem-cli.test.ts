import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmortemSchema } from '../../src/core/content/schema.ts';
import { readDoc, runKabar } from '../cli/cli-harness.ts';
import { publicPart } from '../../src/core/postmortem/public-part.ts';
import { INCIDENT, makeHistoryRepo, sections } from './helpers.ts';

const FILE = `incidents/${INCIDENT}/postmortem.md`;
/** 2026-11-23T00:00:00Z */
const LATER = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 10, 23) / 1000) };

describe('kabar postmortem, offline (git alone)', () => {
  const dir = makeHistoryRepo();
  const first = runKabar(dir, ['postmortem', INCIDENT, '--author', 'Rina Hartono', '--reviewer', 'Ayu Lestari'], LATER);

  it('writes a draft whose frontmatter passes the postmortem schema, and the repository still checks', async () => {
    const result = await first;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const doc = readDoc(dir, FILE);
    expect(postmortemSchema.parse(doc.data)).toEqual({ status: 'draft', authors: ['Rina Hartono'], reviewers: ['Ayu Lestari'] });
    const check = await runKabar(dir, ['check'], LATER);
    expect(check.code).toBe(0);
  });

  it('has every section of the template, in order', async () => {
    await first;
    const titles = [...sections(readDoc(dir, FILE).body).keys()];
    expect(titles).toEqual([
      // What customers read once it is published…
      'Summary', 'Impact', 'Timeline', 'Root cause and trigger', 'Resolution and recovery', 'What we are changing',
      // …and, after the internal marker, what stakeholders review in Git.
      'Internal review', 'Update log', 'Response times', 'Communication review', 'Detection', 'What went well', 'What went wrong',
      'Where we got lucky', 'Action items', 'Related incidents', 'Follow-up message for customers',
    ]);
    const actions = sections(readDoc(dir, FILE).body).get('Action items')!.tables[0]!;
    expect(actions[0]).toEqual(['Action', 'Type', 'Owner', 'Priority', 'Tracking issue']);
  });

  it('states the time each component spent in each status', async () => {
    await first;
    const impact = sections(readDoc(dir, FILE).body).get('Impact')!;
    expect(impact.text).toContain('Components: Card payments, API');
    expect(impact.text).toContain('Regions: Western Indonesia');
    expect(impact.tables[0]).toEqual([
      ['Component', 'Status', 'Time in status'],
      ['Card payments', 'major outage', '40 min'],
      ['Card payments', 'partial outage', '45 min'],
      ['API', 'degraded performance', '1 h 25 min'],
    ]);
  });

  it('gives customers a timeline in the site time zone, named, with no commits, files or pull requests', async () => {
    await first;
    const s = sections(readDoc(dir, FILE).body).get('Timeline')!;
    expect(s.tables[0]).toEqual([
      ['Milestone', 'Time (Asia/Jakarta, GMT+7)', 'Since start'],
      ['Started', '2026-11-18 10:00', '0 min'],
      ['First public update', '2026-11-18 10:12', '12 min'],
      ['Identified', '2026-11-18 10:40', '40 min'],
      ['Monitoring', '2026-11-18 11:25', '1 h 25 min'],
      ['Resolved', '2026-11-18 11:55', '1 h 55 min'],
    ]);
    expect(s.tables[1]).toEqual([
      ['Time (Asia/Jakarta, GMT+7)', 'Status', 'Component changes'],
      ['2026-11-18 10:12', 'investigating', 'Card payments: operational → major outage; API: operational → degraded performance'],
      ['2026-11-18 10:40', 'identified', 'Card payments: major outage → partial outage'],
      ['2026-11-18 11:25', 'monitoring', 'Card payments: partial outage → operational; API: degraded performance → operational'],
      ['2026-11-18 11:55', 'resolved', '—'],
    ]);
    const summary = sections(readDoc(dir, FILE).body).get('Summary')!;
    expect(summary.text).toContain('(18 Nov 2026, 10:00 GMT+7 – 18 Nov 2026, 11:55 GMT+7)');
    const response = sections(readDoc(dir, FILE).body).get('Response times')!;
    expect(response.text).toContain('Time to communicate: 12 min');
    expect(response.text).toContain('Time to mitigate: 1 h 25 min');
    expect(response.text).toContain('Time to resolve: 1 h 55 min');
  });

  it('keeps who committed each update, through which pull request, after the internal marker', async () => {
    await first;
    const body = readDoc(dir, FILE).body;
    const marker = body.split('\n').findIndex((l) => l.startsWith('<!-- kabar:internal'));
    expect(marker).toBeGreaterThan(0);
    expect(body.split('\n').findIndex((l) => l === '## Internal review')).toBeGreaterThan(marker);
    // Nothing above the marker names a commit, a file or a pull request.
    expect(publicPart(body)).not.toMatch(/Rina|Dimas|#1[23]|2026-11-18T0312Z|[0-9a-f]{7}\)/);
    const s = sections(body).get('Update log')!;
    const rows = s.tables[0]!;
    expect(rows[0]).toEqual(['Time (Asia/Jakarta, GMT+7)', 'Status', 'Update', 'Committed by', 'Pull request']);
    const log = rows.slice(1).map((r) => [r[0], r[1], r[2], r[3]!.replace(/ \([0-9a-f]{7}\)$/, ''), r[4]]);
    expect(log).toEqual([
      ['2026-11-18 10:12', 'investigating', '2026-11-18T0312Z', 'Rina Hartono', '—'],
      ['2026-11-18 10:40', 'identified', '2026-11-18T0340Z', 'Dimas Prasetyo', '#12'],
      ['2026-11-18 11:25', 'monitoring', '2026-11-18T0425Z', 'Ayu Lestari', '#13'],
      ['2026-11-18 11:55', 'resolved', '2026-11-18T0455Z', 'Rina Hartono', '—'],
    ]);
    expect(s.text).toContain('Commits from git alone');
  });

  it('reviews communication: gaps, and promised updates kept or missed', async () => {
    await first;
    const s = sections(readDoc(dir, FILE).body).get('Communication review')!;
    expect(s.text).toContain('Longest silence: 45 min. Promised updates: 2 kept, 1 missed.');
    expect(s.tables[0]!.slice(1).map((r) => r[3])).toEqual(['12 min', '28 min', '45 min', '30 min']);
    expect(s.tables[1]!.slice(1)).toEqual([
      ['2026-11-18T0312Z', '2026-11-18 10:45', '2026-11-18 10:40', 'kept'],
      ['2026-11-18T0340Z', '2026-11-18 11:10', '2026-11-18 11:25', 'missed by 15 min'],
      ['2026-11-18T0425Z', '2026-11-18 12:00', '2026-11-18 11:55', 'kept'],
    ]);
  });

  it('links earlier incidents on the same components within 180 days, newest first', async () => {
    await first;
    const s = sections(readDoc(dir, FILE).body).get('Related incidents')!;
    const list = s.nodes.find((n) => n.type === 'list');
    expect(list?.type).toBe('list');
    const links = list?.type === 'list' ? list.children.map((item) => {
      const para = item.children[0];
      const link = para?.type === 'paragraph' ? para.children.find((c) => c.type === 'link') : undefined;
      return link?.type === 'link' ? link.url : undefined;
    }) : [];
    // Not the bank transfer incident (no shared component), not April's (over 180 days before).
    expect(links).toEqual(['../2026-10-02-card-payments-slow/', '../2026-09-10-api-errors/']);
  });

  it('never replaces an existing postmortem', async () => {
    await first;
    const absolute = path.join(dir, FILE);
    writeFileSync(absolute, `${readFileSync(absolute, 'utf8')}\nMy notes.\n`);
    const before = readFileSync(absolute, 'utf8');
    const again = await runKabar(dir, ['postmortem', INCIDENT], LATER);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${FILE} exists already`);
    expect(readFileSync(absolute, 'utf8')).toBe(before);
  });

  it('refuses an unknown incident with exit status 2', async () => {
    const result = await runKabar(dir, ['postmortem', 'no-such-incident'], LATER);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no incident "no-such-incident"');
  });
});
