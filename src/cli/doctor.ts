import type { Command } from 'commander';
import { diagnose, hasErrors, type Finding } from '../core/doctor/checks.ts';
import { resolveNow } from '../core/time.ts';
import { gatherGitHubFacts, gatherLocalFacts } from '../io/doctor-facts.ts';
import { parseGitHubRemote, remoteUrl } from '../io/git.ts';
import { apiBaseFromEnv, createOctokit, tokenFromEnv, webBaseFromEnv, type GitHubTarget } from '../io/github.ts';
import { collectList, UsageError } from './options.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check that the status repository can go live: config, workflows, and its GitHub settings (Pages, domains, secrets, permissions, branch protection).')
    .option('--repo <owner/name>', 'the GitHub repository (default: the origin remote)')
    .option('--target <domain=owner/name>', 'the repository a locale domain other than the first deploys to (the one its KABAR_DEPLOY_REPO_* secret names), to check it too; repeat per domain', collectList)
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .option('--json', 'print the findings as JSON')
    .addHelpText(
      'after',
      `
GitHub settings are read with the token in GITHUB_TOKEN or GH_TOKEN (e.g. GITHUB_TOKEN=$(gh auth token));
secrets are read by name only. Without a token only the repository's files are checked.

Examples:
  npx kabar doctor
  npx kabar doctor --repo acme/status --json
  npx kabar doctor --target status.acme.co.id=acme/status-id

Exit status: 0 when nothing blocks going live, 1 when something does (each with its fix), 2 on bad usage.`,
    )
    .action((options: { repo?: string; target?: string[]; root?: string; json?: boolean }) =>
      runCommand('doctor', async () => {
        const root = findRepoRoot(options.root ?? process.cwd());
        const facts = await gatherLocalFacts(root, resolveNow(process.env));
        const target = await repositoryOf(root, options.repo);
        const deployRepositories = Object.fromEntries((options.target ?? []).map(parseTarget));
        const token = tokenFromEnv(process.env);
        if (!target) facts.skipped = 'no GitHub repository (pass --repo owner/name, or add the remote: git remote add origin https://github.com/<owner>/<name>.git)';
        else if (!token) facts.skipped = `no token (export GITHUB_TOKEN=$(gh auth token) to check the settings of ${target.owner}/${target.repo})`;
        else facts.github = await gatherGitHubFacts(createOctokit(token, apiBaseFromEnv(process.env)), target, webBaseFromEnv(process.env), facts, deployRepositories);
        const findings = diagnose(facts);
        const failed = hasErrors(findings);
        if (options.json) console.log(JSON.stringify({ ok: !failed, repository: target ? `${target.owner}/${target.repo}` : null, findings }, null, 2));
        else printFindings(findings, failed);
        process.exitCode = failed ? 1 : 0;
      }),
    );
}

const REPOSITORY = /^([\w.-]+)\/([\w.-]+)$/;

function parseTarget(spec: string): [string, GitHubTarget] {
  const [domain = '', repository = ''] = spec.split('=').map((part) => part.trim());
  const match = REPOSITORY.exec(repository);
  if (!domain || !match) throw new UsageError(`--target "${spec}" is not domain=owner/name (expected e.g. --target status.acme.co.id=acme/status-id)`);
  return [domain.toLowerCase(), { owner: match[1]!, repo: match[2]! }];
}

async function repositoryOf(root: string, flag: string | undefined): Promise<GitHubTarget | undefined> {
  if (flag !== undefined) {
    const match = REPOSITORY.exec(flag.trim());
    if (!match) throw new UsageError(`--repo "${flag}" is not owner/name (expected e.g. --repo acme/status)`);
    return { owner: match[1]!, repo: match[2]! };
  }
  const url = await remoteUrl(root, 'origin');
  return url ? parseGitHubRemote(url) : undefined;
}

const MARKS: Record<Finding['severity'], string> = { ok: 'ok     ', warning: 'warning', error: 'error  ' };

function printFindings(findings: readonly Finding[], failed: boolean): void {
  for (const finding of findings) {
    const print = finding.severity === 'ok' ? console.log : console.error;
    print(`${MARKS[finding.severity]} ${finding.message}`);
    if (finding.fix) print(`        fix: ${finding.fix}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  console.log(failed ? `kabar doctor: ${errors} problem${errors === 1 ? '' : 's'} to fix before going live` : `kabar doctor: ready to go live${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`);
}
