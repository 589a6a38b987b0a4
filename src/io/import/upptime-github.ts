import { readFile } from 'node:fs/promises';
import type { Octokit } from '@octokit/rest';
import { parse as parseYaml } from 'yaml';
import type { UpptimeIssue, UpptimeRepo } from '../../core/import/upptime.ts';
import { classifyGitHubError, createOctokit, type GitHubPurpose } from '../github.ts';
import { ImportSourceError } from './http-json.ts';

export interface UpptimeTarget {
  owner: string;
  repo: string;
  /** GITHUB_TOKEN or GH_TOKEN; a public repository needs none (but GitHub allows 60 requests an hour without). */
  token?: string;
  apiBase: string;
  /** A local copy of `.upptimerc.yml` to use instead of the repository's. */
  configFile?: string;
}

const READ_ISSUES: GitHubPurpose = { action: 'read issues', permission: 'issues: read', object: 'the request' };

/**
 * Reads an Upptime repository through the GitHub API: every issue labelled `status`
 * or `maintenance` (open and closed, every page), their comments, and its
 * `.upptimerc.yml` for the sites' names. Comments are read for the whole repository
 * at once (100 a page) rather than issue by issue: without a token GitHub allows 60
 * requests an hour, and an Upptime repository has hundreds of issues.
 */
type Issue = Awaited<ReturnType<ReturnType<typeof createOctokit>['rest']['issues']['listForRepo']>>['data'][number];
type IssueComment = Awaited<ReturnType<ReturnType<typeof createOctokit>['rest']['issues']['listCommentsForRepo']>>['data'][number];
/** Pages of one GitHub listing an import reads at most: 100 000 issues or comments. */
export const MAX_PAGES = 1000;

/**
 * Every item of a paginated GitHub listing, page by page until a short one, each page checked:
 * a page that is not a complete list (a response cut off mid-body, an error page) is an error,
 * never an empty last page, since taking it for one would drop updates and rewrite resolutions.
 * Past MAX_PAGES it stops with an error.
 */
async function allPages<T>(octokit: ReturnType<typeof createOctokit>, route: string, params: Record<string, string | number>, what: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    if (page > MAX_PAGES) throw new ImportSourceError(`${what} run past ${MAX_PAGES} pages of ${PER_PAGE}, more than an import reads: import from a copy with fewer issues`);
    const { data } = await octokit.request(route, { ...params, per_page: PER_PAGE, page });
    if (!Array.isArray(data)) throw new ImportSourceError(`GitHub's page ${page} of ${what} is not a complete list (a response cut off, or not JSON): run the import again`);
    items.push(...(data as T[]));
    if (data.length < PER_PAGE) return items;
  }
}

const PER_PAGE = 100;

export async function fetchUpptime(target: UpptimeTarget): Promise<UpptimeRepo> {
  const octokit = createOctokit(target.token, target.apiBase);
  const { owner, repo } = target;
  const full = `${owner}/${repo}`;
  try {
    const config = target.configFile ? await localConfig(target.configFile) : await remoteConfig(octokit, owner, repo);
    const byNumber = new Map<number, UpptimeIssue>();
    const withComments: number[] = [];
    for (const label of ['status', 'maintenance']) {
      const issues = await allPages<Issue>(octokit, 'GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'all', labels: label, sort: 'created', direction: 'asc' }, `the "${label}" issues of ${full}`);
      for (const issue of issues) {
        if (issue.pull_request || byNumber.has(issue.number)) continue;
        if (issue.comments > 0) withComments.push(issue.number);
        byNumber.set(issue.number, {
          number: issue.number,
          title: issue.title,
          body: issue.body ?? null,
          state: issue.state,
          labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
          createdAt: issue.created_at,
          closedAt: issue.closed_at ?? null,
          comments: [],
        });
      }
    }
    if (withComments.length > 0) {
      const comments = await allPages<IssueComment>(octokit, 'GET /repos/{owner}/{repo}/issues/comments', { owner, repo, sort: 'created', direction: 'asc' }, `the issue comments of ${full}`);
      for (const c of comments) {
        const number = Number(/\/issues\/(\d+)$/.exec(c.issue_url)?.[1]);
        byNumber.get(number)?.comments.push({ id: c.id, body: c.body ?? '', createdAt: c.created_at });
      }
    }
    return { origin: full, ...(config && { config }), issues: [...byNumber.values()] };
  } catch (error) {
    if (error instanceof ImportSourceError) throw error;
    const classified = classifyGitHubError(error, full, READ_ISSUES);
    const message =
      classified.kind === 'not-found'
        ? `GitHub has no repository ${full} (404): check the owner/name, and for a private repository set GITHUB_TOKEN to a token that can read its issues`
        : classified.kind === 'unauthorized'
          ? `GitHub rejected the token (401): set GITHUB_TOKEN to a valid token that can read the issues of ${full}, or unset it for a public repository`
          : classified.kind === 'offline'
            ? `could not reach the GitHub API at ${target.apiBase} (${(error as Error).message}): check the network connection${target.apiBase.includes('api.github.com') ? '' : ' and GITHUB_API_URL'}`
            : classified.kind === 'rate-limited' && !target.token
              ? `${classified.message}; a token in GITHUB_TOKEN raises GitHub's limit from 60 to 5,000 requests an hour`
              : classified.message;
    throw new ImportSourceError(message);
  }
}

async function localConfig(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ImportSourceError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): check --config`);
  }
  return parseConfig(text, file);
}

async function remoteConfig(octokit: Octokit, owner: string, repo: string): Promise<Record<string, unknown> | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path: '.upptimerc.yml' });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return undefined;
    return parseConfig(Buffer.from(data.content, 'base64').toString('utf8'), `${owner}/${repo}/.upptimerc.yml`);
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

function parseConfig(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text, { schema: 'core' });
  } catch (error) {
    throw new ImportSourceError(`${where} is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ImportSourceError(`${where} is not an Upptime config (expected settings such as "sites:")`);
  return value as Record<string, unknown>;
}
