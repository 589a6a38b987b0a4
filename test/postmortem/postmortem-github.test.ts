import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMarkdownFile } from '../../src/core/content/frontmatter.ts';
import { git, readDoc, runKabar } from '../cli/cli-harness.ts';
import { githubErrors, startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { INCIDENT, makeHistoryRepo, sections } from './helpers.ts';

const FILE = `incidents/${INCIDENT}/postmortem.md`;
const TOKEN = 'ghp_postmortem_token_0123';
/** 2026-11-23T00:00:00Z */
const LATER = String(Date.UTC(2026, 10, 23) / 1000);

let server: GitHubServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const env = (baseUrl: string, token: string | null = TOKEN) => ({ SOURCE_DATE_EPOCH: LATER, GITHUB_API_URL: baseUrl, KABAR_GITHUB_REPOSITORY: 'shop/status', ...(token !== null && { GITHUB_TOKEN: token }) });

/** The commit that added an update file. */
const commitOf = (dir: string, update: string) => git(dir, 'log', '--diff-filter=A', '--format=%H', '--', `incidents/${INCIDENT}/${update}.md`);

/** The history repository with a bare `origin` to push to. */
function withRemote(dir: string): string {
  const remote = path.join(path.dirname(dir), 'origin.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  git(dir, 'config', 'user.name', 'Rina Hartono');
  git(dir, 'config', 'user.email', 'rina@example.com');
  return remote;
}

describe('kabar postmortem with GitHub', () => {
  it('names each update\'s pull request, its author and reviewers from the API', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const dir = makeHistoryRepo();
    // #12 was squash-merged (its commit is the update's), #13 merged with a merge commit (the update's commit is on its branch).
    server.seedPull({ number: 12, user: 'dimas', mergedAt: '2026-11-18T03:41:00Z', commits: [commitOf(dir, '2026-11-18T0340Z')], reviews: [{ user: 'rina', state: 'APPROVED' }] });
    server.seedPull({ number: 13, user: 'ayu', mergedAt: '2026-11-18T04:27:00Z', commits: [commitOf(dir, '2026-11-18T0425Z')], reviews: [{ user: 'rina', state: 'COMMENTED' }, { user: 'dimas', state: 'APPROVED' }, { user: 'rina', state: 'APPROVED' }] });
    const result = await runKabar(dir, ['postmortem', INCIDENT], env(server.baseUrl));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const timeline = sections(readDoc(dir, FILE).body).get('Update log')!;
    expect(timeline.tables[0]!.slice(1).map((r) => r[4])).toEqual(['—', '#12 by @dimas, reviewed by @rina', '#13 by @ayu, reviewed by @rina, @dimas', '—']);
    expect(timeline.text).toContain('pull requests, their authors and reviewers from GitHub');
    // One lookup per update, and the reviews of each pull request once.
    const calls = server.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.filter((c) => c.endsWith('/pulls') && c.includes('/commits/'))).toHaveLength(4);
    expect(calls.filter((c) => c.endsWith('/reviews')).sort()).toEqual(['GET /repos/shop/status/pulls/12/reviews', 'GET /repos/shop/status/pulls/13/reviews']);
  });

  it('falls back to git alone, and says so, when GitHub refuses the token', async () => {
    server = await startGitHubServer({ token: 'another-token' });
    const dir = makeHistoryRepo();
    const result = await runKabar(dir, ['postmortem', INCIDENT], env(server.baseUrl));
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('kabar postmortem: the pull request lookup failed: GitHub rejected the token (401 Bad credentials)');
    expect(result.stderr).toContain('the file uses git alone');
    const timeline = sections(readDoc(dir, FILE).body).get('Update log')!;
    expect(timeline.text).toContain('Commits from git alone');
    expect(timeline.tables[0]!.slice(1).map((r) => r[4])).toEqual(['—', '#12', '#13', '—']);
  });
});

describe('kabar postmortem --pr', () => {
  it('pushes the draft on its own branch, opens a labelled pull request and requests the CODEOWNERS reviewers', async () => {
    server = await startGitHubServer({ token: TOKEN, login: 'rina' });
    const dir = makeHistoryRepo();
    mkdirSync(path.join(dir, '.github'));
    // The last matching line wins, as on GitHub; the pull request's author (rina) cannot review it.
    writeFileSync(path.join(dir, '.github/CODEOWNERS'), '# Owners\n*            @shop/everyone\n/incidents/  @shop/sre @rina @dimas sre-lead@example.com\n*.ts         @shop/platform\n');
    git(dir, 'add', '.github/CODEOWNERS');
    git(dir, '-c', 'user.name=On-call', '-c', 'user.email=oncall@example.com', 'commit', '-q', '-m', 'Code owners');
    const remote = withRemote(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--pr'], env(server.baseUrl));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const branch = server.pulls[0]!.head;
    expect(branch).toMatch(new RegExp(`^kabar/${INCIDENT}-postmortem-[a-z]{4}$`));
    // The checkout stays where it was; the draft lives on its branch.
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(git(remote, 'diff-tree', '--no-commit-id', '--name-only', '-r', `refs/heads/${branch}`)).toBe(FILE);
    const pushed = parseMarkdownFile(FILE, git(remote, 'show', `${branch}:${FILE}`));
    expect(pushed.ok && pushed.doc.data).toEqual({ status: 'draft', authors: ['Rina Hartono'], reviewers: ['@shop/sre', '@rina', '@dimas', 'sre-lead@example.com'] });

    expect(server.pulls).toHaveLength(1);
    const pr = server.pulls[0]!;
    expect(pr).toMatchObject({ head: branch, base: 'main', title: 'Postmortem draft: Checkout errors for card payments', labels: ['postmortem', 'serious'] });
    expect(pr.requestedReviewers).toEqual(['dimas']);
    expect(pr.requestedTeams).toEqual(['sre']);
    const figures = pr.body!.split('\n').find((l) => l.startsWith('| serious'));
    expect(pr.body).toContain('| Severity | Started (Asia/Jakarta, GMT+7) |');
    expect(figures).toBe('| serious | 2026-11-18 10:00 | 12 min | 1 h 25 min | 1 h 55 min | 2 of 3 |');
    expect(result.stdout).toContain('Requested reviews from @dimas, @shop/sre (from .github/CODEOWNERS)');
    expect(result.stdout).toContain('Not requested on GitHub (not a @login or @org/team): sre-lead@example.com');
  });

  it('requests the --reviewer @logins instead of CODEOWNERS, and a refused request only warns: the pull request stands', async () => {
    server = await startGitHubServer({ token: TOKEN });
    server.setAssignable(['ayu']);
    const dir = makeHistoryRepo();
    withRemote(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--pr', '--reviewer', '@ayu', '--reviewer', '@budi', '--reviewer', 'Citra Dewi'], env(server.baseUrl));
    expect(result.code).toBe(0);
    expect(server.pulls).toHaveLength(1);
    const pushed = parseMarkdownFile(FILE, git(dir, 'show', `${server.pulls[0]!.head}:${FILE}`));
    expect(pushed.ok && pushed.doc.data.reviewers).toEqual(['@ayu', '@budi', 'Citra Dewi']);
    const request = server.requests.find((r) => r.path.endsWith('/requested_reviewers'));
    expect(request?.body).toEqual({ reviewers: ['ayu', 'budi'], team_reviewers: [] });
    expect(result.stderr).toContain('Warning: could not request reviews from @ayu, @budi: GitHub refused the review request (422');
    expect(result.stderr).toContain('Next: request them on pull request #1.');
  });

  it('without a token, the draft stays written and committed on its branch, and the message says what to do', async () => {
    const dir = makeHistoryRepo();
    withRemote(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--pr', '--reviewer', '@ayu'], { SOURCE_DATE_EPOCH: LATER, KABAR_GITHUB_REPOSITORY: 'shop/status' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Pull request not opened: no GitHub token (set GITHUB_TOKEN or GH_TOKEN)');
    expect(result.stderr).toContain('then request reviews from @ayu');
    const branch = git(dir, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/kabar/');
    expect(git(dir, 'log', '-1', '--format=%s', branch)).toBe('Postmortem draft: Checkout errors for card payments');
    expect(readDoc(dir, FILE).data.status).toBe('draft');
  });
});

/** A postmortem as a team would publish it: written sections, action items in every state. */
function publish(dir: string, status = 'published'): string {
  const text = `---
status: ${status}
authors: [Rina Hartono]
reviewers: ['@ayu']
published: 2026-11-22
---

## Summary

Card payments failed for 40 minutes after a certificate expired.

## Action items

| Action | Type | Owner | Priority | Tracking issue |
| --- | --- | --- | --- | --- |
| Alert 14 days before certificates expire | detect | @dimas | P1 | |
| Renew certificates automatically | prevent | Platform team | P1 | [#3](https://github.com/shop/status/issues/3) |
| Rehearse the \\| payment failover | mitigate | @ayu, @budi | P2 |
| TODO | prevent | | P1 | |

## Follow-up message for customers

We are sorry.
`;
  writeFileSync(path.join(dir, FILE), text);
  return text;
}

describe('kabar postmortem --issues', () => {
  it('refuses a postmortem that is not published, changing nothing', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const dir = makeHistoryRepo();
    const before = publish(dir, 'in-review');
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--issues'], env(server.baseUrl));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${FILE} is "in-review"; --issues opens tracking issues once the postmortem is published`);
    expect(readFileSync(path.join(dir, FILE), 'utf8')).toBe(before);
    expect(server.requests).toEqual([]);
  });

  it('opens one issue per action item without a tracking link and writes only those links back', async () => {
    server = await startGitHubServer({ token: TOKEN });
    server.setAssignable(['dimas', 'ayu']);
    server.seedPull({ number: 3 });
    const dir = makeHistoryRepo();
    const before = publish(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--issues'], env(server.baseUrl));
    expect(result.code).toBe(0);

    expect(server.issues.map((i) => ({ number: i.number, title: i.title, labels: i.labels, assignees: i.assignees }))).toEqual([
      { number: 4, title: 'Alert 14 days before certificates expire', labels: ['postmortem', 'detect'], assignees: ['dimas'] },
      { number: 5, title: 'Rehearse the | payment failover', labels: ['postmortem', 'mitigate'], assignees: ['ayu'] },
    ]);
    const issueBody = server.issues[0]!.body!.split('\n');
    expect(issueBody).toContain('- Priority: P1');
    expect(issueBody).toContain(`- Postmortem: \`${FILE}\` (line 16), published at https://status.example.com/incidents/${INCIDENT}/postmortem/`);
    expect(result.stderr).toContain('Warning: could not assign #5 to @budi');
    expect(result.stdout).toContain('Skipped line 19: "TODO" is not an action yet');

    const after = readFileSync(path.join(dir, FILE), 'utf8');
    const changed = after.split('\n').map((line, i) => [line, before.split('\n')[i]] as const).filter(([a, b]) => a !== b);
    expect(changed).toEqual([
      ['| Alert 14 days before certificates expire | detect | @dimas | P1 | [#4](https://github.com/shop/status/issues/4) |', '| Alert 14 days before certificates expire | detect | @dimas | P1 | |'],
      ['| Rehearse the \\| payment failover | mitigate | @ayu, @budi | P2 | [#5](https://github.com/shop/status/issues/5) |', '| Rehearse the \\| payment failover | mitigate | @ayu, @budi | P2 |'],
    ]);
    const rows = sections(readDoc(dir, FILE).body).get('Action items')!.tables[0]!;
    expect(rows.map((r) => r[4])).toEqual(['Tracking issue', '#4', '#3', '#5', '']);
    expect((await runKabar(dir, ['check'], { SOURCE_DATE_EPOCH: LATER })).code).toBe(0);

    // Run again: every real action item has its link now.
    const requests = server.requests.length;
    const again = await runKabar(dir, ['postmortem', INCIDENT, '--issues'], env(server.baseUrl));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('nothing to do');
    expect(server.requests).toHaveLength(requests);
  });

  it('keeps the links of the issues opened before GitHub failed, so a re-run opens only the rest', async () => {
    server = await startGitHubServer({ token: TOKEN });
    server.fail('POST', /\/issues$/, githubErrors.rateLimited(Date.UTC(2026, 10, 23, 1) / 1000), { after: 1 });
    const dir = makeHistoryRepo();
    publish(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--issues'], env(server.baseUrl));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Issue not opened for "Rehearse the | payment failover": GitHub\'s API rate limit is exhausted (403): try again after 2026-11-23T01:00:00Z');
    expect(result.stderr).toContain(`1 action item still without a tracking issue. Next: fix the cause, then run "kabar postmortem ${INCIDENT} --issues" again`);
    expect(sections(readDoc(dir, FILE).body).get('Action items')!.tables[0]!.map((r) => r[4])).toEqual(['Tracking issue', '#1', '#3', undefined, '']);
  });

  it('without a token, refuses before changing anything', async () => {
    const dir = makeHistoryRepo();
    const before = publish(dir);
    const result = await runKabar(dir, ['postmortem', INCIDENT, '--issues'], { SOURCE_DATE_EPOCH: LATER, KABAR_GITHUB_REPOSITORY: 'shop/status' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a token with "issues: write"');
    expect(readFileSync(path.join(dir, FILE), 'utf8')).toBe(before);
  });
});
