import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the GitHub REST API, speaking its request and response
 * shapes for the endpoints Kabar uses: pull requests (opening, listing by state
 * and head branch with pagination, updating; the pull requests of a commit,
 * their reviews, review requests), issues (created, and listed with
 * `labels`/`state` filters and `per_page`/`page` pagination with Link headers, as
 * Upptime repositories are read), labels, assignees, issue comments (of one
 * issue or of the whole repository, paged the same way), file contents and
 * repository dispatches, and a repository's settings as `kabar doctor` reads them (the
 * repository, GitHub Pages, Actions secrets, workflow permissions, branch
 * protection, rulesets). Point Octokit at `baseUrl` (or set GITHUB_API_URL to it). Every
 * request is recorded for assertions, and any route can be made to fail the
 * way GitHub fails (401, 403 rate limit, 422 validation, ...). Bodies over GitHub's
 * 65 536 characters and pull requests whose fork was deleted (`head.repo: null`) are as on GitHub.
 */

export interface RecordedRequest {
  method: string;
  /** Path without the API prefix, e.g. `/repos/acme/status/pulls`. */
  path: string;
  /** Query parameters, e.g. `{ labels: 'status', page: '2' }`. */
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of `body` as JSON: a page cut off mid-list, say. */
  raw?: string;
}

export interface PullRequest {
  number: number;
  title: string;
  body: string | null;
  head: string;
  /**
   * `owner/repo` the head branch lives in: this repository by default, a fork's name, or null
   * for a fork that was deleted (GitHub then lists the pull request with `head.repo: null`).
   */
  headRepo?: string | null;
  base: string;
  labels: string[];
  /** Login of the author. */
  user: string;
  /** Set for merged pull requests (ISO 8601). */
  mergedAt?: string;
  /** `closed` once closed or merged; open by default. */
  state?: 'open' | 'closed';
  /** Commit SHAs the pull request is associated with (GET /commits/{sha}/pulls). */
  commits: string[];
  reviews: { user: string; state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' }[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

export interface Issue {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  assignees: string[];
  /** Default open. */
  state?: 'open' | 'closed';
  /** ISO 8601; default the epoch. */
  createdAt?: string;
  closedAt?: string;
  /** Author's login; default the token's. */
  user?: string;
  /** Listed among issues, as GitHub lists pull requests. */
  pullRequest?: boolean;
}

/** A repository_dispatch event as received by POST /repos/{owner}/{repo}/dispatches. */
export interface Dispatch {
  repository: string;
  event_type: string;
  client_payload: unknown;
}

export interface IssueComment {
  id: number;
  issue: number;
  body: string;
  user: string;
  /** ISO 8601; default the epoch. */
  createdAt?: string;
}

export interface GitHubServerOptions {
  /** The token a request must carry; requests with another one get 401 like GitHub's. Undefined accepts any. */
  token?: string;
  /** Path prefix, as on GitHub Enterprise (`/api/v3`). */
  prefix?: string;
  /** Login the token belongs to (author of comments it posts). */
  login?: string;
}

/** A repository's settings, served by the endpoints `kabar doctor` reads. */
export interface RepositorySettings {
  /** GitHub Pages: absent when not enabled (404). `workflow` is the source "GitHub Actions". */
  pages?: { buildType: 'workflow' | 'legacy'; cname?: string | null };
  /** Names of Actions secrets (values are never served, as on GitHub). */
  secrets?: string[];
  /** "Allow GitHub Actions to create and approve pull requests"; default false, as on GitHub. */
  canApprovePullRequests?: boolean;
  defaultWorkflowPermissions?: 'read' | 'write';
  /** Classic branch protection per branch name (404 for others). */
  protection?: Record<string, { requiredReviews?: boolean; requiredChecks?: boolean; restrictions?: boolean; lock?: boolean }>;
  /** Ruleset rule types applying to branches whose name starts with the key. */
  rules?: Record<string, string[]>;
}

type Override = (req: RecordedRequest) => FakeResponse | undefined;

export interface GitHubServer {
  baseUrl: string;
  requests: RecordedRequest[];
  pulls: PullRequest[];
  comments: IssueComment[];
  issues: Issue[];
  dispatches: Dispatch[];
  /** Adds a pull request as if it had been opened (and maybe merged and reviewed) before. */
  seedPull(pull: Partial<PullRequest> & { number: number; commits?: string[] }): PullRequest;
  /** Logins that exist as collaborators (assignable); undefined: anyone. */
  setAssignable(logins: string[]): void;
  /** Answers requests matching `method` and `path` (a RegExp over the path) with `response` instead; with `after`, only once that many such requests succeeded. */
  fail(method: string, path: RegExp, response: FakeResponse, options?: { after?: number }): void;
  /** Adds a comment as if someone posted it already (e.g. a previous run). */
  seedComment(issue: number, body: string, user?: string, createdAt?: string): IssueComment;
  /** Adds an issue (or, with `pullRequest`, a pull request in the issues list) as if opened before. */
  seedIssue(issue: Partial<Issue> & { number: number; title: string }): Issue;
  /** A file of the default branch, served by GET /repos/{owner}/{repo}/contents/{path}. */
  seedFile(path: string, text: string): void;
  /** Makes `owner/repo` exist (GET /repos/{owner}/{repo}) with these settings; others are 404. Returns the live settings to change. */
  seedRepository(fullName: string, settings?: RepositorySettings): RepositorySettings;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';

export const githubErrors = {
  badCredentials: (): FakeResponse => ({ status: 401, body: { message: 'Bad credentials', documentation_url: DOCS, status: '401' } }),
  rateLimited: (resetEpochSeconds: number): FakeResponse => ({
    status: 403,
    headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetEpochSeconds), 'x-ratelimit-resource': 'core' },
    body: { message: 'API rate limit exceeded for user ID 1.', documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api`, status: '403' },
  }),
  validation: (message: string, resource = 'PullRequest'): FakeResponse => ({
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource, code: 'custom', message }], documentation_url: `${DOCS}/pulls/pulls#create-a-pull-request`, status: '422' },
  }),
  forbidden: (message = 'Resource not accessible by integration'): FakeResponse => ({ status: 403, body: { message, documentation_url: DOCS, status: '403' } }),
  /** GitHub's answer to a pull request, issue or comment body over 65 536 characters. */
  bodyTooLong: (resource: string): FakeResponse => ({
    status: 422,
    body: { message: 'Validation Failed', errors: [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${BODY_LIMIT} characters)` }], documentation_url: DOCS, status: '422' },
  }),
};

/** GitHub's longest body of a pull request, issue or comment. */
const BODY_LIMIT = 65_536;
const tooLong = (body: Record<string, unknown>) => typeof body.body === 'string' && body.body.length > BODY_LIMIT;

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const prefix = (options.prefix ?? '').replace(/\/+$/, '');
  const login = options.login ?? 'kabar-bot';
  const requests: RecordedRequest[] = [];
  const pulls: PullRequest[] = [];
  const comments: IssueComment[] = [];
  const issues: Issue[] = [];
  const dispatches: Dispatch[] = [];
  let assignable: string[] | undefined;
  const files = new Map<string, string>();
  const repositories = new Map<string, RepositorySettings>();
  const overrides: Override[] = [];
  let nextIssue = 1;
  let nextId = 1000;
  let origin = '';

  const prJson = (owner: string, repo: string, pr: PullRequest) => ({
    id: 500 + pr.number,
    node_id: `PR_${pr.number}`,
    number: pr.number,
    state: pr.state ?? (pr.mergedAt ? 'closed' : 'open'),
    title: pr.title,
    body: pr.body,
    url: `${origin}${prefix}/repos/${owner}/${repo}/pulls/${pr.number}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${pr.number}`,
    user: userJson(pr.user),
    labels: pr.labels.map(labelJson),
    requested_reviewers: pr.requestedReviewers.map(userJson),
    requested_teams: pr.requestedTeams.map((slug) => ({ id: slug.length, slug, name: slug })),
    merged_at: pr.mergedAt ?? null,
    head: headJson(owner, repo, pr),
    base: { ref: pr.base, label: `${owner}:${pr.base}`, repo: { full_name: `${owner}/${repo}` } },
    draft: false,
    created_at: new Date(0).toISOString(),
    updated_at: new Date(0).toISOString(),
  });
  /** GitHub's head of a pull request: a deleted fork leaves `repo: null` (and its owner's login in the label). */
  const headJson = (owner: string, repo: string, pr: PullRequest) => {
    const full = pr.headRepo === undefined ? `${owner}/${repo}` : pr.headRepo;
    const headOwner = full === null ? pr.user : full.split('/')[0]!;
    return { ref: pr.head, label: `${headOwner}:${pr.head}`, sha: 'e'.repeat(40), user: userJson(headOwner), repo: full === null ? null : { full_name: full, name: full.split('/')[1], owner: userJson(headOwner), fork: full !== `${owner}/${repo}` } };
  };
  const userJson = (name: string) => ({ login: name, id: name.length, type: name.endsWith('[bot]') ? 'Bot' : 'User' });
  const issueJson = (owner: string, repo: string, i: Issue) => ({
    id: 700 + i.number,
    node_id: `I_${i.number}`,
    number: i.number,
    state: i.state ?? 'open',
    title: i.title,
    body: i.body,
    url: `${origin}${prefix}/repos/${owner}/${repo}/issues/${i.number}`,
    html_url: `https://github.com/${owner}/${repo}/issues/${i.number}`,
    user: userJson(i.user ?? login),
    labels: i.labels.map(labelJson),
    assignees: i.assignees.map(userJson),
    comments: comments.filter((c) => c.issue === i.number).length,
    locked: false,
    created_at: i.createdAt ?? new Date(0).toISOString(),
    updated_at: i.closedAt ?? i.createdAt ?? new Date(0).toISOString(),
    closed_at: i.closedAt ?? null,
    ...(i.pullRequest && { pull_request: { url: `${origin}${prefix}/repos/${owner}/${repo}/pulls/${i.number}` } }),
  });
  /** One page of a list, with GitHub's Link header when there are more (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
  const paged = (req: RecordedRequest, list: unknown[]): FakeResponse => {
    const perPage = Math.min(Number(req.query.per_page ?? 30) || 30, 100);
    const page = Math.max(Number(req.query.page ?? 1) || 1, 1);
    const last = Math.max(1, Math.ceil(list.length / perPage));
    const link = (n: number, rel: string) => `<${origin}${prefix}${req.path}?${new URLSearchParams({ ...req.query, page: String(n) })}>; rel="${rel}"`;
    const links = [...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []), ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : [])];
    return { status: 200, body: list.slice((page - 1) * perPage, page * perPage), ...(links.length > 0 && { headers: { link: links.join(', ') } }) };
  };
  const isOpen = (p: PullRequest) => (p.state ?? (p.mergedAt ? 'closed' : 'open')) === 'open';
  const notFound = (): FakeResponse => ({ status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } });
  const labelJson = (name: string) => ({ id: name.length, node_id: `LA_${name}`, url: `${origin}${prefix}/labels/${name}`, name, color: 'ededed', default: false, description: null });
  const commentJson = (owner: string, repo: string, c: IssueComment) => ({
    id: c.id,
    node_id: `IC_${c.id}`,
    body: c.body,
    user: { login: c.user, id: 1, type: c.user.endsWith('[bot]') ? 'Bot' : 'User' },
    html_url: `https://github.com/${owner}/${repo}/pull/${c.issue}#issuecomment-${c.id}`,
    issue_url: `${origin}${prefix}/repos/${owner}/${repo}/issues/${c.issue}`,
    created_at: c.createdAt ?? new Date(0).toISOString(),
    updated_at: c.createdAt ?? new Date(0).toISOString(),
  });

  const route = (req: RecordedRequest): FakeResponse => {
    for (const override of overrides) {
      const response = override(req);
      if (response) return response;
    }
    if (options.token !== undefined) {
      const auth = String(req.headers.authorization ?? '');
      if (auth !== `token ${options.token}` && auth !== `Bearer ${options.token}`) return githubErrors.badCredentials();
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const missing = ['title', 'head', 'base'].filter((k) => typeof body[k] !== 'string' || body[k] === '');
      if (missing.length) return githubErrors.validation(`${missing.join(', ')} missing`);
      if (tooLong(body)) return githubErrors.bodyTooLong('PullRequest');
      if (pulls.some((p) => p.head === body.head && p.base === body.base && isOpen(p))) return githubErrors.validation(`A pull request already exists for ${owner}:${String(body.head)}.`);
      const pr: PullRequest = { number: nextIssue++, title: String(body.title), body: typeof body.body === 'string' ? body.body : null, head: String(body.head), base: String(body.base), labels: [], user: login, commits: [], reviews: [], requestedReviewers: [], requestedTeams: [] };
      pulls.push(pr);
      return { status: 201, body: prJson(owner, repo, pr) };
    }
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/dispatches$/.exec(req.path))) {
      // GitHub: event_type is required (1 to 100 characters); 204 No Content.
      if (typeof body.event_type !== 'string' || body.event_type === '' || body.event_type.length > 100) return githubErrors.validation('event_type is invalid', 'Repository');
      dispatches.push({ repository: `${m[1]}/${m[2]}`, event_type: body.event_type, client_payload: body.client_payload ?? {} });
      return { status: 204 };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(req.path))) {
      // GitHub's list: state open (default), closed or all; head as owner:branch; newest first (or by update); paginated with a Link header.
      const [, owner, repo] = m as unknown as [string, string, string];
      const state = req.query.state ?? 'open';
      const head = req.query.head;
      let list = pulls.filter((p) => state === 'all' || (state === 'open') === isOpen(p)).filter((p) => !head || headJson(owner, repo, p).label === head);
      list = [...list].sort((a, b) => b.number - a.number);
      const perPage = Math.min(Number(req.query.per_page ?? 30), 100);
      const page = Number(req.query.page ?? 1);
      const slice = list.slice((page - 1) * perPage, page * perPage);
      const more = page * perPage < list.length;
      const next = `${origin}${prefix}${req.path}?${new URLSearchParams({ ...req.query, page: String(page + 1) }).toString()}`;
      return { status: 200, body: slice.map((p) => prJson(owner, repo, p)), ...(more && { headers: { link: `<${next}>; rel="next"` } }) };
    }
    if (req.method === 'PATCH' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const pr = pulls.find((p) => p.number === Number(m![3]));
      if (!pr) return notFound();
      if (tooLong(body)) return githubErrors.bodyTooLong('PullRequest');
      if (typeof body.title === 'string') pr.title = body.title;
      if (typeof body.body === 'string') pr.body = body.body;
      if (body.state === 'open' || body.state === 'closed') pr.state = body.state;
      return { status: 200, body: prJson(owner, repo, pr) };
    }
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/.exec(req.path))) {
      const pr = pulls.find((p) => p.number === Number(m![3]));
      if (!pr) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
      const labels = Array.isArray(body) ? body : (body.labels as unknown[] | undefined);
      if (!Array.isArray(labels)) return githubErrors.validation('labels must be an array', 'Label');
      for (const l of labels) {
        const name = typeof l === 'string' ? l : String((l as { name?: string }).name);
        if (!pr.labels.includes(name)) pr.labels.push(name);
      }
      return { status: 200, body: pr.labels.map(labelJson) };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{7,40})\/pulls$/.exec(req.path))) {
      const [, owner, repo, sha] = m as unknown as [string, string, string, string];
      return { status: 200, body: pulls.filter((p) => p.commits.some((c) => c.startsWith(sha) || sha.startsWith(c))).map((p) => prJson(owner, repo, p)) };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/.exec(req.path))) {
      const pr = pulls.find((p) => p.number === Number(m![3]));
      if (!pr) return notFound();
      return {
        status: 200,
        body: pr.reviews.map((r, i) => ({ id: 900 + i, node_id: `PRR_${i}`, user: userJson(r.user), body: '', state: r.state, commit_id: pr.commits[0] ?? null, submitted_at: new Date(0).toISOString(), author_association: 'MEMBER' })),
      };
    }
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/requested_reviewers$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const pr = pulls.find((p) => p.number === Number(m![3]));
      if (!pr) return notFound();
      const reviewers = Array.isArray(body.reviewers) ? body.reviewers.map(String) : [];
      const teams = Array.isArray(body.team_reviewers) ? body.team_reviewers.map(String) : [];
      if (reviewers.includes(pr.user)) return githubErrors.validation('Review cannot be requested from pull request author.', 'PullRequest');
      const unknown = reviewers.filter((r) => assignable && !assignable.includes(r));
      if (unknown.length) return githubErrors.validation('Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${owner}/${repo} repository.`, 'PullRequest');
      for (const r of reviewers) if (!pr.requestedReviewers.includes(r)) pr.requestedReviewers.push(r);
      for (const t of teams) if (!pr.requestedTeams.includes(t)) pr.requestedTeams.push(t);
      return { status: 201, body: prJson(owner, repo, pr) };
    }
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      if (typeof body.title !== 'string' || body.title === '') return githubErrors.validation('title missing', 'Issue');
      const assignees = Array.isArray(body.assignees) ? body.assignees.map(String) : [];
      if (assignees.some((a) => assignable && !assignable.includes(a))) return githubErrors.validation(`Invalid assignees: ${assignees.join(', ')}`, 'Issue');
      const labels = Array.isArray(body.labels) ? body.labels.map((l) => (typeof l === 'string' ? l : String((l as { name?: string }).name))) : [];
      const issue: Issue = { number: nextIssue++, title: body.title, body: typeof body.body === 'string' ? body.body : null, labels, assignees };
      issues.push(issue);
      return { status: 201, body: issueJson(owner, repo, issue) };
    }
    if (req.method === 'POST' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/assignees$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const issue = issues.find((i) => i.number === Number(m![3]));
      if (!issue) return notFound();
      // GitHub ignores logins that cannot be assigned rather than failing.
      const assignees = (Array.isArray(body.assignees) ? body.assignees.map(String) : []).filter((a) => !assignable || assignable.includes(a));
      for (const a of assignees) if (!issue.assignees.includes(a)) issue.assignees.push(a);
      return { status: 201, body: issueJson(owner, repo, issue) };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const wanted = (req.query.labels ?? '').split(',').map((l) => l.trim()).filter(Boolean);
      const state = req.query.state ?? 'open';
      const listed = issues
        .filter((i) => state === 'all' || (i.state ?? 'open') === state)
        .filter((i) => wanted.every((l) => i.labels.includes(l)))
        .sort((a, b) => (req.query.direction === 'asc' ? a.number - b.number : b.number - a.number));
      return paged(req, listed.map((i) => issueJson(owner, repo, i)));
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(req.path))) {
      const file = decodeURIComponent(m[3]!);
      const text = files.get(file);
      if (text === undefined) return notFound();
      return { status: 200, body: { type: 'file', encoding: 'base64', name: file.split('/').pop(), path: file, size: Buffer.byteLength(text), sha: 'f'.repeat(40), content: Buffer.from(text).toString('base64') } };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments$/.exec(req.path))) {
      const [, owner, repo] = m as unknown as [string, string, string];
      const listed = [...comments].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id - b.id);
      if (req.query.direction === 'desc') listed.reverse();
      return paged(req, listed.map((c) => commentJson(owner, repo, c)));
    }
    if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(req.path))) {
      const [, owner, repo, n] = m as unknown as [string, string, string, string];
      if (req.method === 'GET') return paged(req, comments.filter((c) => c.issue === Number(n)).map((c) => commentJson(owner, repo, c)));
      if (req.method === 'POST') {
        if (typeof body.body !== 'string') return githubErrors.validation('body is missing', 'IssueComment');
        if (tooLong(body)) return githubErrors.bodyTooLong('IssueComment');
        const c: IssueComment = { id: nextId++, issue: Number(n), body: body.body, user: login };
        comments.push(c);
        return { status: 201, body: commentJson(owner, repo, c) };
      }
    }
    if (req.method === 'PATCH' && (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(req.path))) {
      const c = comments.find((x) => x.id === Number(m![3]));
      if (!c) return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
      if (typeof body.body === 'string') c.body = body.body;
      return { status: 200, body: commentJson(m[1]!, m[2]!, c) };
    }
    if (req.method === 'GET' && (m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(req.path)) && repositories.has(`${m[1]}/${m[2]}`.toLowerCase())) {
      const settings = repositories.get(`${m[1]}/${m[2]}`.toLowerCase())!;
      const response = settingsRoute(m[1]!, m[2]!, m[3] ?? '', settings, req);
      if (response) return response;
    }
    return { status: 404, body: { message: 'Not Found', documentation_url: DOCS, status: '404' } };
  };

  /** The repository settings endpoints, with GitHub's response shapes. */
  const settingsRoute = (owner: string, repo: string, rest: string, s: RepositorySettings, req: RecordedRequest): FakeResponse | undefined => {
    const full = `${owner}/${repo}`;
    const stamp = new Date(0).toISOString();
    if (rest === '') {
      return { status: 200, body: { id: full.length, node_id: `R_${full}`, name: repo, full_name: full, private: false, owner: userJson(owner), html_url: `https://github.com/${full}`, default_branch: 'main', visibility: 'public', has_pages: Boolean(s.pages), permissions: { admin: true, maintain: true, push: true, triage: true, pull: true } } };
    }
    if (rest === '/pages') {
      if (!s.pages) return notFound();
      return { status: 200, body: { url: `${origin}${prefix}/repos/${full}/pages`, status: 'built', cname: s.pages.cname ?? null, custom_404: false, html_url: s.pages.cname ? `https://${s.pages.cname}/` : `https://${owner.toLowerCase()}.github.io/${repo}/`, build_type: s.pages.buildType, source: { branch: 'main', path: '/' }, public: true, https_enforced: true } };
    }
    if (rest === '/actions/secrets') {
      const list = (s.secrets ?? []).map((name) => ({ name, created_at: stamp, updated_at: stamp }));
      const page = paged(req, list);
      return { ...page, body: { total_count: list.length, secrets: page.body } };
    }
    if (rest === '/actions/permissions/workflow') {
      return { status: 200, body: { default_workflow_permissions: s.defaultWorkflowPermissions ?? 'read', can_approve_pull_request_reviews: s.canApprovePullRequests ?? false } };
    }
    let b: RegExpExecArray | null;
    if ((b = /^\/branches\/(.+)\/protection$/.exec(rest))) {
      const branch = decodeURIComponent(b[1]!);
      const p = s.protection?.[branch];
      if (!p) return { status: 404, body: { message: 'Branch not protected', documentation_url: DOCS, status: '404' } };
      const url = `${origin}${prefix}/repos/${full}/branches/${branch}/protection`;
      return {
        status: 200,
        body: {
          url,
          ...(p.requiredChecks && { required_status_checks: { url: `${url}/required_status_checks`, strict: true, contexts: ['Check and build'], checks: [{ context: 'Check and build', app_id: null }] } }),
          ...(p.requiredReviews && { required_pull_request_reviews: { url: `${url}/required_pull_request_reviews`, dismiss_stale_reviews: false, require_code_owner_reviews: false, required_approving_review_count: 1 } }),
          ...(p.restrictions && { restrictions: { url: `${url}/restrictions`, users: [], teams: [], apps: [] } }),
          required_signatures: { url: `${url}/required_signatures`, enabled: false },
          enforce_admins: { url: `${url}/enforce_admins`, enabled: false },
          required_linear_history: { enabled: false },
          allow_force_pushes: { enabled: false },
          allow_deletions: { enabled: false },
          block_creations: { enabled: false },
          required_conversation_resolution: { enabled: false },
          lock_branch: { enabled: p.lock ?? false },
          allow_fork_syncing: { enabled: false },
        },
      };
    }
    if ((b = /^\/rules\/branches\/(.+)$/.exec(rest))) {
      const branch = decodeURIComponent(b[1]!);
      const types = Object.entries(s.rules ?? {}).filter(([start]) => branch.startsWith(start)).flatMap(([, t]) => t);
      return paged(req, types.map((type, i) => ({ type, ...(type === 'pull_request' && { parameters: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: false, required_review_thread_resolution: false } }), ruleset_source_type: 'Repository', ruleset_source: full, ruleset_id: 40 + i })));
    }
    return undefined;
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const path = prefix && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams), headers: req.headers, body };
      requests.push(recorded);
      const response = prefix && !url.pathname.startsWith(prefix) ? { status: 404, body: { message: 'Not Found' } } : route(recorded);
      res.writeHead(response.status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...response.headers });
      res.end(response.raw ?? (response.body === undefined ? '' : JSON.stringify(response.body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${prefix}`,
    requests,
    pulls,
    comments,
    issues,
    dispatches,
    seedPull(pull) {
      const pr: PullRequest = { title: `Pull request #${pull.number}`, body: null, head: `branch-${pull.number}`, base: 'main', labels: [], user: login, commits: [], reviews: [], requestedReviewers: [], requestedTeams: [], ...pull };
      pulls.push(pr);
      nextIssue = Math.max(nextIssue, pr.number + 1);
      return pr;
    },
    setAssignable(logins) {
      assignable = logins;
    },
    fail(method, path, response, { after = 0 } = {}) {
      let seen = 0;
      overrides.push((req) => (req.method === method.toUpperCase() && path.test(req.path) && seen++ >= after ? response : undefined));
    },
    seedComment(issue, body, user = login, createdAt) {
      const c: IssueComment = { id: nextId++, issue, body, user, ...(createdAt && { createdAt }) };
      comments.push(c);
      return c;
    },
    seedIssue(issue) {
      const seeded: Issue = { body: null, labels: [], assignees: [], ...issue };
      issues.push(seeded);
      nextIssue = Math.max(nextIssue, seeded.number + 1);
      return seeded;
    },
    seedFile(path, text) {
      files.set(path, text);
    },
    seedRepository(fullName, settings = {}) {
      repositories.set(fullName.toLowerCase(), settings);
      return settings;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
