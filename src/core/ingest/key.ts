import { createHash } from 'node:crypto';
import type { AlertNotification } from './notification.ts';

/**
 * An alert's key: its source and a hash of what stays the same each time it notifies. Opaque
 * on purpose: it appears in the repository (a YAML comment in the draft's index.md) and in pull
 * requests, which may be public, while group keys name internal labels.
 */
export function alertKey(notification: Pick<AlertNotification, 'source' | 'group'>): string {
  return `${notification.source}-${createHash('sha256').update(notification.group, 'utf8').digest('hex').slice(0, 16)}`;
}

/** The line in a drafted incident's frontmatter that ties it to its alert (a YAML comment: not content). */
export const contentMarker = (key: string): string => `# kabar-alert: ${key}`;

/** Inserts the content marker as the first frontmatter line of an index.md. */
export function markIndex(text: string, key: string): string {
  return text.replace(/^---\n/, `---\n${contentMarker(key)}\n`);
}

export const hasContentMarker = (text: string, key: string): boolean => text.split('\n').some((line) => line.trim() === contentMarker(key));

/** What a pull request from an alert proposes: a new incident, or an update to one that is public already. */
export type ProposalKind = 'draft' | 'monitoring' | 'returned';

/** The hidden line in a pull request's body that ties it to its alert: what it proposes, for which incident and firing episode. */
export interface PullRequestMarker {
  key: string;
  proposes: ProposalKind;
  /** The incident's id: drafts of other alerts must not take it while this one is open. */
  incident: string;
  /** When the firing episode began (epoch ms), if known. */
  since?: number;
}

/** Every branch `kabar ingest --pr` opens starts with this; it pushes to no other. */
export const ALERT_BRANCH_PREFIX = 'kabar/alert-';

/** A branch name as Kabar makes them: the prefix, then lowercase letters, digits, `_` and `-` only. */
const ALERT_BRANCH = /^kabar\/alert-[a-z0-9][a-z0-9_-]*$/;

/** A pull request as GitHub lists it, as far as deciding whether it is one Kabar opened for an alert. */
export interface ListedAlertPull {
  body: string;
  /** Head branch name. */
  head: string;
  /** `owner/repo` of the head branch's repository; null when GitHub says none (a deleted fork). */
  headRepository: string | null;
}

/**
 * Why a pull request is not one Kabar opened for an alert in `repository`, or undefined when it
 * is. Markers can be copied into any pull request, so the marker alone proves nothing: the head
 * must also be a Kabar branch of this very repository. A fork (or a deleted one, whose head
 * repository GitHub reports as null) cannot be pushed to, and its branch name says nothing
 * about this repository's branches: its "main" is not ours.
 */
export function notAlertPull(pull: ListedAlertPull, repository: string): string | undefined {
  if (!readPullRequestMarker(pull.body)) return 'it has no Kabar alert marker';
  if (pull.headRepository === null) return 'its head repository is gone (a deleted fork)';
  if (pull.headRepository.toLowerCase() !== repository.toLowerCase()) return `its head is a branch of ${pull.headRepository}, not of ${repository}`;
  return alertBranchProblem(pull.head);
}

/**
 * Why `kabar ingest` must not push to `branch`, or undefined when it may. Only Kabar's own
 * alert branches: never the default branch, whatever a pull request says.
 */
export function alertBranchProblem(branch: string, defaultBranch?: string): string | undefined {
  if (defaultBranch !== undefined && branch === defaultBranch) return `its branch ${JSON.stringify(branch)} is the default branch`;
  if (!ALERT_BRANCH.test(branch)) return `its branch ${JSON.stringify(branch)} is not one of Kabar's (${ALERT_BRANCH_PREFIX}…)`;
  return undefined;
}

export function pullRequestMarker(marker: PullRequestMarker): string {
  return `<!-- kabar-alert: ${marker.key} proposes=${marker.proposes} incident=${marker.incident}${marker.since !== undefined ? ` since=${new Date(marker.since).toISOString()}` : ''} -->`;
}

export function readPullRequestMarker(body: string | null | undefined): PullRequestMarker | undefined {
  const match = /<!-- kabar-alert: ([a-z-]+-[0-9a-f]{16}) proposes=(draft|monitoring|returned) incident=([\w.-]+)(?: since=(\S+))? -->/.exec(body ?? '');
  if (!match) return undefined;
  const since = match[4] ? Date.parse(match[4]) : NaN;
  return { key: match[1]!, proposes: match[2] as ProposalKind, incident: match[3]!, ...(Number.isFinite(since) && { since }) };
}
