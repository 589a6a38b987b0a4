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

export function pullRequestMarker(marker: PullRequestMarker): string {
  return `<!-- kabar-alert: ${marker.key} proposes=${marker.proposes} incident=${marker.incident}${marker.since !== undefined ? ` since=${new Date(marker.since).toISOString()}` : ''} -->`;
}

export function readPullRequestMarker(body: string | null | undefined): PullRequestMarker | undefined {
  const match = /<!-- kabar-alert: ([a-z-]+-[0-9a-f]{16}) proposes=(draft|monitoring|returned) incident=([\w.-]+)(?: since=(\S+))? -->/.exec(body ?? '');
  if (!match) return undefined;
  const since = match[4] ? Date.parse(match[4]) : NaN;
  return { key: match[1]!, proposes: match[2] as ProposalKind, incident: match[3]!, ...(Number.isFinite(since) && { since }) };
}
