import { stringify } from 'yaml';
import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import { componentName, componentStatusWord, regionName } from '../scaffold/preview.ts';
import { formatDuration, formatUtc, type PostmortemFacts } from './history.ts';

/**
 * The prefilled `postmortem.md`: frontmatter that passes `postmortemSchema`
 * (a draft, so it never reaches the site), the computed facts, and the
 * sections of the Google SRE template left for people to write.
 */

export interface RenderOptions {
  authors: string[];
  reviewers: string[];
  /** Where the commit and pull request details came from, said in the file. */
  provenance: 'git' | 'github';
}

export const SECTION_TITLES = [
  'Summary',
  'Impact',
  'Key timestamps',
  'Timeline',
  'Communication review',
  'Detection',
  'Root cause and trigger',
  'Resolution and recovery',
  'What went well',
  'What went wrong',
  'Where we got lucky',
  'Action items',
  'Related incidents',
  'Follow-up message for customers',
] as const;

export const ACTION_TYPES = ['prevent', 'mitigate', 'detect', 'process'] as const;

const TODO = (what: string) => `<!-- TODO: ${what} -->`;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPostmortem(facts: PostmortemFacts, config: SiteConfig, options: RenderOptions): string {
  const { incident, keyTimes: k, communication: c } = facts;
  const locale = config.defaultLocale;
  const title = incident.title[locale]?.text ?? incident.id;
  const frontmatter = stringify({ status: 'draft', authors: options.authors, reviewers: options.reviewers }, { lineWidth: 0 }).trimEnd();
  const out: string[] = [`---\n${frontmatter}\n---`];
  const section = (t: (typeof SECTION_TITLES)[number], ...body: string[]) => out.push(`## ${t}`, ...body);

  const components = incident.componentIds.map((id) => componentName(config, id));
  const regions = incident.regions?.map((id) => regionName(config, id)) ?? [];
  const duration = k.timeToResolve !== undefined ? formatDuration(k.timeToResolve) : `ongoing (${formatDuration(incident.durationMs)} so far)`;
  const impact = incident.impactStatement?.[locale]?.text;

  section(
    'Summary',
    `**${title}.** ${impact ?? ''}`.trim(),
    `Severity: ${incident.severity ?? 'not set'}. Duration: ${duration} (${formatUtc(k.started)} – ${k.resolved !== undefined ? formatUtc(k.resolved) : 'not resolved'}).`,
    TODO('two or three sentences: what happened, to whom, why, and what we changed.'),
  );

  const impactLines = [
    `- Components: ${components.length ? components.join(', ') : 'none'}`,
    `- Regions: ${regions.length ? regions.join(', ') : 'all'}`,
  ];
  if (impact) impactLines.push(`- Customer impact: ${impact}`);
  const table = ['| Component | Status | Time in status |', '| --- | --- | --- |'];
  for (const ct of facts.componentTimes) {
    for (const [status, ms] of Object.entries(ct.byStatus)) table.push(`| ${cell(componentName(config, ct.component))} | ${componentStatusWord(status as ComponentStatus).toLowerCase()} | ${formatDuration(ms)} |`);
  }
  section('Impact', impactLines.join('\n'), table.join('\n'), TODO('numbers: orders, payments or requests affected; customers who contacted support.'));

  const kt = ['| Milestone | Time (UTC) | Since start |', '| --- | --- | --- |'];
  const row = (label: string, at: number | undefined) => kt.push(`| ${label} | ${at === undefined ? '—' : formatUtc(at)} | ${at === undefined ? '—' : formatDuration(at - k.started)} |`);
  row('Started', k.started);
  row('First public update', k.firstUpdate);
  row('Identified', k.identified);
  row('Monitoring', k.monitoring);
  row('Resolved', k.resolved);
  const dur = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));
  section(
    'Key timestamps',
    kt.join('\n'),
    [`- Time to communicate: ${dur(k.timeToCommunicate)}`, `- Time to mitigate: ${dur(k.timeToMitigate)}`, `- Time to resolve: ${dur(k.timeToResolve)}`].join('\n'),
  );

  const tl = ['| Time (UTC) | Status | Changes | Update | Committed by | Pull request |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of facts.timeline) {
    const a = r.authorship;
    const pr = a?.pr === undefined ? '—' : `#${a.pr}${a.prAuthor ? ` by @${a.prAuthor}` : ''}${a.prReviewers?.length ? `, reviewed by ${a.prReviewers.map((l) => `@${l}`).join(', ')}` : ''}`;
    tl.push(`| ${formatUtc(r.at)} | ${r.status} | ${cell(r.changes.join('; ') || '—')} | ${r.updateId} | ${cell(a ? `${a.author} (${a.sha.slice(0, 7)})` : 'not committed')} | ${cell(pr)} |`);
  }
  const provenance =
    options.provenance === 'github'
      ? 'Commits from git; pull requests, their authors and reviewers from GitHub.'
      : 'Commits from git alone (no GitHub token, or the remote is not on GitHub): pull request numbers only where commit messages name them, no reviewers.';
  section('Timeline', tl.join('\n'), `_${provenance}_`, TODO('add the internal events: alerts, pages, decisions, deploys and rollbacks.'));

  const gaps = c.gaps.map((g, i) => `| ${i === 0 ? 'start → first update' : `update ${i} → ${i + 1}`} | ${formatUtc(g.from)} | ${formatUtc(g.to)} | ${formatDuration(g.ms)} |`);
  const promises = c.promises.map((p) => `| ${p.updateId} | ${formatUtc(p.promised)} | ${p.deliveredAt === undefined ? '—' : formatUtc(p.deliveredAt)} | ${p.kept ? 'kept' : `missed by ${formatDuration(p.lateMs ?? 0)}`} |`);
  section(
    'Communication review',
    `Longest silence: ${formatDuration(c.longestGapMs)}. Promised updates: ${c.kept} kept, ${c.missed} missed.`,
    ['| Gap | From (UTC) | To (UTC) | Length |', '| --- | --- | --- | --- |', ...gaps].join('\n'),
    promises.length ? ['| Update | Promised next update (UTC) | Next update (UTC) | Outcome |', '| --- | --- | --- | --- |', ...promises].join('\n') : 'No update promised a next one.',
  );

  section('Detection', TODO('how we found out (alert, customer, support), and how we could have found out sooner.'));
  section('Root cause and trigger', TODO('the underlying cause, and what set it off.'));
  section('Resolution and recovery', TODO('what we did to mitigate and to recover, and why it took as long as it did.'));
  section('What went well', TODO('list.'));
  section('What went wrong', TODO('list.'));
  section('Where we got lucky', TODO('list.'));
  section(
    'Action items',
    `Type is one of: ${ACTION_TYPES.join(', ')}. Leave "Tracking issue" empty to have \`kabar postmortem --issues\` open one once published.`,
    ['| Action | Type | Owner | Priority | Tracking issue |', '| --- | --- | --- | --- | --- |', '| TODO | prevent | | P1 | |'].join('\n'),
  );
  section(
    'Related incidents',
    facts.related.length
      ? facts.related.map((r) => `- [${r.title}](../${r.id}/) — ${formatUtc(r.startedAt)}${r.severity ? `, ${r.severity}` : ''}; also affected ${r.sharedComponents.map((id) => componentName(config, id)).join(', ')}`).join('\n')
      : `No earlier incident affected these components in the ${180} days before this one.`,
  );
  section('Follow-up message for customers', TODO(`a short, plain message: what happened, how long, what we changed, and an apology. Write it for the customers of ${config.name}.`));
  return `${out.join('\n\n')}\n`;
}
