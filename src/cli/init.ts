import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as p from '@clack/prompts';
import type { Command } from 'commander';
import { DEPLOY_TARGETS, goingLiveSteps, initAnswerProblems, renderStatusRepo, type DeployTarget, type InitAnswers, type InitComponent, type InitInput, type InitLocale } from '../core/init/status-repo.ts';
import { formatProblem } from '../core/problems.ts';
import { resolveNow } from '../core/time.ts';
import { LANGUAGES, uiLanguages } from '../i18n/index.ts';
import { kabarRepository, packageVersion } from '../io/package-info.ts';
import { collectList, isInteractive, oneOf, UsageError } from './options.ts';
import { runCommand } from './run.ts';

export interface InitOptions {
  yes?: boolean;
  force?: boolean;
  name?: string;
  timeZone?: string;
  locale?: string[];
  group?: string[];
  component?: string[];
  deploy?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'where to create the status repository', '.')
    .description('Start a status repository: your config, an example incident, workflows and a README; the engine stays in the kabar package.')
    .option('-y, --yes', 'ask nothing: use the flags, and defaults for the rest')
    .option('--name <name>', 'the product name the page is about, e.g. "Acme"')
    .option('--time-zone <zone>', 'IANA time zone for days and times on the page (default: this machine\'s)')
    .option('--locale <tag[=domain]>', 'a language and the domain its site is served on; repeat per language, the first is the default (default: en)', collect)
    .option('--group <id=name>', 'a heading components are listed under; repeat per group', collect)
    .option('--component <id=name[@group]>', 'something customers can see the status of; repeat per component (default: website=Website)', collect)
    .option('--deploy <target>', `where the deploy workflow publishes: ${DEPLOY_TARGETS.join(' or ')} (default: github-pages)`)
    .option('--force', 'write into a directory that is not empty (existing files are still never overwritten)')
    .addHelpText(
      'after',
      `
Languages with Kabar's words built in (any other tag works with your own words: docs/translations.md):
${languageList()}

Examples:
  npx kabar init status --yes --name "Acme" --time-zone Asia/Jakarta \\
    --locale en=status.acme.com --locale id=status.acme.co.id \\
    --group platform=Platform --component api="Public API@platform" --component web="Website"
  npx kabar init            in a terminal: asks for each of these`,
    )
    .action((dir: string, options: InitOptions) =>
      runCommand('init', async () => {
        const target = path.resolve(dir);
        const existing = await readdir(target).catch(() => [] as string[]);
        if (existing.length > 0 && !options.force) {
          throw new UsageError(`${dir} is not empty (${existing.slice(0, 5).join(', ')}${existing.length > 5 ? ', …' : ''}); pick an empty or new directory, or pass --force to add the files that do not exist yet`);
        }
        const ask = !options.yes && isInteractive();
        if (!ask && !options.yes && (!options.name || !options.component)) {
          throw new UsageError('missing --name and --component (required when not run in a terminal; or pass --yes to use defaults; run "kabar init --help" for an example)');
        }
        const input = ask ? await promptInit(options, target) : inputFromFlags(options, target);
        const { files, problems, config } = renderStatusRepo(input);
        if (problems.length > 0 || !config) {
          for (const problem of problems) console.error(formatProblem(problem));
          throw new UsageError('the answers do not make a valid site config (see above); nothing was written');
        }
        if (ask) {
          p.note([...files.keys()].join('\n'), `Files to write in ${path.relative(process.cwd(), target) || '.'}`);
          const go = await p.confirm({ message: 'Write them?' });
          if (p.isCancel(go) || !go) {
            p.cancel('Nothing was written.');
            return;
          }
        }
        const written: string[] = [];
        const kept: string[] = [];
        // An example added to incidents/ that already has content would mix with it (and a second
        // example's updates could land in the first one's folder): the example comes whole or not at all.
        const hasIncidents = (await readdir(path.join(target, 'incidents')).catch(() => [] as string[])).length > 0;
        if (hasIncidents) kept.push('incidents/ (no example incident added)');
        for (const [file, text] of files) {
          if (hasIncidents && file.startsWith('incidents/')) continue;
          const absolute = path.join(target, file);
          await mkdir(path.dirname(absolute), { recursive: true });
          try {
            await writeFile(absolute, text, { flag: 'wx' });
            written.push(file);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
            kept.push(file);
          }
        }
        console.log(`Wrote ${written.length} files in ${path.relative(process.cwd(), target) || '.'}:`);
        for (const file of written) console.log(`  ${file}`);
        if (kept.length > 0) console.log(`Kept your own ${kept.join(', ')} (never overwritten; compare with "kabar init" in an empty directory).`);
        const cd = path.relative(process.cwd(), target);
        console.log(`\nNext:${cd ? `\n  cd ${cd}` : ''}\n  npm install          (then commit package-lock.json: the workflows install from it)\n  npx kabar dev        the page on http://127.0.0.1:4321/\n  npx kabar build      the sites, into dist/`);
        // Going live needs settings no file can hold; the README keeps the same steps.
        console.log(`\nGoing live (also in README.md):\n${goingLiveSteps(input, config).map((step, i) => [`  ${i + 1}. ${step.text.replace(/`/g, '')}`, ...step.commands.map((c) => `       ${c}`)].join('\n')).join('\n')}`);
      }),
    );
}

/** `tag`, `tag=domain`; the label is the language's own name for itself. */
export function parseLocale(spec: string): InitLocale {
  const [tag = '', domain] = spec.split('=').map((s) => s.trim());
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) throw new UsageError(`--locale "${spec}": "${tag}" is not a language tag (expected e.g. en, id or pt-BR, optionally =<domain>: --locale en=status.acme.com)`);
  return { tag, label: languageName(tag), ...(domain && { domain: domain.toLowerCase() }) };
}

/** The language switcher's label: the bundled language's name for itself, else what Intl calls it. */
function languageName(tag: string): string {
  const known = LANGUAGES.find((l) => l.tag.toLowerCase() === tag.toLowerCase());
  if (known) return known.native;
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
    return name.charAt(0).toLocaleUpperCase(tag) + name.slice(1);
  } catch {
    return tag;
  }
}

/** `id=Name` or `id=Name@group`. */
export function parseComponent(spec: string): InitComponent {
  const match = /^\s*([^=]+?)\s*=\s*(.+?)(?:@([a-z0-9][a-z0-9-]*))?\s*$/.exec(spec);
  if (!match) throw new UsageError(`--component "${spec}" is not id=name (expected e.g. --component api="Public API", or api="Public API@platform" to list it under a group)`);
  return { id: match[1]!, name: match[2]!, ...(match[3] && { group: match[3] }) };
}

export function parseGroup(spec: string): { id: string; name: string } {
  const match = /^\s*([^=]+?)\s*=\s*(.+?)\s*$/.exec(spec);
  if (!match) throw new UsageError(`--group "${spec}" is not id=name (expected e.g. --group platform=Platform)`);
  return { id: match[1]!, name: match[2]! };
}

/** Every bundled language as `tag  name (English name)`, a few to a line. */
function languageList(): string {
  const entries = LANGUAGES.filter((l) => uiLanguages.includes(l.tag)).map((l) => `${l.tag} ${l.native}${l.native === l.english ? '' : ` (${l.english})`}`);
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 3) lines.push(`  ${entries.slice(i, i + 3).join(', ')}`);
  return lines.join('\n');
}

const machineZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** Words of a directory name that say nothing of the product ("my-status", "new-status-page"). */
const NOT_A_NAME = new Set(['my', 'our', 'the', 'a', 'new', 'test', 'status', 'page', 'site', 'web', 'statuspage']);

/** The product's name as the directory suggests it ("acme-status" → "Acme"), if it does. */
export function nameFromDir(dir: string): string | undefined {
  const words = path.basename(dir).split(/[-_.\s]+/).filter(Boolean);
  if (words.every((w) => NOT_A_NAME.has(w.toLowerCase()))) return undefined;
  const base = words.filter((w) => w.toLowerCase() !== 'status').join(' ');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function inputFromFlags(options: InitOptions, target: string): InitInput {
  const name = options.name ?? nameFromDir(target);
  if (!name) throw new UsageError(`missing --name: the directory's name ("${path.basename(target)}") does not say what the product is called (expected e.g. --name "Acme")`);
  return {
    name,
    timeZone: options.timeZone ?? machineZone(),
    locales: (options.locale ?? ['en']).map(parseLocale),
    groups: (options.group ?? []).map(parseGroup),
    components: (options.component ?? ['website=Website']).map(parseComponent),
    deploy: oneOf('--deploy', options.deploy, DEPLOY_TARGETS) ?? 'github-pages',
    now: resolveNow(process.env),
    kabarVersion: packageVersion(),
    kabarRepository: kabarRepository(),
  };
}

function answer<T>(value: T): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel('Cancelled; nothing was written.');
    process.exit(130);
  }
  return value as Exclude<T, symbol>;
}

/** Asks for what the flags did not give, checking each answer as it is given, then takes the same path as the flags. */
async function promptInit(options: InitOptions, target: string): Promise<InitInput> {
  const o: InitOptions = { ...options };
  const list = (value: string) => collectList(value);
  const given: Partial<InitAnswers> = {};
  /** An answer's problems: its form (as the flag's parser sees it), then the config schema's, with the answers so far. */
  const check =
    <K extends keyof InitAnswers>(field: K, parse: (value: string) => InitAnswers[K]) =>
    (value: string | undefined) => {
      try {
        return initAnswerProblems({ ...given, [field]: parse(value ?? '') }, field)[0];
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    };
  const suggested = nameFromDir(target);
  p.intro('A new Kabar status page');
  o.name ??= answer(await p.text({ message: 'Product name (the page is "<name> status")', placeholder: 'Acme', ...(suggested && { initialValue: suggested }), validate: (v) => (v?.trim() ? check('name', (x) => x.trim())(v) : 'a name is required') }));
  given.name = o.name;
  o.timeZone ??= answer(await p.text({ message: 'Time zone of the page (IANA, e.g. Asia/Jakarta)', initialValue: machineZone(), validate: check('timeZone', (x) => x.trim()) }));
  given.timeZone = o.timeZone;
  if (!o.locale) p.note(languageList(), 'Languages with Kabar\'s words built in');
  o.locale ??= list(answer(await p.text({ message: 'Languages, each with the domain its site is served on (the first is the default)', initialValue: 'en', placeholder: 'en=status.acme.com, id=status.acme.co.id', validate: check('locales', (x) => list(x).map(parseLocale)) })));
  given.locales = o.locale.map(parseLocale);
  o.group ??= list(answer(await p.text({ message: 'Component groups (optional)', placeholder: 'platform=Platform, payments=Payments', defaultValue: '', validate: check('groups', (x) => list(x).map(parseGroup)) })));
  given.groups = o.group.map(parseGroup);
  o.component ??= list(answer(await p.text({ message: 'Components customers can see the status of (@group to list under a group)', placeholder: 'api=Public API@platform, web=Website', validate: (v) => (v?.trim() ? check('components', (x) => list(x).map(parseComponent))(v) : 'at least one component') })));
  o.deploy ??= answer(await p.select<DeployTarget>({ message: 'Deploy with', options: [{ value: 'github-pages', label: 'GitHub Pages', hint: 'other locale domains: one repository each' }, { value: 'none', label: 'Nothing yet', hint: 'the workflow keeps the built sites as an artifact' }] }));
  return inputFromFlags(o, target);
}
