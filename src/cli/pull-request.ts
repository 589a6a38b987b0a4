import type { PullRequestText } from '../core/scaffold/pull-request.ts';
import { commitPaths, currentBranch, freeBranchName, GitError, isGitRepo, parseGitHubRemote, pushBranch, remoteUrl, switchToNewBranch, untrackedUnder } from '../io/git.ts';
import { apiBaseFromEnv, classifyGitHubError, createOctokit, GitHubError, openPullRequest, repositoryFromEnv, tokenFromEnv, type GitHubTarget } from '../io/github.ts';

const REMOTE = 'origin';

export interface PullRequestOutcome {
  ok: boolean;
  /** What was done, step by step. */
  lines: string[];
  /** On failure: what went wrong, what is kept, and exactly what to do next. */
  failure?: string[];
  url?: string;
  /** The opened pull request, and who opened it. */
  pull?: { number: number; author?: string };
  /** The repository it was opened on. */
  target?: GitHubTarget;
}

/**
 * `--pr`: branch, commit, push, open the pull request, label it. Each step that
 * succeeded is kept: a failure later on leaves the files written and committed,
 * and the message lists the remaining steps as commands to copy.
 */
export async function createPullRequest(root: string, written: readonly string[], incidentDir: string, text: PullRequestText, env: Record<string, string | undefined>): Promise<PullRequestOutcome> {
  const lines: string[] = [];
  const fail = (why: string, next: string[]): PullRequestOutcome => ({
    ok: false,
    lines,
    failure: [`Pull request not opened: ${why}`, 'The files are written' + (lines.some((l) => l.startsWith('Committed')) ? ' and committed.' : '.'), 'Next:', ...next.map((n) => `  ${n}`)],
  });
  if (!(await isGitRepo(root))) return fail('this directory is not a git repository', ['git init && git remote add origin <url>, then commit the files and open a pull request']);

  const base = await currentBranch(root);
  // An incident created without --pr and never committed would be missing from the pull request,
  // which would then fail its check: its other new files go in too.
  const earlier = (await untrackedUnder(root, incidentDir)).filter((f) => !written.includes(f));
  const files = [...written, ...earlier];
  if (earlier.length > 0) lines.push(`Also committing files of this incident that git did not track yet: ${earlier.join(', ')}`);
  let branch: string;
  try {
    branch = await freeBranchName(root, text.branch);
    await switchToNewBranch(root, branch);
    const sha = await commitPaths(root, files, text.commitMessage);
    lines.push(`Committed ${sha.slice(0, 7)} on branch ${branch}`);
  } catch (error) {
    const message = error instanceof GitError ? error.message : String(error);
    return fail(`git could not commit (${message})`, [`git add ${files.join(' ')}`, `git commit -m ${JSON.stringify(text.title)}`]);
  }

  const url = await remoteUrl(root, REMOTE);
  const target = repositoryFromEnv(env) ?? (url ? parseGitHubRemote(url) : undefined);
  const baseBranch = env.KABAR_BASE_BRANCH?.trim() || base || 'main';
  const manual = (repo: string | undefined) =>
    repo ? `open https://github.com/${repo}/compare/${baseBranch}...${branch}?expand=1 (or: gh pr create --base ${baseBranch} --head ${branch})` : `open a pull request from ${branch} into ${baseBranch}`;
  const repoName = target ? `${target.owner}/${target.repo}` : undefined;

  if (!url) return fail(`there is no "${REMOTE}" remote to push to`, [`git remote add ${REMOTE} <url of the status repository>`, `git push -u ${REMOTE} ${branch}`, manual(repoName)]);
  try {
    await pushBranch(root, REMOTE, branch);
    lines.push(`Pushed ${branch} to ${REMOTE}`);
  } catch (error) {
    const message = error instanceof GitError ? error.message.split('\n')[0] : String(error);
    return fail(`git push failed (${message})`, [`git push -u ${REMOTE} ${branch}`, manual(repoName)]);
  }

  const token = tokenFromEnv(env);
  const labelsHint = `add the labels: ${text.labels.join(', ')}`;
  if (!token) return fail('no GitHub token (set GITHUB_TOKEN or GH_TOKEN)', [manual(repoName), labelsHint]);
  if (!target) {
    return fail(`cannot tell the GitHub repository from the remote URL "${url}"`, [`set KABAR_GITHUB_REPOSITORY=owner/repo and open the pull request for ${branch}`, labelsHint]);
  }
  try {
    const pr = await openPullRequest(createOctokit(token, apiBaseFromEnv(env)), { ...target, head: branch, base: baseBranch, title: text.title, body: text.body, labels: text.labels });
    lines.push(`Opened pull request #${pr.number}: ${pr.url}`);
    if (pr.labelWarning) lines.push(`Warning: ${pr.labelWarning} (add them on the pull request page)`);
    return { ok: true, lines, url: pr.url, pull: { number: pr.number, ...(pr.author && { author: pr.author }) }, target };
  } catch (error) {
    const gh = error instanceof GitHubError ? error : classifyGitHubError(error, repoName ?? '');
    const retry = gh.kind === 'rate-limited' || gh.kind === 'offline' ? ['or retry later: ' + manual(repoName)] : [];
    return fail(gh.message, [`the branch ${branch} is pushed; ${manual(repoName)}`, labelsHint, ...retry]);
  }
}
