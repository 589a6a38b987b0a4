import { createServer } from 'node:net';
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

/** The branch is committed locally: both new files, and nothing else, in the last commit. */
function committedFiles(dir: string, ref = 'HEAD'): string[] {
  return git(dir, 'diff-tree', '--no-commit-id', '--name-only', '-r', ref).split('\n').filter(Boolean).sort();
}

describe('--pr through the GitHub REST API', () => {
  it('creates a branch, commits, pushes to origin and opens a labelled pull request summarising the change', async () => {
    server = await startGitHubServer({ token: TOKEN, prefix: '/api/v3' });
    const { dir, remote } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const branch = `kabar/${ID}-2026-11-20t0305z`;
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(branch);
    // The bare remote received the branch with exactly the two new files.
    expect(git(remote!, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', 'HEAD'));
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
  });

  it('update --pr branches off the current branch and labels with the severity', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir } = makeRepo();
    await runKabar(dir, NEW_ARGS.slice(0, -1));
    git(dir, 'add', 'incidents');
    git(dir, 'commit', '-q', '-m', 'Open incident');
    const result = await runKabar(dir, ['update', ID, '--status', 'identified', '-m', 'The cause is a faulty release.', '-n', '+30m', '--pr'], { ...env(server.baseUrl), SOURCE_DATE_EPOCH: String(NOW + 5 * 60) });
    expect(result.code, result.stderr).toBe(0);
    expect(server.pulls[0]).toMatchObject({ title: 'Identified: Card payments failing', base: 'main', labels: ['incident', 'serious'] });
    expect(committedFiles(dir)).toEqual([`incidents/${ID}/2026-11-20T0310Z.md`]);
  });

  it('update --pr on an incident never committed brings its earlier files along, so the pull request validates', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir, remote } = makeRepo();
    await runKabar(dir, NEW_ARGS.slice(0, -1));
    const result = await runKabar(dir, ['update', ID, '--status', 'identified', '-m', 'Found it.', '-n', '+30m', '--pr'], { ...env(server.baseUrl), SOURCE_DATE_EPOCH: String(NOW + 5 * 60) });
    expect(result.code, result.stderr).toBe(0);
    const branch = git(dir, 'rev-parse', '--abbrev-ref', 'HEAD');
    expect(committedFiles(remote!, `refs/heads/${branch}`)).toEqual([UPDATE, `incidents/${ID}/2026-11-20T0310Z.md`, `incidents/${ID}/index.md`].sort());
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
  it.each(failures)('%s: the files stay written, committed and pushed, and the message says what to do next', async (_name, arrange, token, message) => {
    server = await startGitHubServer({ token: TOKEN });
    arrange(server);
    const { dir, remote } = makeRepo();
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl, token));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    const branch = `kabar/${ID}-2026-11-20t0305z`;
    const lines = result.stderr.split('\n').map((l) => l.trim());
    expect(lines).toContain('The files are written and committed.');
    const manual = `open https://github.com/acme/status/compare/main...${branch}?expand=1 (or: gh pr create --base main --head ${branch})`;
    expect(lines).toContain(token === null ? manual : `the branch ${branch} is pushed; ${manual}`);
    expect(lines).toContain('add the labels: incident, serious');
    expect(result.stdout.split('\n')).toContain(`Pushed ${branch} to origin`);
    expect(contentFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(committedFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(git(remote!, 'rev-parse', `refs/heads/${branch}`)).toBe(git(dir, 'rev-parse', 'HEAD'));
    expect(server.pulls).toEqual([]);
  });

  it('refused connection (GitHub unreachable): files written and committed, message names the network', async () => {
    const { dir } = makeRepo();
    const port = await closedPort();
    const result = await runKabar(dir, NEW_ARGS, env(`http://127.0.0.1:${port}`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not reach the GitHub API \(.+\): check the network connection and GITHUB_API_URL/);
    expect(result.stderr.split('\n').map((l) => l.trim())).toContain('The files are written and committed.');
    expect(committedFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
  });

  it('push refused (remote gone): files written and committed, message gives the push command', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const { dir } = makeRepo();
    git(dir, 'remote', 'set-url', 'origin', '/nonexistent/origin.git');
    const result = await runKabar(dir, NEW_ARGS, env(server.baseUrl));
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n').map((l) => l.trim());
    expect(lines[0]).toMatch(/^Pull request not opened: git push failed \(/);
    expect(lines).toContain(`git push -u origin kabar/${ID}-2026-11-20t0305z`);
    expect(committedFiles(dir)).toEqual([UPDATE, `incidents/${ID}/index.md`].sort());
    expect(server.requests).toEqual([]);
  });
});
