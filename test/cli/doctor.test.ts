import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubErrors, startGitHubServer, type GitHubServer, type RepositorySettings } from '../helpers/github-server.ts';
import { git, ROOT, runKabar } from './cli-harness.ts';

const TOKEN = 'doctor-token';
const FLAGS = ['--yes', '--name', 'Acme', '--time-zone', 'Asia/Jakarta', '--locale', 'en=status.acme.com', '--locale', 'id=status.acme.co.id', '--component', 'api=Public API'];

/** Everything a two-domain status repository with notifications needs, as GitHub would report it. */
const ready = (): RepositorySettings => ({
  pages: { buildType: 'workflow', cname: 'status.acme.com' },
  secrets: ['KABAR_DEPLOY_TOKEN', 'KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID', 'KABAR_ALERTS_TOKEN', 'KABAR_NOTIFY_TEAM'],
  canApprovePullRequests: false,
});

let server: GitHubServer;
let template: string;

/** A status repository as `kabar init` writes it, with a notification channel, committed with its lockfile. */
async function initRepo(): Promise<string> {
  const base = await mkdtemp(path.join(tmpdir(), 'kabar-doctor-'));
  const init = await runKabar(base, ['init', 'status', ...FLAGS]);
  expect(init.code, init.stderr).toBe(0);
  const dir = path.join(base, 'status');
  const configFile = path.join(dir, 'kabar.config.ts');
  const config = await readFile(configFile, 'utf8');
  // The checkout's own CLI loads the config, so kabar/config resolves to its source.
  await writeFile(configFile, config.replace("from 'kabar/config'", `from '${path.join(ROOT, 'src/config.ts')}'`).replace('  components: [', "  notifications: { channels: [{ id: 'team', type: 'slack' }] },\n  components: ["));
  await writeFile(path.join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'oncall@example.com');
  git(dir, 'config', 'user.name', 'On-call');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'Status page');
  return dir;
}

beforeAll(async () => {
  server = await startGitHubServer({ token: TOKEN });
  template = await initRepo();
});
afterAll(async () => {
  await server?.close();
});

/** Runs `kabar doctor` against `acme/<name>` set up with `settings` (and acme/status-id ready for the second domain). */
async function doctor(name: string, settings: RepositorySettings, options: { dir?: string; target?: RepositorySettings | null; args?: string[] } = {}) {
  const args = options.args ?? ['--target', 'status.acme.co.id=acme/status-id'];
  server.seedRepository(`acme/${name}`, settings);
  if (options.target !== null) server.seedRepository('acme/status-id', options.target ?? { pages: { buildType: 'legacy', cname: 'status.acme.co.id' } });
  return runKabar(options.dir ?? template, ['doctor', '--repo', `acme/${name}`, ...args], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: server.baseUrl, GITHUB_SERVER_URL: 'https://github.com' });
}

describe('kabar doctor', () => {
  it('passes when the repository and its GitHub settings are ready to go live', async () => {
    const result = await doctor('ready', ready());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/kabar doctor: ready to go live/);
    expect(result.stdout).toMatch(/GitHub Pages serves status\.acme\.com/);
    expect(result.stdout).toMatch(/status\.acme\.co\.id is deployed to acme\/status-id/);
    expect(result.stderr).not.toMatch(/^error/m);
    // Secrets are listed by name only; the settings endpoints are what it read.
    const paths = server.requests.filter((r) => r.path.startsWith('/repos/acme/ready')).map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/repos/acme/ready/pages', '/repos/acme/ready/actions/secrets', '/repos/acme/ready/actions/permissions/workflow', '/repos/acme/ready/branches/kabar-notifications/protection', '/repos/acme/ready/rules/branches/kabar-notifications']));
  });

  it('prints its findings as JSON with --json', async () => {
    const result = await doctor('json', { ...ready(), pages: undefined }, { args: ['--json'] });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; repository: string; findings: { id: string; severity: string; fix?: string }[] };
    expect(report.ok).toBe(false);
    expect(report.repository).toBe('acme/json');
    expect(report.findings.find((f) => f.id === 'pages')).toMatchObject({ severity: 'error', fix: 'open https://github.com/acme/json/settings/pages and set Source to "GitHub Actions"' });
  });

  it('fails when GitHub Pages is not enabled, with the settings page to enable it', async () => {
    const result = await doctor('no-pages', { ...ready(), pages: undefined });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error   GitHub Pages is not enabled for acme/no-pages: every deploy fails');
    expect(result.stderr).toContain('fix: open https://github.com/acme/no-pages/settings/pages and set Source to "GitHub Actions"');
  });

  it('fails when GitHub Pages publishes from a branch instead of the workflow', async () => {
    const result = await doctor('legacy-pages', { ...ready(), pages: { buildType: 'legacy', cname: 'status.acme.com' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GitHub Pages of acme/legacy-pages publishes from a branch');
    expect(result.stderr).toContain('fix: open https://github.com/acme/legacy-pages/settings/pages and set Source to "GitHub Actions"');
  });

  it('fails when the custom domain is not the first locale\'s domain, with the domain and the DNS record', async () => {
    const result = await doctor('wrong-domain', { ...ready(), pages: { buildType: 'workflow', cname: null } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("has no custom domain, but the first locale's domain is status.acme.com");
    expect(result.stderr).toContain('set Custom domain to status.acme.com, and add the DNS record: status.acme.com CNAME acme.github.io');
  });

  it('fails when the second domain has no repository to deploy to, naming the exact secret', async () => {
    const result = await doctor('no-target', { ...ready(), secrets: ['KABAR_DEPLOY_TOKEN', 'KABAR_ALERTS_TOKEN'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('status.acme.co.id has no repository to deploy to (the secret KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID is not set)');
    expect(result.stderr).toContain('gh secret set KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID --repo acme/no-target --body <owner>/<repo>');
  });

  it('checks the secrets of every other host in the config, and needs no repository for a domain that is not on GitHub Pages', async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'kabar-doctor-hosts-')), 'status');
    await cp(template, dir, { recursive: true });
    const configFile = path.join(dir, 'kabar.config.ts');
    const config = await readFile(configFile, 'utf8');
    await writeFile(
      configFile,
      config
        .replace("domain: 'status.acme.co.id' }", "domain: 'status.acme.co.id', deploy: [{ to: 's3', bucket: 'status-acme-id', region: 'auto', endpoint: 'https://acct.r2.cloudflarestorage.com' }] }")
        .replace('  locales: [', "  deploy: [{ to: 'github-pages' }, { to: 'netlify', site: 'acme-status' }],\n  locales: ["),
    );
    git(dir, 'commit', '-q', '-am', 'Hosts');
    const result = await doctor('hosts', { ...ready(), secrets: ['KABAR_ALERTS_TOKEN', 'KABAR_NOTIFY_TEAM', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] }, { dir, args: [] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('netlify:acme-status (status.acme.com) cannot be published: the secret NETLIFY_AUTH_TOKEN is missing');
    expect(result.stderr).toContain('gh secret set NETLIFY_AUTH_TOKEN --repo acme/hosts');
    expect(result.stdout).toContain('s3:status-acme-id (status.acme.co.id) has the secrets it needs (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
    expect(result.stdout + result.stderr).not.toMatch(/KABAR_DEPLOY_REPO_|KABAR_DEPLOY_TOKEN/);
  });

  it('says how to check the second domain\'s repository too, when not told which it is', async () => {
    const result = await doctor('unnamed-target', ready(), { args: [] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('fix: to check it too: npx kabar doctor --target status.acme.co.id=<owner>/<repo>');
  });

  it('fails when the second domain\'s repository does not exist', async () => {
    const result = await doctor('missing-target', ready(), { args: ['--target', 'status.acme.co.id=acme/nowhere'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('acme/nowhere, where status.acme.co.id should deploy, cannot be read');
    expect(result.stderr).toContain('fix: gh repo create acme/nowhere --public, then: gh secret set KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID --repo acme/missing-target --body acme/nowhere');
  });

  it('fails when the second domain\'s repository has no Pages, or serves another domain', async () => {
    server.seedRepository('acme/target-a', {});
    const noPages = await doctor('target-no-pages', ready(), { args: ['--target', 'status.acme.co.id=acme/target-a'] });
    expect(noPages.code).toBe(1);
    expect(noPages.stderr).toContain('GitHub Pages is not enabled for acme/target-a, where status.acme.co.id is deployed');
    expect(noPages.stderr).toContain('fix: open https://github.com/acme/target-a/settings/pages and set Source to "Deploy from a branch", branch main');
    server.seedRepository('acme/target-b', { pages: { buildType: 'legacy', cname: 'old.acme.co.id' } });
    const other = await doctor('target-other-domain', ready(), { args: ['--target', 'status.acme.co.id=acme/target-b'] });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('GitHub Pages of acme/target-b serves old.acme.co.id, not status.acme.co.id');
  });

  it('fails when the deploy token for the other domains is missing', async () => {
    const result = await doctor('no-token', { ...ready(), secrets: ['KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID', 'KABAR_ALERTS_TOKEN'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the secret KABAR_DEPLOY_TOKEN is missing: status.acme.co.id cannot be pushed to its repository');
    expect(result.stderr).toContain('fix: gh secret set KABAR_DEPLOY_TOKEN --repo acme/no-token');
  });

  it('fails when the alerts workflow has only the workflow token and Actions may not open pull requests', async () => {
    const result = await doctor('no-pr-permission', { ...ready(), secrets: ['KABAR_DEPLOY_TOKEN', 'KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('GitHub Actions may not create pull requests in acme/no-pr-permission, so the alerts workflow fails');
    expect(result.stderr).toContain('fix: open https://github.com/acme/no-pr-permission/settings/actions, under "Workflow permissions" tick "Allow GitHub Actions to create and approve pull requests"');
    const allowed = await doctor('pr-permission', { ...ready(), secrets: ['KABAR_DEPLOY_TOKEN', 'KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID'], canApprovePullRequests: true });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(/^warning .*start no checks/m);
  });

  it('fails when the notification ledger branch is protected, or rulesets block the alert branches', async () => {
    const protectedLedger = await doctor('protected-ledger', { ...ready(), protection: { 'kabar-notifications': { requiredReviews: true } } });
    expect(protectedLedger.code).toBe(1);
    expect(protectedLedger.stderr).toContain('the branch kabar-notifications (where notify keeps what it sent) is protected with pull request reviews');
    expect(protectedLedger.stderr).toContain('fix: open https://github.com/acme/protected-ledger/settings/branches and remove kabar-notifications');
    const ruled = await doctor('ruled-branches', { ...ready(), rules: { 'kabar/': ['pull_request'] } });
    expect(ruled.code).toBe(1);
    expect(ruled.stderr).toContain("rulesets block the alerts workflow's branches (kabar/alert-0-opened: pull_request)");
    expect(ruled.stderr).toContain('fix: open https://github.com/acme/ruled-branches/settings/rules');
  });

  it('warns, without failing, about the settings its token may not read (branch protection and workflow permissions need an administrator)', async () => {
    server.fail('GET', /^\/repos\/acme\/not-admin\/(branches\/.*\/protection|actions\/permissions\/workflow)$/, githubErrors.forbidden());
    const result = await doctor('not-admin', { ...ready(), secrets: ['KABAR_DEPLOY_TOKEN', 'KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID'] });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning could not check the protection of the branch kabar-notifications \(the token may not/m);
    expect(result.stderr).toMatch(/^warning could not check the workflow permissions/m);
  });

  it('fails on the repository itself: a workflow at the wrong major tag, no lockfile, a config that does not load', async () => {
    const dir = await initRepo();
    const deploy = path.join(dir, '.github/workflows/kabar-deploy.yml');
    await writeFile(deploy, (await readFile(deploy, 'utf8')).replace(/status-deploy\.yml@v\d+/, 'status-deploy.yml@v9'));
    git(dir, 'rm', '-q', '--cached', 'package-lock.json');
    const result = await doctor('ready-2', ready(), { dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\.github\/workflows\/kabar-deploy\.yml calls status-deploy\.yml@v9, but the installed Kabar needs @v0\n\s+fix: in \.github\/workflows\/kabar-deploy\.yml, change @v9 to @v0/);
    expect(result.stderr).toContain('fix: npm install && git add package-lock.json && git commit -m "Lock dependencies"');

    await rm(path.join(dir, '.github/workflows/kabar-ingest.yml'));
    await writeFile(path.join(dir, 'kabar.config.ts'), "export default { name: 'Acme' };\n");
    const broken = await runKabar(dir, ['doctor']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/error {3}the site config does not load:\n\s+kabar\.config\.ts/);
    expect(broken.stderr).toContain('error   .github/workflows/kabar-ingest.yml is missing');
    // Without a GitHub remote or token it says what it could not check.
    expect(broken.stderr).toContain('warning GitHub settings not checked: no GitHub repository (pass --repo owner/name');
  });

  it('fails when kabar check finds errors', async () => {
    const dir = await initRepo();
    const incident = git(dir, 'ls-files', 'incidents').split('\n').find((f) => f.endsWith('index.md'))!;
    await writeFile(path.join(dir, incident), (await readFile(path.join(dir, incident), 'utf8')).replace(/severity: \w+/, 'severity: catastrophic'));
    const result = await doctor('ready-3', ready(), { dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/kabar check finds 1 error \(the deploy stops at them\):\n\s+incidents\/.*index\.md:\d+: severity/);
    expect(result.stderr).toContain('fix: run: npx kabar check, and fix what it reports');
  });
});
