import type { SiteConfig } from '../config/normalize.ts';
import type { Incident } from '../model/types.ts';
import type { PullRequestText } from '../scaffold/pull-request.ts';
import type { ActionItem } from './action-items.ts';
import { ACTION_TYPES } from './render.ts';
import { formatDuration, formatZoned, zoneLabel, type PostmortemFacts } from './history.ts';

/**
 * What `kabar postmortem --pr` and `--issues` say on GitHub: a pull request
 * that gives reviewers the figures at a glance, and one issue per action item
 * that stands on its own when read months later.
 */

const titleOf = (incident: Incident, config: SiteConfig) => incident.title[config.defaultLocale]?.text ?? incident.id;

export function postmortemPullRequestText(facts: PostmortemFacts, config: SiteConfig, file: string, reviewers: readonly string[]): PullRequestText {
  const { incident, keyTimes: k, communication: c } = facts;
  const title = `Postmortem draft: ${titleOf(incident, config)}`;
  const dur = (ms: number | undefined) => (ms === undefined ? '—' : formatDuration(ms));
  const body = [
    `Drafts the postmortem of \`${incident.id}\` for review. It stays off the status page until its status is \`published\`.`,
    '',
    `| Severity | Started (${zoneLabel(config.timeZone, k.started)}) | Time to communicate | Time to mitigate | Time to resolve | Promised updates kept |`,
    '| --- | --- | --- | --- | --- | --- |',
    `| ${incident.severity ?? '—'} | ${formatZoned(k.started, config.timeZone)} | ${dur(k.timeToCommunicate)} | ${dur(k.timeToMitigate)} | ${dur(k.timeToResolve)} | ${c.kept} of ${c.kept + c.missed} |`,
    '',
    '**To do before publishing**',
    '- [ ] Fill in every `<!-- TODO -->` section. Customers read the part above the `kabar:internal` line (summary, impact, timeline, root cause, resolution, what we are changing); the rest stays in Git.',
    '- [ ] Action items: one row each, with type, owner and priority.',
    '- [ ] Set `status: in-review`; once approved, `status: published` and `published: <date>`.',
    '- [ ] Then `kabar postmortem ' + incident.id + ' --issues` opens a tracking issue per action item.',
    '',
    ...(reviewers.length ? [`Reviewers: ${reviewers.join(', ')}`, ''] : []),
    `**File**\n- \`${file}\``,
    '',
    '_Opened with `kabar postmortem --pr`._',
  ].join('\n');
  const labels = ['postmortem', ...(incident.severity ? [incident.severity] : [])];
  const branch = `kabar/${incident.id}-postmortem`.toLowerCase().replace(/[^a-z0-9/_-]+/g, '-');
  return { title, body, labels, branch, commitMessage: `${title}\n\nFiles:\n  ${file}\n` };
}

export interface IssueText {
  title: string;
  body: string;
  labels: string[];
  /** GitHub logins to assign, from an `@login` owner. */
  assignees: string[];
}

/** A GitHub login written as `@login` in the Owner cell. */
export const ownerLogins = (owner: string): string[] => [...owner.matchAll(/(?:^|[\s,(])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))(?![\w/-])/g)].map((m) => m[1]!);

export function actionItemIssue(item: ActionItem, incident: Incident, config: SiteConfig, links: { file: string; line: number; page?: string }): IssueText {
  const type = item.type.trim().toLowerCase();
  const body = [
    `Action item from the postmortem of **${titleOf(incident, config)}** (\`${incident.id}\`${incident.severity ? `, ${incident.severity}` : ''}).`,
    '',
    `- Type: ${item.type || '—'}`,
    `- Priority: ${item.priority || '—'}`,
    `- Owner: ${item.owner || '—'}`,
    `- Postmortem: \`${links.file}\` (line ${links.line})${links.page ? `, published at ${links.page}` : ''}`,
    '',
    '_Opened with `kabar postmortem --issues`; the link to this issue is written back into the postmortem._',
  ].join('\n');
  const labels = ['postmortem', ...((ACTION_TYPES as readonly string[]).includes(type) ? [type] : [])];
  return { title: item.action, body, labels, assignees: ownerLogins(item.owner) };
}
