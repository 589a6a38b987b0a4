import { Octokit } from '@octokit/rest';

export const DEFAULT_GITHUB_API = 'https://api.github.com';

export interface GitHubTarget {
  owner: string;
  repo: string;
}

export interface OpenPullRequestInput extends GitHubTarget {
  head: string;
  base: string;
  title: string;
  body: string;
  labels: readonly string[];
}

export interface OpenedPullRequest {
  number: number;
  url: string;
  /** Login that opened it (the token's user), who cannot be asked to review it. */
  author?: string;
  /** Set when the PR exists but labelling it failed (labels are a nicety; the PR is what matters). */
  labelWarning?: string;
}

/** Why talking to GitHub failed, and what to do about it, in one sentence each. */
export class GitHubError extends Error {
  readonly kind: 'unauthorized' | 'forbidden' | 'rate-limited' | 'not-found' | 'invalid' | 'offline' | 'other';
  readonly status?: number;
  constructor(kind: GitHubError['kind'], message: string, status?: number) {
    super(message);
    this.name = 'GitHubError';
    this.kind = kind;
    if (status !== undefined) this.status = status;
  }
}

/** The token from `GITHUB_TOKEN` or `GH_TOKEN` (as the gh CLI and Actions use). */
export function tokenFromEnv(env: Record<string, string | undefined>): string | undefined {
  return env.GITHUB_TOKEN?.trim() || env.GH_TOKEN?.trim() || undefined;
}

/** `GITHUB_API_URL` (set by Actions, and on GitHub Enterprise `https://host/api/v3`), else github.com. */
export function apiBaseFromEnv(env: Record<string, string | undefined>): string {
  return (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API).replace(/\/+$/, '');
}

/** `owner/repo` from `KABAR_GITHUB_REPOSITORY` or `GITHUB_REPOSITORY` (Actions sets the latter). */
export function repositoryFromEnv(env: Record<string, string | undefined>): GitHubTarget | undefined {
  const value = env.KABAR_GITHUB_REPOSITORY?.trim() || env.GITHUB_REPOSITORY?.trim();
  const match = value ? /^([\w.-]+)\/([\w.-]+)$/.exec(value) : null;
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}

/** A client for `baseUrl`; without a token it reads public repositories only (and at a lower rate limit). */
export function createOctokit(token: string | undefined, baseUrl: string): Octokit {
  // No retry or throttling plugins: during an outage a fast, clear failure beats a silent wait.
  return new Octokit({ ...(token && { auth: token }), baseUrl, userAgent: 'kabar-cli', request: { retries: 0 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
}

export async function openPullRequest(octokit: Octokit, input: OpenPullRequestInput): Promise<OpenedPullRequest> {
  const { owner, repo } = input;
  let pr: { number: number; html_url: string; user?: { login: string } | null };
  try {
    const response = await octokit.rest.pulls.create({ owner, repo, head: input.head, base: input.base, title: input.title, body: input.body });
    pr = response.data;
  } catch (error) {
    throw classifyGitHubError(error, `${owner}/${repo}`);
  }
  try {
    if (input.labels.length > 0) await octokit.rest.issues.addLabels({ owner, repo, issue_number: pr.number, labels: [...input.labels] });
    return { number: pr.number, url: pr.html_url, ...(pr.user?.login && { author: pr.user.login }) };
  } catch (error) {
    const why = classifyGitHubError(error, `${owner}/${repo}`).message;
    return { number: pr.number, url: pr.html_url, ...(pr.user?.login && { author: pr.user.login }), labelWarning: `could not add the labels ${input.labels.join(', ')}: ${why}` };
  }
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  cause?: unknown;
}

/** What a request needed the token for, so a 401/403/422 message can name the missing permission. */
export interface GitHubPurpose {
  /** e.g. "open pull requests" */
  action: string;
  /** e.g. "pull requests: write" */
  permission: string;
  /** e.g. "the pull request" */
  object: string;
}

const OPEN_PULL_REQUEST: GitHubPurpose = { action: 'open pull requests', permission: 'pull requests: write', object: 'the pull request' };
export const CREATE_ISSUES: GitHubPurpose = { action: 'create issues', permission: 'issues: write', object: 'the issue' };
export const REQUEST_REVIEWS: GitHubPurpose = { action: 'request reviewers', permission: 'pull requests: write', object: 'the review request' };
export const READ_PULL_REQUESTS: GitHubPurpose = { action: 'read pull requests', permission: 'pull requests: read', object: 'the request' };

/** Turns an Octokit error into a GitHubError whose message says what happened and what to do next. */
export function classifyGitHubError(error: unknown, repository: string, purpose: GitHubPurpose = OPEN_PULL_REQUEST): GitHubError {
  const e = (error ?? {}) as RequestErrorLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const headers = e.response?.headers ?? {};
  const data = e.response?.data as { message?: string; errors?: { message?: string; code?: string; field?: string }[] } | undefined;
  const detail = [data?.message, ...(data?.errors ?? []).map((x) => x.message ?? [x.field, x.code].filter(Boolean).join(' '))].filter(Boolean).join('; ');
  if (status === 401) return new GitHubError('unauthorized', `GitHub rejected the token (401 ${detail || 'Bad credentials'}): set GITHUB_TOKEN to a valid token with ${purpose === OPEN_PULL_REQUEST ? '"contents: write" and ' : ''}"${purpose.permission}" on ${repository}`, 401);
  if ((status === 403 || status === 429) && (String(headers['x-ratelimit-remaining']) === '0' || /rate limit/i.test(detail))) {
    const reset = Number(headers['x-ratelimit-reset']);
    const when = Number.isFinite(reset) && reset > 0 ? ` after ${new Date(reset * 1000).toISOString().replace('.000Z', 'Z')}` : ' in a few minutes';
    return new GitHubError('rate-limited', `GitHub's API rate limit is exhausted (${status}): try again${when}`, status);
  }
  if (status === 403) return new GitHubError('forbidden', `the token may not ${purpose.action} on ${repository} (403 ${detail}): give it "${purpose.permission}"`, 403);
  if (status === 404) return new GitHubError('not-found', `${repository} was not found (404): check the repository name (KABAR_GITHUB_REPOSITORY or the origin remote) and that the token can see it`, 404);
  if (status === 422) return new GitHubError('invalid', `GitHub refused ${purpose.object} (422 ${detail || 'Validation Failed'})`, 422);
  if (status === undefined || status === 500 && /fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket/i.test(`${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`)) {
    return new GitHubError('offline', `could not reach the GitHub API (${e.message ?? 'network error'}): check the network connection${process.env.GITHUB_API_URL ? ' and GITHUB_API_URL' : ''}`);
  }
  return new GitHubError('other', `GitHub answered ${status} (${detail || e.message || 'unknown error'})`, status);
}

/**
 * The web address of the GitHub in use, for "open this link" fallbacks: `GITHUB_SERVER_URL`
 * (Actions sets it), else derived from the API URL (`https://ghe.example.com/api/v3` →
 * `https://ghe.example.com`), else github.com.
 */
export function webBaseFromEnv(env: Record<string, string | undefined>): string {
  const server = env.GITHUB_SERVER_URL?.trim();
  if (server) return server.replace(/\/+$/, '');
  const api = apiBaseFromEnv(env);
  if (api === DEFAULT_GITHUB_API) return 'https://github.com';
  const url = new URL(api);
  if (url.hostname.startsWith('api.')) return `${url.protocol}//${url.host.slice(4)}`;
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/api\/v3\/?$/, '')}`.replace(/\/+$/, '');
}
