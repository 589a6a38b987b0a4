import { spawn } from 'node:child_process';
import { HOST_SECRETS, type DeployHost } from '../../core/config/deploy-schema.ts';
import { PublishError } from './s3.ts';

type CliHost = Extract<DeployHost, { to: 'cloudflare-pages' | 'netlify' }>;

/**
 * Cloudflare Pages and Netlify are published with their own CLIs, run through npx at a pinned
 * major version (nothing to install beforehand, and Kabar's install stays small): both upload a
 * directory and apply its `_headers` file. Each reads its token from its usual variable.
 */
const PROVIDERS = {
  'cloudflare-pages': {
    variables: HOST_SECRETS['cloudflare-pages'],
    command: (dir: string, host: Extract<CliHost, { to: 'cloudflare-pages' }>) => ['--yes', 'wrangler@4', 'pages', 'deploy', dir, `--project-name=${host.project}`, '--branch=main', '--commit-dirty=true'],
  },
  netlify: {
    variables: HOST_SECRETS.netlify,
    command: (dir: string, host: Extract<CliHost, { to: 'netlify' }>) => ['--yes', 'netlify-cli@27', 'deploy', '--prod', '--no-build', `--dir=${dir}`, `--site=${host.site}`],
  },
} as const;

/** The npx arguments that publish `dir` to `host`, and the variables its CLI needs. */
export function providerCommand(dir: string, host: CliHost): { args: string[]; variables: readonly string[] } {
  const provider = PROVIDERS[host.to];
  return { args: (provider.command as (d: string, h: CliHost) => string[])(dir, host), variables: provider.variables };
}

/** Runs the provider's CLI with this process's output; a missing variable or a failed upload is a PublishError. */
export async function publishWithProviderCli(dir: string, host: CliHost, label: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { args, variables } = providerCommand(dir, host);
  const missing = variables.filter((name) => !env[name]);
  if (missing.length > 0) throw new PublishError(`${label}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (expected the ${host.to === 'netlify' ? 'Netlify personal access token' : 'Cloudflare API token with "Cloudflare Pages: Edit", and the account id'})`);
  const code = await new Promise<number | string>((resolve) => {
    const child = spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    child.on('close', (status, signal) => resolve(status ?? signal ?? 1));
  });
  if (code !== 0) throw new PublishError(`${label}: npx ${args.slice(1, 3).join(' ')} … ${typeof code === 'number' ? `exited with ${code}` : `could not start (${code})`}; its output above says why`);
}
