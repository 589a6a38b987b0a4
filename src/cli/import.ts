import type { Command } from 'commander';
import { mapCstate, type CstateSite } from '../core/import/cstate.ts';
import { mapStatuspage } from '../core/import/statuspage.ts';
import { mapUpptime } from '../core/import/upptime.ts';
import { readCstateSite } from '../io/import/cstate-dir.ts';
import { DEFAULT_STATUSPAGE_API, fetchStatuspage, type StatuspageTarget } from '../io/import/statuspage-api.ts';
import { fetchUpptime } from '../io/import/upptime-github.ts';
import { apiBaseFromEnv, tokenFromEnv } from '../io/github.ts';
import { runImport, type ImportOptions } from './import-run.ts';
import { UsageError } from './options.ts';
import { runCommand } from './run.ts';

const COMMON_HELP = `
Everything is written at once when the whole history has been read and checked; a
network error, a refused key or a rate limit changes nothing. Running it again is
safe: the same source gives the same files, and a file someone edited since the
last import is never overwritten (import-report.md lists it). Components and
groups the config lacks are added to kabar.config.ts when it has the shape kabar
init writes; otherwise (or with --no-edit-config) the import prints the entries to
add and changes nothing. .kabar/imported.json records what was imported: commit it.
Mapping of every field: docs/import.md.`;

function common(command: Command): Command {
  return command
    .option('--dry-run', 'show what would be written and the report; write nothing')
    .option('--no-edit-config', 'never edit kabar.config.ts: print the components and groups to add instead')
    .option('--pr', 'commit the import on a new branch, push and open a pull request whose description is the report (token from GITHUB_TOKEN or GH_TOKEN)')
    .option('--root <dir>', 'repository root (default: the nearest directory with kabar.config.ts)');
}

interface StatuspageOptions extends ImportOptions {
  pageId?: string;
  url?: string;
  apiUrl?: string;
}

interface UpptimeOptions extends ImportOptions {
  config?: string;
  apiUrl?: string;
}

export function registerImport(program: Command): void {
  const command = program
    .command('import')
    .description('Bring a status page\'s history into this repository, from Atlassian Statuspage, cState or Upptime, and report what did not survive.');

  common(
    command
      .command('statuspage')
      .description('Import from Atlassian Statuspage: the whole history through the management API (STATUSPAGE_API_KEY), or the 50 newest incidents and maintenances of any page through its public API (--url).')
      .option('--page-id <id>', 'the page to read with STATUSPAGE_API_KEY (default: the key\'s only page)')
      .option('--url <address>', 'a page\'s address, e.g. https://status.example.com: read its public API, no key needed')
      .option('--api-url <url>', `management API base (default: KABAR_STATUSPAGE_API_URL or ${DEFAULT_STATUSPAGE_API})`),
  )
    .addHelpText('after', `\nExamples:\n  STATUSPAGE_API_KEY=… kabar import statuspage --page-id abc123def456\n  kabar import statuspage --url https://status.example.com --dry-run\n${COMMON_HELP}`)
    .action((options: StatuspageOptions) => runCommand('import statuspage', () => runImport('kabar import statuspage', options, async () => mapStatuspage(await fetchStatuspage(statuspageTarget(options))))));

  common(
    command
      .command('cstate')
      .argument('<dir>', 'the cState site\'s directory (with its Hugo config and content/issues/)')
      .description('Import from a cState site: systems and categories from its config, incidents and their updates from content/issues/.'),
  )
    .addHelpText('after', `\nExamples:\n  kabar import cstate ../status-site\n  kabar import cstate ../status-site --dry-run\n${COMMON_HELP}`)
    .action((dir: string, options: ImportOptions) => runCommand('import cstate', () => runImport('kabar import cstate', options, async () => mapCstate(reportSkipped(await readCstateSite(dir))))));

  common(
    command
      .command('upptime')
      .argument('<owner/repo>', 'the Upptime repository on GitHub')
      .description('Import from Upptime: the repository\'s "status" and "maintenance" issues with their comments, and the sites of its .upptimerc.yml.')
      .option('--config <file>', 'a local .upptimerc.yml to use instead of the repository\'s')
      .option('--api-url <url>', 'GitHub API base (default: GITHUB_API_URL or https://api.github.com)'),
  )
    .addHelpText('after', `\nA token (GITHUB_TOKEN or GH_TOKEN) is needed for a private repository, and helps with GitHub's rate limit.\n\nExamples:\n  kabar import upptime acme/status\n  GITHUB_TOKEN=… kabar import upptime acme/private-status --dry-run\n${COMMON_HELP}`)
    .action((repository: string, options: UpptimeOptions) =>
      runCommand('import upptime', () => {
        const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository.trim().replace(/^https:\/\/github\.com\//, '').replace(/\.git$|\/$/g, ''));
        if (!match) throw new UsageError(`"${repository}" is not a repository (expected owner/repo, e.g. acme/status)`);
        const token = tokenFromEnv(process.env);
        const apiBase = (options.apiUrl ?? apiBaseFromEnv(process.env)).replace(/\/+$/, '');
        return runImport('kabar import upptime', options, async () =>
          mapUpptime(await fetchUpptime({ owner: match[1]!, repo: match[2]!, apiBase, ...(token && { token }), ...(options.config && { configFile: options.config }) })),
        );
      }),
    );
}

function statuspageTarget(options: StatuspageOptions): StatuspageTarget {
  const apiKey = process.env.STATUSPAGE_API_KEY?.trim();
  if (options.url && options.pageId) throw new UsageError('pass either --url (a page\'s public API) or --page-id (the management API, with STATUSPAGE_API_KEY), not both');
  if (options.url) return { api: 'public', pageUrl: options.url };
  if (apiKey) {
    const apiBase = options.apiUrl ?? (process.env.KABAR_STATUSPAGE_API_URL?.trim() || DEFAULT_STATUSPAGE_API);
    return { api: 'management', apiBase, apiKey, ...(options.pageId && { pageId: options.pageId }) };
  }
  if (options.pageId) {
    throw new UsageError('--page-id reads the management API, which needs an API key in STATUSPAGE_API_KEY (Statuspage: your avatar → API info); without one, --url <page address> reads the public API (the 50 newest incidents)');
  }
  throw new UsageError('name the page: set STATUSPAGE_API_KEY (and --page-id) for the whole history, or pass --url <page address> for the public API');
}

/** What the import did not read from a cState site, said on stderr too (the report lists it as well). */
function reportSkipped(site: CstateSite): CstateSite {
  for (const s of site.skipped ?? []) console.error(`kabar import cstate: skipped ${s.path}: ${s.reason}`);
  return site;
}
