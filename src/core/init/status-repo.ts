/**
 * The files of a new status repository (`kabar init`): only the user's own things. Every
 * page, route and workflow step comes from the `kabar` package and its versioned workflows.
 */
import { normalizeSiteConfig, type SiteConfig } from '../config/normalize.ts';
import type { Problem } from '../problems.ts';
import { scaffoldNewIncident, scaffoldUpdate, type UpdateInput } from '../scaffold/content.ts';
import { EDITOR_FILE_IGNORES } from '../content/editor-files.ts';
import { INIT_EXAMPLE_MARKER, validateContent } from '../content/validate-repo.ts';
import { slugify } from '../scaffold/ids.ts';
import { dayKey, isValidTimeZone } from '../time.ts';
import { planDeploy } from '../scaffold/deploy-targets.ts';

/** Node versions Kabar runs on: the package's own `engines.node` (a test holds them together). */
export const NODE_ENGINES = '^22.19.0 || >=24';

export const DEPLOY_TARGETS = ['github-pages', 'none'] as const;
export type DeployTarget = (typeof DEPLOY_TARGETS)[number];

export interface InitLocale {
  tag: string;
  label: string;
  domain?: string;
}

export interface InitComponent {
  id: string;
  name: string;
  group?: string;
}

export interface InitInput {
  name: string;
  timeZone: string;
  locales: InitLocale[];
  groups: { id: string; name: string }[];
  components: InitComponent[];
  deploy: DeployTarget;
  /** For the example incident's dates. */
  now: number;
  /** The `kabar` version the repository depends on (`^<version>`). */
  kabarVersion: string;
  /** `owner/repo` of Kabar on GitHub, whose reusable workflows the generated ones call. */
  kabarRepository: string;
}

/** The reusable workflows' tag: the major version (`v0`, `v1`), so fixes arrive without editing the repository's YAML. */
export const workflowRef = (version: string): string => `v${version.split('.')[0]}`;

/**
 * The repository's files, or the problems with the answers: the config is validated with
 * the same schema `kabar check` uses, and the example incident with the content rules.
 */
export function renderStatusRepo(input: InitInput): { files: Map<string, string>; problems: Problem[]; config?: SiteConfig } {
  // The page starts today: the uptime bars must not claim the days before it.
  const since = isValidTimeZone(input.timeZone) ? dayKey(input.now, input.timeZone) : undefined;
  const configText = renderConfig(input, since);
  const validated = normalizeSiteConfig(configValue(input, since), 'kabar.config.ts', configText);
  const files = new Map<string, string>();
  if (!validated.config) return { files, problems: validated.problems };
  const example = exampleIncident(validated.config, input.now);
  const content = validateContent(example, validated.config, input.now);
  if (content.problems.some((p) => p.severity === 'error')) return { files, problems: content.problems };

  files.set('package.json', renderPackageJson(input));
  files.set('kabar.config.ts', configText);
  for (const file of example) files.set(file.path, file.text);
  files.set('.github/workflows/kabar-pull-request.yml', renderPullRequestWorkflow(input));
  files.set('.github/workflows/kabar-deploy.yml', renderDeployWorkflow(input));
  files.set('.github/workflows/kabar-ingest.yml', renderIngestWorkflow(input));
  files.set('.gitignore', ['node_modules/', 'dist/', '.astro/', '.kabar-cache/', '', '# Editors and operating systems', ...EDITOR_FILE_IGNORES, ''].join('\n'));
  files.set('README.md', renderReadme(input, validated.config, example[0]!.path.split('/')[1]!));
  return { files, problems: [], config: validated.config };
}

/** The answers `kabar init` asks for one at a time. */
export type InitAnswers = Pick<InitInput, 'name' | 'timeZone' | 'locales' | 'groups' | 'components'>;

/** Stand-ins for the answers not given yet, so one answer can be checked on its own. */
const PLACEHOLDER_ANSWERS: InitAnswers = { name: 'Example', timeZone: 'UTC', locales: [{ tag: 'en', label: 'English' }], groups: [], components: [{ id: 'website', name: 'Website' }] };

/**
 * What is wrong with one answer, by the same schema `kabar check` applies to the whole config
 * (the answers not given yet are stand-ins): a prompt can refuse a typo at once instead of
 * losing every answer at the end.
 */
export function initAnswerProblems(answers: Partial<InitAnswers>, field: keyof InitAnswers): string[] {
  const { problems } = normalizeSiteConfig(configValue({ ...PLACEHOLDER_ANSWERS, ...answers }), 'kabar.config.ts', '');
  const concerns = (f: string) => f === field || f.startsWith(`${field}[`) || f.startsWith(`${field}.`);
  return problems.filter((p) => p.severity === 'error' && concerns(p.field)).map((p) => `${p.field}: ${p.message}`);
}

function configValue(input: InitAnswers, since?: string) {
  return {
    name: input.name,
    ...(since && { since }),
    timeZone: input.timeZone,
    locales: input.locales.map((l) => ({ tag: l.tag, label: l.label, ...(l.domain && { domain: l.domain }) })),
    ...(input.groups.length > 0 && { groups: input.groups }),
    components: input.components.map((c) => ({ id: c.id, ...(c.group && { group: c.group }), name: c.name })),
  };
}

function renderConfig(input: InitInput, since: string | undefined): string {
  const str = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const locales = input.locales.map((l) => `    { tag: ${str(l.tag)}, label: ${str(l.label)}${l.domain ? `, domain: ${str(l.domain)}` : ''} },`);
  const groups = input.groups.map((g) => `    { id: ${str(g.id)}, name: ${str(g.name)} },`);
  const components = input.components.map((c) => `    { id: ${str(c.id)}${c.group ? `, group: ${str(c.group)}` : ''}, name: ${str(c.name)} },`);
  return [
    "import { defineConfig } from 'kabar/config';",
    '',
    '// The status page: its name, languages and domains, and what customers can see the status of.',
    '// Ids are stable: they appear in incident files, URLs and the JSON API, so never rename one.',
    '// Every field: https://github.com/' + input.kabarRepository + '/blob/main/docs/content-format.md',
    'export default defineConfig({',
    `  name: ${str(input.name)},`,
    ...(since ? ['  // The day the page started: uptime bars show the days before it as "no data".', `  since: ${str(since)},`] : []),
    `  timeZone: ${str(input.timeZone)},`,
    '  locales: [',
    ...locales,
    '  ],',
    ...(groups.length > 0 ? ['  groups: [', ...groups, '  ],'] : []),
    '  components: [',
    ...components,
    '  ],',
    '});',
    '',
  ].join('\n');
}

/** A resolved incident two days ago, written with the same scaffolding as `kabar new` and `kabar resolve`. */
function exampleIncident(config: SiteConfig, now: number) {
  const component = config.components[0]!.id;
  const started = now - 2 * 24 * 3_600_000;
  const created = scaffoldNewIncident(
    {
      type: 'incident',
      title: 'Example: slow responses',
      severity: 'minimal',
      started,
      components: { [component]: 'degraded_performance' },
      impact: 'Some pages took several seconds to load. (This is an example: delete its folder.)',
      status: 'investigating',
      message: 'We are looking into slow responses.',
      at: started + 5 * 60_000,
    },
    config,
    [],
  );
  // The lifecycle the guides recommend: verify the fix (monitoring) before declaring recovery.
  const files = [...created.files];
  const later: [number, UpdateInput][] = [
    [35, { status: 'monitoring', message: 'We added capacity and are watching response times.', at: 0, components: { [component]: 'operational' } }],
    [50, { status: 'resolved', message: 'Responses have been fast for 15 minutes.', at: 0 }],
  ];
  for (const [minutes, update] of later) {
    const incident = validateContent(files, config, now).incidents[0]!;
    files.push(...scaffoldUpdate(incident, { ...update, at: started + minutes * 60_000 }, config, files.map((f) => f.path)).files);
  }
  const [index, ...rest] = files;
  return [{ path: index!.path, text: index!.text.replace(/^---\n/, `---\n${INIT_EXAMPLE_MARKER}\n`) }, ...rest];
}

function renderPackageJson(input: InitInput): string {
  const name = slugify(`${input.name} status`) || 'status-page';
  const pkg = {
    name,
    private: true,
    type: 'module',
    description: `The status page of ${input.name}, built with Kabar.`,
    scripts: { check: 'kabar check', build: 'kabar build', dev: 'kabar dev', preview: 'kabar preview' },
    dependencies: { kabar: `^${input.kabarVersion}` },
    engines: { node: NODE_ENGINES },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

function renderPullRequestWorkflow(input: InitInput): string {
  return `# Checks every pull request, builds the site and comments with a preview of what changes on
# the public page. The steps live in Kabar's versioned workflow: they improve when Kabar does.
name: Pull request

on:
  pull_request:

permissions:
  contents: read

concurrency:
  group: pull-request-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  status:
    uses: ${input.kabarRepository}/.github/workflows/status-pull-request.yml@${workflowRef(input.kabarVersion)}
    permissions:
      contents: read
      pull-requests: write
`;
}

function renderDeployWorkflow(input: InitInput): string {
  const pages = input.deploy === 'github-pages';
  return `# Builds every locale domain and ${pages ? 'deploys it' : 'keeps it as a workflow artifact'} on every push to main, every 15 minutes
# (so maintenance windows open and close on time) and by hand. A failed check or build deploys
# nothing, and the last good site stays up.${pages ? `
# GitHub Pages: set Settings > Pages > Source to "GitHub Actions". Other locale domains: see
# the deploy section of Kabar's engineer workflow guide (one secret per domain). To check
# every setting going live needs: npx kabar doctor` : ''}
name: Deploy

on:
  push:
    branches: [main]
  schedule:
    - cron: "*/15 * * * *"
  workflow_dispatch:

permissions:
  contents: read

# Never two deploys at once; a newer run waits instead of cancelling one mid-deploy.
concurrency:
  group: deploy
  cancel-in-progress: false

jobs:
  status:
    uses: ${input.kabarRepository}/.github/workflows/status-deploy.yml@${workflowRef(input.kabarVersion)}
    with:
      target: ${input.deploy}
    permissions:
      contents: read
      pages: write
      id-token: write
    secrets: inherit

  # After a successful deploy, and only when kabar.config.ts has notification channels: sends each
  # new update to them once. It keeps what it sent on the branch kabar-notifications (hence
  # contents: write). Channels and their secrets: Kabar's notifications guide. Of the inherited
  # secrets, only those named KABAR_NOTIFY_* ever reach kabar notify.
  notify:
    needs: status
    if: \${{ needs.status.outputs.notify == 'true' }}
    uses: ${input.kabarRepository}/.github/workflows/status-notify.yml@${workflowRef(input.kabarVersion)}
    with:
      site-url: \${{ needs.status.outputs.page-url }}
    permissions:
      contents: write
    secrets: inherit
`;
}

function renderIngestWorkflow(input: InitInput): string {
  return `# Turns an alert from monitoring into a pull request with a drafted incident for people to
# review: nothing is published until someone merges it. Alerts arrive as repository_dispatch
# events of type "kabar-alert" (a relay forwards Alertmanager, Grafana or Uptime Kuma webhooks).
# Set the secrets KABAR_APP_ID and KABAR_APP_PRIVATE_KEY (a GitHub App) or KABAR_ALERTS_TOKEN:
# pull requests opened with the default token start no checks. See Kabar's docs/alerts.md.
name: Alerts

on:
  repository_dispatch:
    types: [kabar-alert]

permissions:
  contents: read

# One run at a time per alert, so a burst of notifications cannot open two pull requests.
concurrency:
  group: alert-\${{ github.event.client_payload.source }}-\${{ github.event.client_payload.payload.groupKey || github.event.client_payload.payload.fingerprint || github.event.client_payload.payload.monitor.id || 'other' }}
  cancel-in-progress: false

jobs:
  ingest:
    uses: ${input.kabarRepository}/.github/workflows/status-ingest.yml@${workflowRef(input.kabarVersion)}
    permissions:
      contents: write
      pull-requests: write
    secrets: inherit
`;
}

function renderReadme(input: InitInput, config: SiteConfig, exampleId: string): string {
  const sites = config.locales.map((l) => `- ${l.label}: ${l.domain ? `https://${l.domain}/` : `/${l.tag === config.defaultLocale ? '' : `${l.tag}/`}`}`);
  return `# ${input.name} status

The status page of ${input.name}, built with [Kabar](https://github.com/${input.kabarRepository}):
incidents and maintenance are Markdown files in \`incidents/\`, reviewed as pull requests, and every
merge rebuilds the site.

${sites.join('\n')}

## Working on it

Needs Node.js 22.19 or newer (not 23).

\`\`\`sh
npm install                 # once; commit package-lock.json (the workflows install from it)
npx kabar dev               # the page on http://127.0.0.1:4321/, rebuilt when a file changes
npx kabar new --title "Checkout errors" --severity serious --component ${config.components[0]!.id}=major_outage \\
  --impact "Some customers cannot pay." --message "We are investigating." --next-update +30m --pr
npx kabar update <id> --status identified --message "We found the cause." --pr
npx kabar resolve <id> --message "Everything works again." --pr
npx kabar check             # every problem, as path:line: field: what is wrong
npx kabar build             # the sites, into dist/
\`\`\`

\`incidents/${exampleId}/\` holds an example incident: delete its folder before the page goes live
(\`kabar check\` reminds you while it is there).

## Going live

${goingLiveSteps(input, config).map((step, i) => `${i + 1}. ${step.text}${step.commands.length > 0 ? `\n\n   \`\`\`sh\n${step.commands.map((c) => `   ${c}\n`).join('')}   \`\`\`\n` : ''}`).join('\n').trimEnd()}

## Alerts

\`.github/workflows/kabar-ingest.yml\` turns an alert from Alertmanager, Grafana or Uptime Kuma
into a pull request with a drafted incident; people review, edit and merge it. Map alert labels
to components under \`alerts\` in \`kabar.config.ts\`, give the workflow a token (the secrets
\`KABAR_APP_ID\` and \`KABAR_APP_PRIVATE_KEY\`, or \`KABAR_ALERTS_TOKEN\`) and point a relay at
the repository: see [docs/alerts.md](https://github.com/${input.kabarRepository}/blob/main/docs/alerts.md).

## Upgrading

Change the version of \`kabar\` in \`package.json\` (or run \`npm install kabar@latest\`), then
\`npx kabar check\`: a renamed field is reported with its new name and the release that renamed it.
The workflows follow Kabar's major version (\`@${workflowRef(input.kabarVersion)}\`) on their own.
`;
}

/** One step of going live: what to do, and the commands to run for it. */
export interface GoingLiveStep {
  text: string;
  commands: string[];
}

/**
 * From a built site to a live one, for this config: the README's "Going live" and the end of
 * `kabar init`. Each step names the actual domains and the exact secret names the workflows read.
 */
export function goingLiveSteps(input: InitInput, config: SiteConfig): GoingLiveStep[] {
  const steps: GoingLiveStep[] = [
    { text: 'Push: create an empty repository on GitHub, then:', commands: ['git init -b main && git add -A && git commit -m "Status page"', 'git remote add origin https://github.com/<owner>/<repo>.git && git push -u origin main'] },
  ];
  const targets: string[] = [];
  if (input.deploy === 'github-pages') {
    const plan = planDeploy(config);
    steps.push({ text: 'GitHub Pages: in the repository\'s Settings > Pages, set Source to "GitHub Actions". Until then pushed deploys fail saying so, and scheduled ones are skipped with a warning.', commands: [] });
    if (plan.pages?.domain) steps.push({ text: `Custom domain: in Settings > Pages, set Custom domain to \`${plan.pages.domain}\`, and add the DNS record \`${plan.pages.domain} CNAME <owner>.github.io\`.`, commands: [] });
    for (const other of plan.others) {
      if (!other.domain) continue; // every other target is a locale domain
      const repository = `<owner>/${slugify(other.domain)}`;
      targets.push(`--target ${other.domain}=${repository}`);
      steps.push({
        text: `${other.domain}: create a second repository for it (e.g. \`${repository}\`); in its Settings > Pages publish from the branch \`main\` with Custom domain \`${other.domain}\`; add the DNS record \`${other.domain} CNAME <owner>.github.io\`; then name it in the secret the deploy workflow reads:`,
        commands: [`gh secret set KABAR_DEPLOY_REPO_${other.slug} --body ${repository}`],
      });
    }
    if (plan.others.length > 0) steps.push({ text: `Deploy token: a fine-grained token with "Contents: read and write" on ${plan.others.length === 1 ? 'that repository' : 'those repositories'}, in the secret:`, commands: ['gh secret set KABAR_DEPLOY_TOKEN'] });
    steps.push({
      text: `A second host, so the page stays up when GitHub is down: add \`deploy: [{ to: 'github-pages' }, { to: 'netlify', site: '<site>' }]\` to kabar.config.ts (or \`{ to: 'cloudflare-pages', project }\`, or an S3 bucket: https://github.com/${input.kabarRepository}/blob/main/docs/deploy.md) and its secret; the deploy workflow publishes it too, and \`npx kabar publish\` does from a laptop:`,
      commands: ['gh secret set NETLIFY_AUTH_TOKEN'],
    });
  }
  steps.push({ text: 'Alerts: in Settings > Actions > General > Workflow permissions, tick "Allow GitHub Actions to create and approve pull requests" (or give the alerts workflow a token of its own, as the Alerts section of README.md says).', commands: [] });
  steps.push({ text: 'Check each of these; it prints the fix for what is missing:', commands: [['GITHUB_TOKEN=$(gh auth token) npx kabar doctor', ...targets].join(' ')] });
  return steps;
}
