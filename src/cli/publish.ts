import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { SINGLE_SITE_DIR } from '../build/build-site.ts';
import { hostLabel } from '../core/config/deploy-schema.ts';
import { statusSiteHeaderRules } from '../core/headers-file.ts';
import { formatProblem } from '../core/problems.ts';
import { planDeploy, type HostDeploy } from '../core/scaffold/deploy-targets.ts';
import { loadSiteConfig } from '../io/load-config.ts';
import { providerCommand, publishWithProviderCli } from '../io/publish/provider-cli.ts';
import { publishToS3, PublishError } from '../io/publish/s3.ts';
import { findRepoRoot } from './repo-root.ts';
import { runCommand } from './run.ts';
import { RefusedError } from './write-content.ts';
import { UsageError } from './options.ts';

interface PublishOptions {
  to?: string;
  domain?: string;
  dryRun?: boolean;
  force?: boolean;
  root?: string;
}

export function registerPublish(program: Command): void {
  program
    .command('publish')
    .argument('[dist]', 'the build output (kabar build writes dist/)', 'dist')
    .description('Upload the built sites to the hosts in kabar.config.ts (deploy): Cloudflare Pages, Netlify, S3-compatible buckets. For when GitHub Actions is down, and what the deploy workflow runs.')
    .option('--to <host>', 'only this host: a kind (s3, netlify, cloudflare-pages) or one host as listed, e.g. s3:status-acme')
    .option('--domain <domain>', "only this locale domain's site")
    .option('--dry-run', 'say what would be uploaded and deleted, change nothing')
    .option('--force', 'upload every file, even unchanged ones (after a change of headers)')
    .option('--root <dir>', 'status repository (default: the nearest directory with kabar.config.ts)')
    .addHelpText('after', '\nCredentials come from each provider\'s usual variables: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (S3),\nCLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (Cloudflare Pages), NETLIFY_AUTH_TOKEN (Netlify).\nGitHub Pages is published by the deploy workflow only.')
    .action((dist: string, options: PublishOptions) => runCommand('publish', () => publish(dist, options)));
}

async function publish(dist: string, options: PublishOptions): Promise<void> {
  const root = findRepoRoot(options.root ?? process.cwd());
  const loaded = await loadSiteConfig(root);
  if (!loaded.config) throw new RefusedError(`the site config has errors, so nothing was published:\n${loaded.problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n')}`);
  const plan = planDeploy(loaded.config, SINGLE_SITE_DIR);
  const chosen = plan.hosts.filter((h) => (!options.to || h.host.to === options.to || h.label === options.to) && (!options.domain || h.domain === options.domain));
  if (chosen.length === 0) {
    const listed = plan.hosts.map((h) => `${h.label}${h.domain ? ` (${h.domain})` : ''}`);
    const what = [options.to && `--to ${options.to}`, options.domain && `--domain ${options.domain}`].filter(Boolean).join(' ');
    throw new UsageError(listed.length === 0 ? 'kabar.config.ts names no host to publish to but GitHub Pages, which the deploy workflow publishes (add e.g. deploy: [{ to: \'github-pages\' }, { to: \'netlify\', site: \'acme-status\' }]; docs/deploy.md)' : `no host matches ${what} (expected one of: ${listed.join(', ')})`);
  }
  const out = path.resolve(dist);
  for (const target of chosen) {
    const dir = path.join(out, target.dir);
    if (!(await stat(path.join(dir, 'index.html')).catch(() => undefined))?.isFile()) throw new RefusedError(`${path.relative(process.cwd(), dir) || dir} holds no built site (run "npx kabar build" first); nothing was published`);
  }
  // Every host is tried even when one fails: they are there for redundancy, so one provider's outage must not keep the others stale.
  const failed: string[] = [];
  for (const target of chosen) {
    try {
      await publishOne(target, path.join(out, target.dir), loaded.config.locales.map((l) => l.tag), options);
    } catch (error) {
      if (!(error instanceof PublishError)) throw error;
      console.error(`kabar publish: ${error.message}`);
      failed.push(target.label);
    }
  }
  if (failed.length > 0) throw new RefusedError(`${failed.length} of ${chosen.length} hosts failed (${failed.join(', ')}); the others were published`);
}

async function publishOne(target: HostDeploy, dir: string, tags: string[], options: PublishOptions): Promise<void> {
  const where = `${target.label}${target.domain ? ` (${target.domain})` : ''}`;
  if (target.host.to === 's3') {
    // A domain's site serves its locale at "/"; the single site has every locale under "/<tag>/".
    const prefixes = target.domain ? ['/'] : tags.map((tag, i) => (i === 0 ? '/' : `/${tag}/`));
    const result = await publishToS3({ dir, host: target.host, rules: statusSiteHeaderRules(prefixes), root: '/', env: process.env, ...(options.dryRun && { dryRun: true }), ...(options.force && { force: true }) });
    const [uploaded, deleted] = options.dryRun ? ['would upload', 'would delete'] : ['uploaded', 'deleted'];
    console.log(`${where}: ${uploaded} ${result.uploads.length}, ${deleted} ${result.deletes.length}, ${result.unchanged} unchanged.`);
    if (options.dryRun) for (const [verb, files] of [['upload', result.uploads], ['delete', result.deletes]] as const) for (const f of files) console.log(`  ${verb} ${f}`);
    return;
  }
  if (options.dryRun) {
    console.log(`${where}: would run npx ${providerCommand(dir, target.host).args.join(' ')}`);
    return;
  }
  await publishWithProviderCli(dir, target.host, hostLabel(target.host), process.env);
  console.log(`${where}: published.`);
}
