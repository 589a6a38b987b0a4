/**
 * Gathers what `kabar doctor` judges: the status repository's files and git state, and its
 * settings from the GitHub API. Judging is src/core/doctor/checks.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Octokit } from '@octokit/rest';
import { ALERT_BRANCH_EXAMPLE, type BranchProtectionFacts, type DoctorFacts, type Fetched, type GitHubFacts, type PagesFacts, type TargetFacts } from '../core/doctor/checks.ts';
import { EXPECTED_WORKFLOWS, workflowCalls } from '../core/doctor/workflows.ts';
import { workflowRef } from '../core/init/status-repo.ts';
import { formatProblem } from '../core/problems.ts';
import { stripForbiddenChars } from '../core/text-safety.ts';
import { planDeploy } from '../core/scaffold/deploy-targets.ts';
import { isGitRepo, trackedAmong } from './git.ts';
import { classifyGitHubError, type GitHubTarget } from './github.ts';
import { loadSiteConfig } from './load-config.ts';
import { loadRepo } from './load-repo.ts';
import { kabarRepository, packageVersion } from './package-info.ts';

/** The repository's own facts, without the network. */
export async function gatherLocalFacts(root: string, now: number): Promise<DoctorFacts> {
  const config = await loadSiteConfig(root);
  const loaded = config.config ? await loadRepo(root, now, { config }) : undefined;
  const workflows: DoctorFacts['workflows'] = {};
  for (const { file } of EXPECTED_WORKFLOWS) {
    const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
    workflows[file] = text === undefined ? undefined : workflowCalls(text);
  }
  const gitRepository = await isGitRepo(root);
  const plan = config.config ? planDeploy(config.config) : undefined;
  return {
    configProblems: config.config ? [] : config.problems.map(formatProblem),
    ...(config.config &&
      plan && {
        site: {
          ...(plan.pages?.domain && { pagesDomain: plan.pages.domain }),
          others: plan.others.map((o) => ({ domain: o.domain!, slug: o.slug })),
          usesPages: plan.pages !== undefined,
          hosts: plan.hosts.map((h) => ({ label: h.label, kind: h.host.to, ...(h.domain && { domain: h.domain }) })),
          notify: config.config.notifications.channels.length > 0,
          ledgerBranch: config.config.notifications.ledgerBranch,
        },
      }),
    checkErrors: (loaded?.problems ?? []).filter((p) => p.severity === 'error').map(formatProblem),
    workflows,
    kabarRepository: kabarRepository(),
    workflowRef: workflowRef(packageVersion()),
    gitRepository,
    lockfileCommitted: gitRepository && (await trackedAmong(root, ['package-lock.json']).catch(() => [])).length > 0,
    nodeVersion: process.versions.node,
  };
}

/** One API answer; a 404 is `missing` (undefined) where the caller says absence is an answer. */
async function fetched<T>(target: string, request: () => Promise<T>): Promise<Fetched<T>> {
  try {
    return { ok: true, value: await request() };
  } catch (error) {
    const classified = classifyGitHubError(error, target, { action: 'read this setting', permission: 'administration: read', object: 'the request' });
    return { ok: false, ...(classified.status !== undefined && { status: classified.status }), message: classified.message };
  }
}

/** Like `fetched`, with a 404 read as "there is none". */
async function fetchedOrNone<T>(target: string, request: () => Promise<T>): Promise<Fetched<T | undefined>> {
  const result = await fetched(target, request);
  return !result.ok && result.status === 404 ? { ok: true, value: undefined } : result;
}

/** A value from the API for a one-line message: no control characters, bounded (a domain name is at most 253). */
const oneLine = (value: string | null | undefined): string | null => (typeof value === 'string' ? stripForbiddenChars(value).replace(/\s+/g, ' ').trim().slice(0, 253) : null);

const pagesOf = async (octokit: Octokit, { owner, repo }: GitHubTarget): Promise<PagesFacts> => {
  const { data } = await octokit.rest.repos.getPages({ owner, repo });
  return { buildType: oneLine(data.build_type), cname: oneLine(data.cname) };
};

/** Rule types (`pull_request`, `update`, ...) active on a branch name, whether or not it exists. */
const rulesOn = async (octokit: Octokit, { owner, repo }: GitHubTarget, branch: string): Promise<string[]> => {
  const rules = await octokit.paginate(octokit.rest.repos.getBranchRules, { owner, repo, branch, per_page: 100 });
  return rules.map((r) => r.type);
};

/** `deployRepositories`: per other locale domain, the repository its secret names (given by the user: secrets cannot be read). */
export async function gatherGitHubFacts(octokit: Octokit, target: GitHubTarget, web: string, local: DoctorFacts, deployRepositories: Record<string, GitHubTarget> = {}): Promise<GitHubFacts> {
  const { owner, repo } = target;
  const name = `${owner}/${repo}`;
  const facts: GitHubFacts = { repository: name, web, repo: await fetched(name, async () => (await octokit.rest.repos.get({ owner, repo }), true as const)), targets: {} };
  if (!facts.repo.ok) return facts;
  const [pages, secrets, workflowPermissions, alertBranchRules] = await Promise.all([
    fetchedOrNone(name, () => pagesOf(octokit, target)),
    fetched(name, async () => (await octokit.paginate(octokit.rest.actions.listRepoSecrets, { owner, repo, per_page: 100 })).map((s) => s.name)),
    fetched(name, async () => {
      const { data } = await octokit.rest.actions.getGithubActionsDefaultWorkflowPermissionsRepository({ owner, repo });
      return { canApprovePullRequests: data.can_approve_pull_request_reviews, defaultPermissions: data.default_workflow_permissions };
    }),
    fetched(name, () => rulesOn(octokit, target, ALERT_BRANCH_EXAMPLE)),
  ]);
  Object.assign(facts, { pages, secrets, workflowPermissions, alertBranchRules });
  if (local.site?.notify) {
    const branch = local.site.ledgerBranch;
    facts.ledgerProtection = await fetchedOrNone(name, async () => protectionOf((await octokit.rest.repos.getBranchProtection({ owner, repo, branch })).data));
    facts.ledgerRules = await fetched(name, () => rulesOn(octokit, target, branch));
  }
  for (const other of local.site?.others ?? []) {
    const found: TargetFacts = {};
    const named = deployRepositories[other.domain];
    if (named) {
      found.repository = `${named.owner}/${named.repo}`;
      found.exists = await fetched(found.repository, async () => (await octokit.rest.repos.get({ ...named }), true as const));
      if (found.exists.ok) found.pages = await fetchedOrNone(found.repository, () => pagesOf(octokit, named));
    }
    facts.targets[other.domain] = found;
  }
  return facts;
}

interface ProtectionResponse {
  required_pull_request_reviews?: unknown;
  required_status_checks?: unknown;
  restrictions?: { apps?: { slug?: string }[] } | null;
  lock_branch?: { enabled?: boolean };
  required_signatures?: { enabled?: boolean };
}

function protectionOf(data: ProtectionResponse): BranchProtectionFacts {
  return {
    requiredReviews: Boolean(data.required_pull_request_reviews),
    requiredChecks: Boolean(data.required_status_checks),
    restrictedPushes: Boolean(data.restrictions) && !(data.restrictions?.apps ?? []).some((a) => a.slug === 'github-actions'),
    locked: data.lock_branch?.enabled === true,
    requiredSignatures: data.required_signatures?.enabled === true,
  };
}
