/**
 * `kabar doctor`: from what was gathered about a status repository (its files, and what the
 * GitHub API says about its settings) to findings, each with the exact fix. No I/O here.
 */
import { HOST_SECRETS, type DeployHostKind } from '../config/deploy-schema.ts';
import { EXPECTED_WORKFLOWS, type WorkflowCall } from './workflows.ts';

export type Severity = 'error' | 'warning' | 'ok';

export interface Finding {
  /** Stable id for --json, e.g. `pages-source`. */
  id: string;
  severity: Severity;
  /** What is (or is not) the case, one line. */
  message: string;
  /** The exact fix: a settings URL or a command. */
  fix?: string;
}

/** A GitHub API answer: the value, or why there is none. */
export type Fetched<T> = { ok: true; value: T } | { ok: false; status?: number; message: string };

export interface PagesFacts {
  /** `workflow` (GitHub Actions) or `legacy` (a branch). */
  buildType?: string | null;
  cname?: string | null;
}

export interface BranchProtectionFacts {
  requiredReviews: boolean;
  requiredChecks: boolean;
  /** Pushes restricted to listed users, teams or apps (and github-actions is not one of them). */
  restrictedPushes: boolean;
  locked: boolean;
  requiredSignatures: boolean;
}

export interface TargetFacts {
  /** `owner/repo` the secret should name (`kabar doctor --target`): secrets cannot be read back. */
  repository?: string;
  exists?: Fetched<true>;
  /** Undefined value: Pages is not enabled there. */
  pages?: Fetched<PagesFacts | undefined>;
}

export interface GitHubFacts {
  repository: string;
  /** The web address of the GitHub in use, e.g. https://github.com. */
  web: string;
  /** GET /repos/{o}/{r}: false when it does not exist or the token cannot see it. */
  repo: Fetched<true>;
  pages?: Fetched<PagesFacts | undefined>;
  /** Names of the repository's Actions secrets. */
  secrets?: Fetched<string[]>;
  workflowPermissions?: Fetched<{ canApprovePullRequests: boolean; defaultPermissions: string }>;
  /** Branch protection of the notification ledger branch; ok with undefined when it has none. */
  ledgerProtection?: Fetched<BranchProtectionFacts | undefined>;
  /** Ruleset rule types that apply to a branch named like the alert branches, and to the ledger branch. */
  alertBranchRules?: Fetched<string[]>;
  ledgerRules?: Fetched<string[]>;
  /** Per other locale domain. */
  targets: Record<string, TargetFacts>;
}

export interface DeployDomain {
  domain: string;
  /** `KABAR_DEPLOY_REPO_<slug>`. */
  slug: string;
}

export interface DoctorFacts {
  /** Config problems (formatted), empty when the config loads. */
  configProblems: string[];
  /** Set when the config loads. */
  site?: {
    /** The domain GitHub Pages serves, when locales have domains. */
    pagesDomain?: string;
    others: DeployDomain[];
    /** Whether the default locale's site goes to this repository's GitHub Pages (the config's `deploy`). */
    usesPages?: boolean;
    /** Every other host `kabar publish` publishes to (the config's `deploy`). */
    hosts?: { label: string; kind: DeployHostKind; domain?: string }[];
    notify: boolean;
    ledgerBranch: string;
  };
  /** `kabar check` errors (formatted), when the config loads. */
  checkErrors: string[];
  /** Workflow file → its calls, or undefined when the file is missing. */
  workflows: Record<string, WorkflowCall[] | undefined>;
  kabarRepository: string;
  /** The tag the workflows should call, e.g. `v0`. */
  workflowRef: string;
  lockfileCommitted: boolean;
  /** Whether this is a git repository at all. */
  gitRepository: boolean;
  nodeVersion: string;
  /** Undefined when the repository or the token is unknown; `skipped` says why. */
  github?: GitHubFacts;
  skipped?: string;
}

export const DEPLOY_TOKEN_SECRET = 'KABAR_DEPLOY_TOKEN';
export const deployRepoName = (slug: string): string => `KABAR_DEPLOY_REPO_${slug}`;
/** A branch named like the ones the alerts workflow pushes (`kabar/alert-<key>-<kind>`). */
export const ALERT_BRANCH_EXAMPLE = 'kabar/alert-0-opened';
/** Ruleset rules a push by the workflow token cannot satisfy. */
const BLOCKING_RULES = ['creation', 'update', 'pull_request', 'required_status_checks', 'required_signatures', 'required_deployments'];
/** Node versions Kabar runs on, as `engines.node` says (`^22.19.0 || >=24`): Node 23 is not one. */
const supportedNode = (major: number, minor: number): boolean => (major === 22 && minor >= 19) || major >= 24;

export function diagnose(facts: DoctorFacts): Finding[] {
  const findings: Finding[] = [];
  const add = (id: string, severity: Severity, message: string, fix?: string) => findings.push({ id, severity, message, ...(fix && { fix }) });

  // Offline: what the workflows run before anything is deployed.
  const [major = 0, minor = 0] = facts.nodeVersion.replace(/^v/, '').split('.').map(Number);
  if (!supportedNode(major, minor)) add('node-version', 'error', `Node.js ${facts.nodeVersion} is not one Kabar runs on (22.19 or newer, not 23)`, 'install Node.js 22.19 or newer, not 23 (https://nodejs.org/)');
  else add('node-version', 'ok', `Node.js ${facts.nodeVersion}`);

  if (facts.configProblems.length > 0) add('config', 'error', `the site config does not load:\n${facts.configProblems.map((p) => `    ${p}`).join('\n')}`, 'fix kabar.config.ts as reported, then run: npx kabar check');
  else add('config', 'ok', 'the site config loads');
  if (facts.site) {
    if (facts.checkErrors.length > 0) add('check', 'error', `kabar check finds ${facts.checkErrors.length} error${facts.checkErrors.length === 1 ? '' : 's'} (the deploy stops at them):\n${facts.checkErrors.slice(0, 5).map((p) => `    ${p}`).join('\n')}${facts.checkErrors.length > 5 ? '\n    …' : ''}`, 'run: npx kabar check, and fix what it reports');
    else add('check', 'ok', 'kabar check passes');
  }

  for (const expected of EXPECTED_WORKFLOWS) {
    const calls = facts.workflows[expected.file];
    const wanted = `${facts.kabarRepository}/.github/workflows/${expected.calls}@${facts.workflowRef}`;
    if (calls === undefined) {
      add(`workflow:${expected.file}`, 'error', `${expected.file} is missing`, `copy it from a new repository: npx kabar init <empty directory> --yes, then commit it (it calls ${wanted})`);
      continue;
    }
    const call = calls.find((c) => c.workflow === expected.calls && c.repository.toLowerCase() === facts.kabarRepository.toLowerCase());
    if (!call) add(`workflow:${expected.file}`, 'error', `${expected.file} does not call ${facts.kabarRepository}'s ${expected.calls}`, `in ${expected.file}, set the job's uses: to ${wanted}`);
    else if (call.ref !== facts.workflowRef) add(`workflow:${expected.file}`, 'error', `${expected.file} calls ${expected.calls}@${call.ref}, but the installed Kabar needs @${facts.workflowRef}`, `in ${expected.file}, change @${call.ref} to @${facts.workflowRef}`);
    else add(`workflow:${expected.file}`, 'ok', `${expected.file} calls ${expected.calls}@${facts.workflowRef}`);
  }

  if (!facts.gitRepository) add('git', 'error', 'this directory is not a git repository', 'git init -b main && git add -A && git commit -m "Status page", then push it to GitHub');
  else if (!facts.lockfileCommitted) add('lockfile', 'error', 'package-lock.json is not committed (the workflows run npm ci, which needs it)', 'npm install && git add package-lock.json && git commit -m "Lock dependencies"');
  else add('lockfile', 'ok', 'package-lock.json is committed');

  if (!facts.github) {
    add('github', 'warning', `GitHub settings not checked: ${facts.skipped ?? 'no repository'}`);
    return findings;
  }
  diagnoseGitHub(facts, facts.github, add);
  return findings;
}

type Add = (id: string, severity: Severity, message: string, fix?: string) => void;

function diagnoseGitHub(facts: DoctorFacts, gh: GitHubFacts, add: Add): void {
  const { repository, web } = gh;
  const settings = (page: string, repo = repository) => `${web}/${repo}/settings/${page}`;
  if (!gh.repo.ok) {
    add('repository', 'error', `${repository} cannot be read (${gh.repo.message})`, `check --repo (or the origin remote) and that GITHUB_TOKEN can read ${repository}`);
    return;
  }
  const unchecked = (id: string, what: string, result: { message: string }, permission: string) =>
    add(id, 'warning', `could not check ${what} (${result.message})`, `use a token that may read ${permission} of ${repository} (e.g. export GITHUB_TOKEN=$(gh auth token) as an administrator)`);

  const deployCall = facts.workflows['.github/workflows/kabar-deploy.yml']?.find((c) => c.workflow === 'status-deploy.yml');
  const publishes = (deployCall?.inputs.target ?? 'github-pages') === 'github-pages';
  const toPages = publishes && facts.site?.usesPages !== false;
  const secrets = gh.secrets?.ok ? new Set(gh.secrets.value) : undefined;
  if (gh.secrets && !gh.secrets.ok) unchecked('secrets', 'the Actions secrets', gh.secrets, 'the secrets');

  if (toPages && gh.pages) {
    const pagesUrl = settings('pages');
    if (!gh.pages.ok) unchecked('pages', 'GitHub Pages', gh.pages, 'Pages');
    else if (gh.pages.value === undefined) add('pages', 'error', `GitHub Pages is not enabled for ${repository}: every deploy fails`, `open ${pagesUrl} and set Source to "GitHub Actions"`);
    else if (gh.pages.value.buildType !== 'workflow') add('pages-source', 'error', `GitHub Pages of ${repository} publishes from a branch, not from the deploy workflow`, `open ${pagesUrl} and set Source to "GitHub Actions"`);
    else {
      add('pages', 'ok', `GitHub Pages is enabled with the source "GitHub Actions"`);
      const domain = facts.site?.pagesDomain;
      const cname = gh.pages.value.cname ?? undefined;
      if (domain && cname?.toLowerCase() !== domain) {
        add('pages-domain', 'error', `GitHub Pages of ${repository} ${cname ? `serves ${cname}` : 'has no custom domain'}, but the first locale's domain is ${domain}`, `open ${pagesUrl}, set Custom domain to ${domain}, and add the DNS record: ${domain} CNAME ${repository.split('/')[0]!.toLowerCase()}.github.io`);
      } else if (domain) add('pages-domain', 'ok', `GitHub Pages serves ${domain}`);
    }
  }

  // Every other host reads its provider's secrets: names only, as GitHub shows them.
  for (const host of publishes ? (facts.site?.hosts ?? []) : []) {
    if (!secrets) break;
    const missing = HOST_SECRETS[host.kind].filter((name) => !secrets.has(name));
    const where = `${host.label}${host.domain ? ` (${host.domain})` : ''}`;
    if (missing.length > 0) add(`host:${host.label}`, 'error', `${where} cannot be published: the secret${missing.length === 1 ? '' : 's'} ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing`, missing.map((name) => `gh secret set ${name} --repo ${repository}`).join('; ') + `   (Kabar's docs/deploy.md says what each holds)`);
    else add(`host:${host.label}`, 'ok', `${where} has the secrets it needs (${HOST_SECRETS[host.kind].join(', ')})`);
  }

  const others = publishes ? (facts.site?.others ?? []) : [];
  if (others.length > 0 && secrets && !secrets.has(DEPLOY_TOKEN_SECRET)) {
    add('deploy-token', 'error', `the secret ${DEPLOY_TOKEN_SECRET} is missing: ${others.map((o) => o.domain).join(', ')} cannot be pushed to ${others.length === 1 ? 'its repository' : 'their repositories'}`, `gh secret set ${DEPLOY_TOKEN_SECRET} --repo ${repository}   (a fine-grained token with "Contents: read and write" on those repositories; or ${settings('secrets/actions/new')})`);
  }
  for (const other of others) {
    const name = deployRepoName(other.slug);
    const target = gh.targets[other.domain] ?? {};
    if (secrets && !secrets.has(name)) {
      add(`target:${other.domain}`, 'error', `${other.domain} has no repository to deploy to (the secret ${name} is not set), while the other locales link to it`, `create a repository for it, then: gh secret set ${name} --repo ${repository} --body <owner>/<repo>   (or ${settings('secrets/actions/new')})`);
      continue;
    }
    if (!target.repository) {
      if (secrets) add(`target:${other.domain}`, 'warning', `${other.domain} deploys to the repository in the secret ${name}, which cannot be read back, so it was not checked`, `to check it too: npx kabar doctor --target ${other.domain}=<owner>/<repo>`);
      continue;
    }
    const targetPages = settings('pages', target.repository);
    if (target.exists && !target.exists.ok) {
      add(`target:${other.domain}`, 'error', `${target.repository}, where ${other.domain} should deploy, cannot be read (${target.exists.message})`, `gh repo create ${target.repository} --public, then: gh secret set ${name} --repo ${repository} --body ${target.repository}`);
      continue;
    }
    if (!target.pages) continue;
    if (!target.pages.ok) unchecked(`target-pages:${other.domain}`, `GitHub Pages of ${target.repository}`, target.pages, 'Pages');
    else if (target.pages.value === undefined) add(`target-pages:${other.domain}`, 'error', `GitHub Pages is not enabled for ${target.repository}, where ${other.domain} is deployed`, `open ${targetPages} and set Source to "Deploy from a branch", branch main, folder / (root)`);
    else if (target.pages.value.cname?.toLowerCase() !== other.domain) add(`target-pages:${other.domain}`, 'error', `GitHub Pages of ${target.repository} ${target.pages.value.cname ? `serves ${target.pages.value.cname}` : 'has no custom domain'}, not ${other.domain}`, `open ${targetPages}, set Custom domain to ${other.domain}, and add the DNS record: ${other.domain} CNAME ${target.repository.split('/')[0]!.toLowerCase()}.github.io`);
    else add(`target-pages:${other.domain}`, 'ok', `${other.domain} is deployed to ${target.repository}, whose GitHub Pages serves it`);
  }

  // The alerts workflow opens pull requests; with only the workflow token, that needs a setting.
  if (facts.workflows['.github/workflows/kabar-ingest.yml'] && secrets) {
    const ownToken = (secrets.has('KABAR_APP_ID') && secrets.has('KABAR_APP_PRIVATE_KEY')) || secrets.has('KABAR_ALERTS_TOKEN');
    if (ownToken) add('alerts-token', 'ok', 'the alerts workflow opens pull requests with its own token');
    else {
      add('alerts-token', 'warning', 'the alerts workflow has no KABAR_APP_ID/KABAR_APP_PRIVATE_KEY or KABAR_ALERTS_TOKEN secret: its pull requests, opened with the workflow token, start no checks', `gh secret set KABAR_ALERTS_TOKEN --repo ${repository}   (a fine-grained token with "Contents" and "Pull requests" read and write; see Kabar's docs/alerts.md)`);
      const perms = gh.workflowPermissions;
      if (perms && !perms.ok) unchecked('workflow-permissions', 'the workflow permissions', perms, 'the Actions settings');
      else if (perms && !perms.value.canApprovePullRequests) add('workflow-permissions', 'error', `GitHub Actions may not create pull requests in ${repository}, so the alerts workflow fails`, `open ${settings('actions')}, under "Workflow permissions" tick "Allow GitHub Actions to create and approve pull requests", and save`);
      else if (perms) add('workflow-permissions', 'ok', 'GitHub Actions may create pull requests');
    }
  }

  const blocking = (rules: string[]) => rules.filter((r) => BLOCKING_RULES.includes(r));
  if (gh.alertBranchRules?.ok) {
    const rules = blocking(gh.alertBranchRules.value);
    if (rules.length > 0) add('alert-branches', 'error', `rulesets block the alerts workflow's branches (${ALERT_BRANCH_EXAMPLE}: ${rules.join(', ')})`, `open ${settings('rules')} and exclude the branches kabar/** from those rulesets`);
  }
  if (facts.site?.notify) {
    const ledger = facts.site.ledgerBranch;
    const protection = gh.ledgerProtection;
    if (protection && !protection.ok) unchecked('ledger-branch', `the protection of the branch ${ledger}`, protection, 'the branch protection');
    else if (protection?.value) {
      const p = protection.value;
      const why = [p.requiredReviews && 'pull request reviews', p.requiredChecks && 'status checks', p.restrictedPushes && 'push restrictions', p.locked && 'a lock', p.requiredSignatures && 'signed commits'].filter(Boolean);
      if (why.length > 0) add('ledger-branch', 'error', `the branch ${ledger} (where notify keeps what it sent) is protected with ${why.join(', ')}: notifications stop`, `open ${settings('branches')} and remove ${ledger} from the rule that matches it`);
    }
    const rules = gh.ledgerRules?.ok ? blocking(gh.ledgerRules.value) : [];
    if (rules.length > 0) add('ledger-rules', 'error', `rulesets block pushes to the branch ${ledger} (${rules.join(', ')}): notifications stop`, `open ${settings('rules')} and exclude ${ledger} from those rulesets`);
    else if (protection?.ok && !protection.value && gh.ledgerRules?.ok) add('ledger-branch', 'ok', `the workflow can push the branch ${ledger}`);
  }
}

/** Whether the findings block a deploy (or a workflow the repository relies on). */
export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.severity === 'error');
