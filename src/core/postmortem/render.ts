import { stringify } from 'yaml';
import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus } from '../content/schema.ts';
import { componentName, componentStatusWord, regionName } from '../scaffold/preview.ts';
import { formatSiteTime } from '../time.ts';
import { formatDuration, formatZoned, zoneLabel, type PostmortemFacts } from './history.ts';
import { INTERNAL_MARKER } from './public-part.ts';

/**
 * The prefilled `postmortem.md`: frontmatter that passes `postmortemSchema`
 * (a draft, so it never reaches the site), then two parts. What customers read
 * once it is published (what happened, when, why, what changes), with times in
 * the site's zone, named; then, after the internal marker, what stakeholders
 * review in Git and the status page never shows: who committed each update
 * through which pull request, the communication review, action item owners.
 * The sections people write follow the Google SRE postmortem template.
 */

export interface RenderOptions {
  authors: string[];
  reviewers: string[];
  /** Where the commit and pull request details came from, said in the file. */
  provenance: 'git' | 'github';
}

/** Public sections, then the internal ones, in file order. */
export const PUBLIC_SECTION_TITLES = ['Summary', 'Impact', 'Timeline', 'Root cause and trigger', 'Resolution and recovery', 'What we are changing'] as const;
export const INTERNAL_SECTION_TITLES = [
  'Internal review',
  'Update log',
  'Response times',
  'Communication review',
  'Detection',
  'What went well',
  'What went wrong',
  'Where we got lucky',
  'Action items',
  'Related incidents',
  'Follow-up message for customers',
] as const;
export const SECTION_TITLES = [...PUBLIC_SECTION_TITLES, ...INTERNAL_SECTION_TITLES] as const;

export const ACTION_TYPES = ['prevent', 'mitigate', 'detect', 'process'] as const;

const TODO = (what: string) => `<!-- TODO: ${what} -->`;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPostmortem(facts: PostmortemFacts, config: SiteConfig, options: RenderOptions): string {
  const { incident, keyTimes: k, communication: c } = facts;
  const tz = config.timeZone;
  const locale = config.defaultLocale;
  const title = incident.title[locale]?.text ?? incident.id;
  const frontmatter = stringify({ status: 'draft', authors: options.authors, reviewers: options.reviewers }, { lineWidth: 0 }).trimEnd();
  const out: string[] = [`---\n${frontmatter}\n---`];
  const section = (t: (typeof SECTION_TITLES)[number], ...body: string[]) => out.push(`## ${t}`, ...body);
  const at = (ms: number | undefined) => (ms === undefined ? '—' : formatZoned(ms, tz));
  const zone = zoneLabel(tz, k.started);

  const components = incident.componentIds.map((id) => componentName(config, id));
  const regions = incident.regions?.map((id) => regionName(config, id)) ?? [];
  const duration = k.timeToResolve !== undefined ? formatDuration(k.timeToResolve) : `ongoing (${formatDuration(incident.durationMs)} so far)`;
  const impact = incident.impactStatement?.[locale]?.text;

  section(
    'Summary',
    `**${title}.** ${impact ?? ''}`.trim(),
    `Severity: ${incident.severity ?? 'not set'}. Duration: ${duration} (${formatSiteTime(k.started, tz)} – ${k.resolved !== undefined ? formatSiteTime(k.resolved, tz) : 'not resolved'}).`,
    TODO('two or three sentences for customers: what happened, to whom, why, and what we changed.'),
  );

  const impactLines = [`- Components: ${components.length ? components.join(', ') : 'none'}`, `- Regions: ${regions.length ? regions.join(', ') : 'all'}`];
  if (impact) impactLines.push(`- Customer impact: ${impact}`);
  const table = ['| Component | Status | Time in status |', '| --- | --- | --- |'];
  for (const ct of facts.componentTimes) {
    for (const [status, ms] of Object.entries(ct.byStatus)) table.push(`| ${cell(componentName(config, ct.component))} | ${componentStatusWord(status as ComponentStatus).toLowerCase()} | ${formatDuration(ms)} |`);
  }
  section('Impact', impactLines.join('\n'), table.join('\n'), TODO('numbers customers care about: orders, payments or requests affected.'));

  const milestones = ['| Milestone | Time (' + zone + ') | Since start |', '| --- | --- | --- |'];
  const row = (label: string, ms: number | undefined) => milestones.push(`| ${label} | ${at(ms)} | ${ms === undefined ? '—' : formatDuration(ms - k.started)} |`);
  row('Started', k.started);
  row('First public update', k.firstUpdate);
  row('Identified', k.identified);
  row('Monitoring', k.monitoring);
  row('Resolved', k.resolved);
  const changes = ['| Time (' + zone + ') | Status | Component changes |', '| --- | --- | --- |', ...facts.timeline.map((r) => `| ${at(r.at)} | ${r.status} | ${cell(r.changes.join('; ') || '—')} |`)];
  section('Timeline', milestones.join('\n'), changes.join('\n'));

  section('Root cause and trigger', TODO('the underlying cause, and what set it off, in words customers understand.'));
  section('Resolution and recovery', TODO('what we did to mitigate and to recover, and why it took as long as it did.'));
  section('What we are changing', TODO('the action items below, as customers should hear them: what will stop this happening again.'));

  out.push(INTERNAL_MARKER);
  section('Internal review', 'For the team and stakeholders: reviewed in Git with the rest of this file, never published.');
  const log = ['| Time (' + zone + ') | Status | Update | Committed by | Pull request |', '| --- | --- | --- | --- | --- |'];
  for (const r of facts.timeline) {
    const a = r.authorship;
    const pr = a?.pr === undefined ? '—' : `#${a.pr}${a.prAuthor ? ` by @${a.prAuthor}` : ''}${a.prReviewers?.length ? `, reviewed by ${a.prReviewers.map((l) => `@${l}`).join(', ')}` : ''}`;
    log.push(`| ${at(r.at)} | ${r.status} | ${r.updateId} | ${cell(a ? `${a.author} (${a.sha.slice(0, 7)})` : 'not committed')} | ${cell(pr)} |`);
  }
  const provenance =
    options.provenance === 'github'
      ? 'Commits from git; pull requests, their authors and reviewers from GitHub.'
      : 'Commits from git alone (no GitHub token, or the remote is not on GitHub): pull request numbers only where commit messages name them, no reviewers.';
  section('Update log', log.join('\n'), `_${provenance}_`, TODO('add the internal events: alerts, pages, decisions, deploys and rollbacks.'));

  const dur = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));
  section('Response times', [`- Time to communicate: ${dur(k.timeToCommunicate)}`, `- Time to mitigate: ${dur(k.timeToMitigate)}`, `- Time to resolve: ${dur(k.timeToResolve)}`].join('\n'));

  const gaps = c.gaps.map((g, i) => `| ${i === 0 ? 'start → first update' : `update ${i} → ${i + 1}`} | ${at(g.from)} | ${at(g.to)} | ${formatDuration(g.ms)} |`);
  const promises = c.promises.map((p) => `| ${p.updateId} | ${at(p.promised)} | ${at(p.deliveredAt)} | ${p.kept ? 'kept' : `missed by ${formatDuration(p.lateMs ?? 0)}`} |`);
  section(
    'Communication review',
    `Longest silence: ${formatDuration(c.longestGapMs)}. Promised updates: ${c.kept} kept, ${c.missed} missed.`,
    [`| Gap | From (${zone}) | To (${zone}) | Length |`, '| --- | --- | --- | --- |', ...gaps].join('\n'),
    promises.length ? [`| Update | Promised next update (${zone}) | Next update (${zone}) | Outcome |`, '| --- | --- | --- | --- |', ...promises].join('\n') : 'No update promised a next one.',
  );

  section('Detection', TODO('how we found out (alert, customer, support), and how we could have found out sooner.'));
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
      ? facts.related.map((r) => `- [${r.title}](../${r.id}/) — ${formatSiteTime(r.startedAt, tz)}${r.severity ? `, ${r.severity}` : ''}; also affected ${r.sharedComponents.map((id) => componentName(config, id)).join(', ')}`).join('\n')
      : `No earlier incident affected these components in the ${180} days before this one.`,
  );
  section('Follow-up message for customers', TODO(`a short, plain message for other channels (email, support replies): what happened, how long, what we changed, and an apology. Write it for the customers of ${config.name}.`));
  return `${out.join('\n\n')}\n`;
}
