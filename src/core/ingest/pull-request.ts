import type { AlertsConfig } from '../config/alerts-schema.ts';
import { fencedCode, fitGitHubBody, GITHUB_BODY_LIMIT, neutralizeForGitHub, truncateLines } from '../github-markdown.ts';
import type { Incident, StatusModel } from '../model/types.ts';
import { componentName, componentStatusWord, formatForReaders, previewIncident } from '../scaffold/preview.ts';
import type { PullRequestText } from '../scaffold/pull-request.ts';
import { ALERT_BRANCH_PREFIX, pullRequestMarker, type ProposalKind } from './key.ts';
import type { AlertImpact } from './map.ts';
import { SOURCE_NAMES, type AlertNotification } from './notification.ts';

export interface AlertPullRequestInput {
  kind: ProposalKind;
  notification: AlertNotification;
  key: string;
  incident: Incident;
  model: StatusModel;
  impact: AlertImpact;
  alerts: AlertsConfig;
  /** Files the pull request adds. */
  files: readonly string[];
  /** When the notification arrived. */
  now: number;
  /** For the branch name: the update file written. */
  updateName?: string;
}

export const ALERT_LABEL = 'alert';

/** Text that Markdown would otherwise read as markup, and no mention (alert names and summaries come from monitoring, not from us). */
const literal = (text: string): string => neutralizeForGitHub(text.replace(/[\\`*_<>|[\]#]/g, '\\$&').replace(/\s+/g, ' ').trim());
/** Inline code in a table cell: no backtick can end it early, no pipe can end the cell. */
const code = (text: string): string => `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ')}\``;
/** A link to the monitoring system, if it is an http(s) URL. */
function sourceLink(url: string | undefined): string {
  if (!url) return '';
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? ` ([source](${parsed.href.replace(/[()]/g, encodeURIComponent)}))` : '';
  } catch {
    return '';
  }
}

const when = (ms: number, timeZone: string) => formatForReaders(ms, timeZone);

/** The alert's rows of the table in the pull request body: kept up to date as notifications arrive. */
export function alertRows(notification: AlertNotification, alerts: AlertsConfig, timeZone: string, now: number): string[] {
  const firing = notification.alerts.filter((a) => a.status === 'firing').length;
  const state = notification.status === 'firing' ? `firing (${firing} of ${notification.alerts.length} alerts)` : 'resolved';
  const names = [...new Set(notification.alerts.map((a) => a.name))].map(code).join(', ');
  return [
    `| Source | ${SOURCE_NAMES[notification.source]} |`,
    `| Status | ${state}${notification.since !== undefined ? `, since ${when(notification.since, timeZone)}` : ''} |`,
    `| Alerts | ${names} |`,
    `| Last notification | ${when(now, timeZone)} |`,
    ...(alerts.details
      ? notification.alerts.map(
          (a) => `| ${literal(a.name)} | ${a.status}${a.summary ? `: ${literal(a.summary)}` : ''}; ${Object.entries(a.labels).map(([k, v]) => code(`${k}=${v}`)).join(' ')}${sourceLink(a.url)} |`,
        )
      : []),
  ];
}

/** Replaces the alert table of an earlier body with the latest notification's, leaving the rest (and people's edits above it) alone. */
export function withLatestNotification(body: string, rows: readonly string[]): string {
  const start = body.indexOf('| Source |');
  if (start < 0) return body;
  const end = body.indexOf('\n\n', start);
  return placeRows(body.slice(0, start), rows, end < 0 ? '\n' : body.slice(end));
}

/**
 * The alert's rows between `before` and `after`, as many as GitHub's body limit leaves room for
 * (a group of hundreds of alerts, with details, would not fit): the rest are counted in a last row.
 */
function placeRows(before: string, rows: readonly string[], after: string): string {
  const room = GITHUB_BODY_LIMIT - before.length - after.length;
  const table = truncateLines(rows.join('\n'), room, (n) => `| … | ${n} more row${n === 1 ? '' : 's'} not shown: a pull request description holds at most ${GITHUB_BODY_LIMIT} characters; the monitoring system has them all |`);
  return fitGitHubBody(`${before}${table}${after}`, () => `… (cut: a pull request description holds at most ${GITHUB_BODY_LIMIT} characters)`);
}

export function alertPullRequestText(input: AlertPullRequestInput): PullRequestText {
  const { kind, notification, key, incident, model, impact, alerts } = input;
  const locale = model.config.defaultLocale;
  const title = incident.title[locale]?.text ?? incident.id;
  const source = SOURCE_NAMES[notification.source];
  const summary = kind === 'draft' ? `Draft from an alert: ${title}` : kind === 'monitoring' ? `Alert resolved: ${title} (monitoring)` : `Alert firing again: ${title} (investigating)`;
  const components = Object.entries(impact.components).map(([id, status]) => `${componentName(model.config, id)} (${componentStatusWord(status)})`);
  const intro = {
    draft: `${source} reports a problem. Kabar drafted the incident \`${incident.id}\` from it, for you to review and edit before it goes public.`,
    monitoring: `The alert behind \`${incident.id}\` has resolved. This proposes a **monitoring** update; the incident stays open until a person resolves it (\`kabar resolve ${incident.id}\`).`,
    returned: `The alert behind \`${incident.id}\` fires again while the incident is being monitored. This proposes going back to **investigating**.`,
  }[kind];
  const checklist =
    kind === 'draft'
      ? [
          '**Before merging**',
          '',
          '- [ ] The title says what customers notice (an alert cannot know that).',
          components.length > 0
            ? `- [ ] The components and their status: ${components.join(', ')}.`
            : `- [ ] The components: no alert label matched one. Add them here, and a rule under \`alerts.components\` in kabar.config.ts for next time.`,
          `- [ ] The severity: drafted as **${impact.severity}**, from ${impact.severityFrom}.`,
          '- [ ] An `impact` statement: who is affected, and how.',
          '- [ ] The message, and when the next update is promised.',
          '',
        ]
      : [];
  const before = [
    pullRequestMarker({ key, proposes: kind, incident: incident.id, ...(notification.since !== undefined && { since: notification.since }) }),
    '> [!IMPORTANT]',
    '> Drafted by Kabar from an alert: nothing is published until a person merges this pull request.',
    '',
    intro,
    '',
    ...checklist,
    '**What customers will see once this is merged**',
    '',
    fencedCode(previewIncident(incident, model), 'text'),
    '',
    '**The alert**',
    '',
    '| | |',
    '| --- | --- |',
    '',
  ].join('\n');
  const after = [
    '',
    '',
    '**Files**',
    '',
    ...input.files.map((f) => `- \`${f}\``),
    '',
    `_Opened by \`kabar ingest --from ${notification.source} --pr\`. Not something customers notice? Close this pull request: the alert will not propose it again until it resolves and fires anew._`,
  ].join('\n');
  const body = placeRows(before, alertRows(notification, alerts, model.config.timeZone, input.now), after);
  const labels = [incident.type === 'maintenance' ? 'maintenance' : 'incident', ...(incident.severity ? [incident.severity] : []), ALERT_LABEL];
  const branch = `${ALERT_BRANCH_PREFIX}${key.slice(key.lastIndexOf('-') + 1, key.lastIndexOf('-') + 13)}-${(input.updateName ?? kind).toLowerCase()}`.replace(/[^a-z0-9/_-]+/g, '-');
  return { title: summary, body, labels, branch, commitMessage: `${summary}\n\nFrom a ${source} alert (${key}).\n\nFiles:\n${input.files.map((f) => `  ${f}`).join('\n')}\n` };
}
