import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdownFile } from '../../src/core/content/frontmatter.ts';
import { githubErrors, startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { contentFiles, git, makeRepo, NOW, runKabar } from './cli-harness.ts';

const ID = '2026-11-20-card-payments-failing';
const UPDATE = `incidents/${ID}/2026-11-20T0305Z.md`;
const NEW_ARGS = [
  'new', '-t', 'Card payments failing', '-s', 'serious', '-c', 'card-payments=major_outage',
  '-i', 'Card payments fail for most customers.', '-m', 'We are investigating failed card payments.', '-n', '+30m', '--pr',
];
const TOKEN = 'ghp_test_token_0123456789';

let server: GitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const env = (baseUrl: string, token: string | null = TOKEN) => ({ GITHUB_API_URL: baseUrl, KABAR_GITHUB_REPOSITORY: 'acme/status', ...(token !== null && { GITHUB_TOKEN: token }) });

/** A port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

/** The files a commit added or changed. */
function committedFiles(dir: string, ref = 'HEAD'): string[] {
  return git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', ref).split('\n').filter(Boolean).sort();
}

/** The one local branch --pr made (`kabar/<id>-<update>-<4 hex>`). */
function prBranches(dir: string): string[] {
  return git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/kabar/').split('\n').filter(Boolean);
}

/** The user's checkout: its branch and whether anything is left in the working tree. */
function checkout(dir: string): { branch: string; status: string } {
  return { branch: git(dir, 'rev-parse', '--abbrev-ref', 'HEAD'), status: git(dir, 'status', '--porcelain') };
}

const BRANCH = new RegExp(`^kabar/${ID}-2026-11-20t0305z-[a-z]{4}$`);

describe('--pr through the GitHub REST API', () => {
  it('commits on a new branch from the default branch, pushes, opens a labelled pull request, and leaves the checkout as it was', async () => {
    server = await startGitHubServer({ token: TOKEN, prefix: '/api/v3' });
    const { dir, remote } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const [branch] = prBranches(dir);
    expect(branch).toMatch(BRANCH);
    // Still on main, with nothing left behind: the files live on the branch, so a later pull meets no untracked copies.
    expect(checkout(dir)).toEqual({ branch: 'main', status: '' });
    expect(contentFiles(dir)).toEqual([]);
    expect(git(remote!, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', branch!));
    expect(git(remote!, 'rev-parse', `refs/heads/${branch}~1`)).toBe(git(remote!, 'rev-parse', 'refs/heads/main'));
    expect(committedFiles(remote!, `refs/heads/${branch}`)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    const pushedUpdate = parseMarkdownFile(UPDATE, git(remote!, 'show', `${branch}:${UPDATE}`));
    expect(pushedUpdate.ok && pushedUpdate.doc.data).toMatchObject({ status: 'investigating', next_update: '2026-11-20T10:35:00+07:00' });

    expect(server.pulls).toHaveLength(1);
    const pr = server.pulls[0]!;
    expect(pr).toMatchObject({ head: branch, base: 'main', title: 'Incident: Card payments failing (investigating)', labels: ['incident', 'serious'] });
    const body = pr.body!.split('\n').map((l) => l.trim());
    expect(body).toContain('- Card payments: Major outage');
    expect(body).toContain('Impact: Card payments fail for most customers.');
    expect(body).toContain(`- \`${UPDATE}\``);
    const calls = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls).toEqual(['POST /repos/acme/status/pulls', `POST /repos/acme/status/issues/${pr.number}/labels`]);
    expect(server.requests[0]!.headers.authorization).toBe(`token ${TOKEN}`);
    expect(result.stdout.split('\n')).toContain(`Opened pull request #${pr.number}: https://github.com/acme/status/pull/${pr.number}`);
    expect(result.stdout).toContain(`The change lives on ${branch} now; your working tree is as it was before (to change it: git switch ${branch}).`);
  });

  it('an update before the first pull request is merged: based on the default branch, never on the unmerged branch, carrying the incident along', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir, remote } = makeRepo();
    expect((await runKabar(dir, NEW_ARGS, env(server.baseUrl))).code).toBe(0);
    const result = await runKabar(dir, ['update', ID, '--status', 'identified', '-m', 'The cause is a faulty release.', '-n', '+30m', '--pr'], { ...env(server.baseUrl), SOURCE_DATE_EPOCH: String(NOW + 5 * 60) });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ID} is not merged yet: its files come from branch kabar/${ID}-2026-11-20t0305z-`);
    expect(server.pulls.map((p) => p.base)).toEqual(['main', 'main']);
    const second = server.pulls[1]!.head;
    expect(second).toMatch(new RegExp(`^kabar/${ID}-2026-11-20t0310z-[a-z]{4}$`));
    expect(git(remote!, 'rev-parse', `refs/heads/${second}~1`)).toBe(git(remote!, 'rev-parse', 'refs/heads/main'));
    expect(committedFiles(remote!, `refs/heads/${second}`)).toEqual([UPDATE, `incidents/${ID}/2026-11-20T0310Z.md`, `incidents/${ID}/index.md`].sort());
    expect(checkout(dir)).toEqual({ branch: 'main', status: '' });
    // Both pull requests merge, in either order, without a conflict: they add the same shared files identically.
    git(remote!, 'update-ref', 'refs/heads/merge-test', 'refs/heads/main');
    const work = makeRepo().dir;
    git(work, 'fetch', '-q', remote!, `refs/heads/${server.pulls[1]!.head}:a`, `refs/heads/${server.pulls[0]!.head}:b`);
    git(work, 'switch', '-q', 'a');
    git(work, 'merge', '-q', '--no-edit', 'b');
    expect(git(work, 'ls-files', `incidents/${ID}`).split('\n').sort()).toEqual([UPDATE, `incidents/${ID}/2026-11-20T0310Z.md`, `incidents/${ID}/index.md`].sort());
  });

  it('without --pr, an update to an incident that is only on an unmerged branch says so and writes nothing', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir } = makeRepo();
    await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    const result = await runKabar(dir, ['update', ID, '--status', 'identified', '-m', 'Found it.'], { SOURCE_DATE_EPOCH: String(NOW + 5 * 60) });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^kabar update: ${ID} is only on branch kabar/${ID}-2026-11-20t0305z-[a-z]{4}: its pull request is not merged yet \\(add --pr`));
    expect(checkout(dir)).toEqual({ branch: 'main', status: '' });
  });

  it('targets the remote\'s default branch even from another checked-out branch', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir } = makeRepo();
    git(dir, 'switch', '-q', '-c', 'notes');
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    expect(result.code, result.stderr).toBe(0);
    expect(server.pulls[0]!.base).toBe('main');
    expect(checkout(dir)).toEqual({ branch: 'notes', status: '' });
  });

  it('update --pr on an incident never committed brings its earlier files along, so the pull request validates', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir, remote } = makeRepo();
    await runKabar(dir, NEW_ARGS.slice(0, -1));
    const result = await runKabar(dir, ['update', ID, '--status', 'identified', '-m', 'Found it.', '-n', '+30m', '--pr'], { ...env(server.baseUrl), SOURCE_DATE_EPOCH: String(NOW + 5 * 60) });
    expect(result.code, result.stderr).toBe(0);
    const branch = server.pulls[0]!.head;
    expect(committedFiles(remote!, `refs/heads/${branch}`)).toEqual([UPDATE, `incidents/${ID}/2026-11-20T0310Z.md`, `incidents/${ID}/index.md`].sort());
    // The files the user wrote earlier stay theirs; only what this command wrote moved to the branch.
    expect(contentFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
  });

  it('two people posting to one incident in the same minute get different branches and update files', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir, remote } = makeRepo();
    await runKabar(dir, NEW_ARGS.slice(0, -1));
    git(dir, 'add', 'incidents');
    git(dir, 'commit', '-q', '-m', 'Open incident');
    git(dir, 'push', '-q', 'origin', 'main');
    // A second clone: the other engineer.
    const other = makeRepo().dir;
    git(other, 'remote', 'set-url', 'origin', remote!);
    git(other, 'fetch', '-q', 'origin');
    git(other, 'reset', '-q', '--hard', 'origin/main');
    const args = (m: string) => ['update', ID, '--status', 'identified', '-m', m, '--pr'];
    const later = { ...env(server.baseUrl), SOURCE_DATE_EPOCH: String(NOW + 5 * 60) };
    expect((await runKabar(dir, args('First.'), later)).code).toBe(0);
    const second = await runKabar(other, args('Second.'), later);
    expect(second.code, second.stderr).toBe(0);
    const [a, b] = server.pulls.map((p) => p.head);
    expect(a).not.toBe(b);
    const files = server.pulls.map((p) => committedFiles(remote!, `refs/heads/${p.head}`));
    expect(files[0]).toEqual([`incidents/${ID}/2026-11-20T0310Z.md`]);
    expect(files[1]).toEqual([`incidents/${ID}/2026-11-20T031000Z.md`]);
  });

  it('owner/repo come from an https or ssh GitHub remote when no variable names them', async () => {
    const { parseGitHubRemote } = await import('../../src/io/git.ts');
    expect(parseGitHubRemote('https://github.com/acme/status.git')).toEqual({ owner: 'acme', repo: 'status' });
    expect(parseGitHubRemote('git@github.com:acme/status.git')).toEqual({ owner: 'acme', repo: 'status' });
    expect(parseGitHubRemote('ssh://git@ghe.example.com:2222/acme/status')).toEqual({ owner: 'acme', repo: 'status' });
    expect(parseGitHubRemote('/tmp/origin.git')).toBeUndefined();
  });

  const failures: [string, (s: GitHubServer) => void, string | null, RegExp][] = [
    ['401 bad credentials', () => {}, 'wrong-token', /GitHub rejected the token \(401 Bad credentials\): set GITHUB_TOKEN to a valid token/],
    ['422 validation failed', (s) => s.fail('POST', /\/pulls$/, githubErrors.validation('A pull request already exists for acme:x.')), TOKEN, /GitHub refused the pull request \(422 Validation Failed; A pull request already exists for acme:x\.\)/],
    ['403 rate limit', (s) => s.fail('POST', /\/pulls$/, githubErrors.rateLimited(1_795_000_000)), TOKEN, /rate limit is exhausted \(403\): try again after 2026-11-18T11:06:40Z$/m],
    ['no token', () => {}, null, /no GitHub token \(set GITHUB_TOKEN or GH_TOKEN\)/],
  ];
  it.each(failures)('%s: the files stay written, and committed and pushed on the branch, and the message says what to do next', async (_name, arrange, token, message) => {
    server = await startGitHubServer({ token: TOKEN });
    arrange(server);
    const { dir, remote } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl, token));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    const [branch] = prBranches(dir);
    expect(branch).toMatch(BRANCH);
    const lines = result.stderr.split('\n').map((l) => l.trim());
    expect(lines).toContain('The files are written in your working tree and committed on the branch.');
    // The API in use is the local server, so the web links are derived from it.
    const manual = `open ${server.baseUrl}/acme/status/compare/main...${branch}?expand=1 (or: gh pr create --base main --head ${branch})`;
    expect(lines).toContain(token === null ? manual : `the branch ${branch} is pushed; ${manual}`);
    expect(lines).toContain('add the labels: incident, serious');
    expect(result.stdout.split('\n')).toContain(`Pushed ${branch} to origin`);
    expect(contentFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(checkout(dir).branch).toBe('main');
    expect(committedFiles(dir, branch)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(git(remote!, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', branch!));
    expect(server.pulls).toEqual([]);
  });

  it('on GitHub Enterprise the "open this link" fallback points at that server, not github.com', async () => {
    server = await startGitHubServer({ token: TOKEN, prefix: '/api/v3' });
    const { dir } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS, { ...env(server.baseUrl, null) });
    expect(result.code).toBe(1);
    const [branch] = prBranches(dir);
    const web = server.baseUrl.replace(/\/api\/v3$/, '');
    expect(result.stderr.split('\n').map((l) => l.trim())).toContain(`open ${web}/acme/status/compare/main...${branch}?expand=1 (or: gh pr create --base main --head ${branch})`);
    expect(result.stderr).not.toContain('github.com');
  });

  it('refused connection (GitHub unreachable): files written, committed and pushed, message names the network', async () => {
    const { dir } = makeRepo();
    const port = await closedPort();
    const result = await runKabar(dir, NEW_ARGS, env(`http://127.0.0.1:${port}`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not reach the GitHub API \(.+\): check the network connection and GITHUB_API_URL/);
    expect(result.stderr.split('\n').map((l) => l.trim())).toContain('The files are written in your working tree and committed on the branch.');
    expect(committedFiles(dir, prBranches(dir)[0])).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
  });

  it('a push the remote refuses is explained in full, with git\'s own words and the command to retry', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir, remote } = makeRepo();
    // A server-side hook that refuses every push, as a protected or locked repository would.
    writeFileSync(path.join(remote!, 'hooks', 'pre-receive'), '#!/bin/sh\necho "refusing: the status repository is frozen during the migration"\necho "ask #sre for access"\nexit 1\n', { mode: 0o755 });
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    expect(result.code).toBe(1);
    const [branch] = prBranches(dir);
    expect(result.stderr).toMatch(new RegExp(`^Pull request not opened: git push of ${branch} was refused:`));
    expect(result.stderr).toContain('refusing: the status repository is frozen during the migration');
    expect(result.stderr).toContain('ask #sre for access');
    expect(result.stderr.split('\n').map((l) => l.trim())).toContain(`git push -u origin ${branch}`);
    expect(committedFiles(dir, branch)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(server.requests).toEqual([]);
  });
});
