/**
 * Builds the status site of a repository (`kabar build`).
 *
 * Output (default `dist/`):
 * - every locale has a domain: one directory per domain, `<out>/<domain>/`, each a complete
 *   site with a `CNAME` file;
 * - no domains, or `singleDomain`: one site in `<out>/site/`, other locales under `/<tag>/`.
 *
 * The content is validated first; on errors nothing is built and the existing output is left
 * as it was. Builds go to a sibling temp directory that replaces `<out>` only when all succeeded.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from '../core/problems.ts';
import { normalizeBase } from '../core/site-urls.ts';
import { resolveNow } from '../core/time.ts';
import { loadRepo, writeContentSnapshot, type LoadedRepo } from '../io/load-repo.ts';
import { loadSiteConfig, type LoadedConfig } from '../io/load-config.ts';
import { countIncidentDirs } from '../io/read-content.ts';
import { committedBuildState } from '../io/committed-cache.ts';
import { moduleFile } from '../io/package-info.ts';
import { BuildLockError, lockOutput, ownedName, removeStale } from '../io/build-lock.ts';
import { mergeRendered, writeManifest } from '../io/build-cache.ts';
import { locateRenderer } from '../io/renderer.ts';
import { markTiming, TIMINGS_ENV } from '../io/timings.ts';
import { CHILD_JOB, type RenderJob } from './render-job.ts';
import { CONTENT_READY } from './content-ready.ts';
import { planReuse } from './reuse-plan.ts';

/** Directory name of the single-domain site inside `<out>`. */
export const SINGLE_SITE_DIR = 'site';
/** Where a status repository keeps what builds remember (git-ignored). */
export const CACHE_DIR = '.kabar-cache';

export interface BuildOptions {
  root: string;
  out: string;
  singleDomain: boolean;
  base?: string;
  siteUrl?: string;
  /** Render every page, reusing nothing from the previous output. */
  full?: boolean;
  /** Where the build remembers what it rendered each reusable page from; default `<root>/.kabar-cache`. */
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface BuildResult {
  ok: boolean;
  /** Directories written inside `out`, e.g. `status.example.com` or `site`. */
  sites: string[];
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = path.resolve(options.root);
  const out = path.resolve(options.out);
  const now = resolveNow(process.env);
  const cacheDir = options.cacheDir ?? path.join(root, CACHE_DIR);
  markTiming('cli-loaded');
  const configResult = await loadSiteConfig(root);
  markTiming('config-loaded');
  const config = configResult.config;
  if (!config || configResult.problems.some((p) => p.severity === 'error')) {
    // Nothing can be built: report the config's problems, and the content's as far as they can be told.
    return notBuilt(await loadRepo(root, now, { config: configResult }), out, log);
  }
  const perDomain = !options.singleDomain && config.locales.every((l) => l.domain);
  const base = normalizeBase(options.base);
  const plans = perDomain
    ? config.locales.map((l) => ({ dir: l.domain!, locale: l.tag, site: `https://${l.domain}` }))
    : [{ dir: SINGLE_SITE_DIR, locale: undefined, site: (options.siteUrl ?? 'http://localhost:4321').replace(/\/+$/, '') }];
  // The email sign-up form posts to the list service: the pages' CSP allows exactly its origin.
  const formActions = [...new Set(Object.values(config.subscribe.email?.form ?? {}).map((url) => new URL(url).origin))];

  await mkdir(path.dirname(out), { recursive: true });
  let unlock: () => Promise<void>;
  try {
    unlock = await lockOutput(out, log);
  } catch (error) {
    if (!(error instanceof BuildLockError)) throw error;
    log(`kabar: ${error.message}`);
    return { ok: false, sites: [] };
  }
  // A committed cache or output is nobody's memory of a build: trusting it would publish what it claims.
  const committed = await committedBuildState(root, [cacheDir, out]);
  for (const dir of committed) log(`kabar: ${dir}/ is committed to the repository; a build never trusts it, so every file is validated and every page rendered (remove it: git rm -r --cached ${dir})`);
  try {
    return await buildLocked({ root, out, now, base, plans, perDomain, formActions, configResult, cacheDir, full: options.full === true || committed.length > 0, log });
  } finally {
    await unlock();
  }
}

function notBuilt(repo: LoadedRepo, out: string, log: (line: string) => void): BuildResult {
  for (const problem of repo.problems) log(formatProblem(problem));
  log(`kabar: ${repo.errorCount} error(s); the site was not built and ${path.relative(process.cwd(), out) || out} was left unchanged.`);
  return { ok: false, sites: [] };
}

interface LockedBuild {
  root: string;
  out: string;
  now: number;
  base: string;
  plans: { dir: string; locale: string | undefined; site: string }[];
  perDomain: boolean;
  formActions: string[];
  configResult: LoadedConfig;
  cacheDir: string;
  full: boolean;
  log: (line: string) => void;
}

async function buildLocked({ root, out, now, base, plans, perDomain, formActions, configResult, cacheDir, full, log }: LockedBuild): Promise<BuildResult> {
  // Holding the lock, any staging of this output whose process is gone is a killed build's.
  const stagingPrefix = `.${path.basename(out)}-build-`;
  const stale = await removeStale(path.dirname(out), stagingPrefix);
  // Old outputs whose background removal did not finish (the machine stopped, say).
  await removeStale(path.dirname(out), `.${path.basename(out)}-old-`);
  if (stale.length > 0) log(`kabar: removed ${stale.length} staging director${stale.length === 1 ? 'y' : 'ies'} left by an interrupted build`);
  const staging = await mkdtemp(path.join(path.dirname(out), ownedName(stagingPrefix)));
  // The renderer reads the content validated here instead of reading and validating it again.
  const snapshot = path.join(staging, '.cache', 'content.json');
  const reuseList = path.join(staging, '.cache', 'reuse.json');
  // One render for every locale: its routes write each domain's pages into <staging>/sites/<domain>/
  // (the single site into <staging>/sites/site/), so start-up and the status model are paid for once.
  const sites = path.join(staging, 'sites');
  let renderChild: RenderChild | undefined;
  try {
    await mkdir(path.dirname(snapshot), { recursive: true });
    // The renderer starts now and loads the compiled pages while this process reads and validates
    // the content; it waits for the content before rendering (see src/build/render-child.ts).
    const renderer = await locateRenderer(log);
    markTiming('renderer-located');
    renderChild = await startRender(
      { entry: renderer.entry, outDir: perDomain ? sites : path.join(sites, SINGLE_SITE_DIR), concurrency: RENDER_CONCURRENCY, formActions },
      {
        // The pages read these through src/site/context.ts (one model per build).
        KABAR_ROOT: root,
        KABAR_CONTENT_SNAPSHOT: snapshot,
        KABAR_REUSE: reuseList,
        KABAR_BASE: base,
        KABAR_SINGLE_DOMAIN: perDomain ? '0' : '1',
        ...(!perDomain && { KABAR_SITE_URL: plans[0]!.site }),
        // One "now" for the whole build: sibling domains agree, and output is reproducible.
        SOURCE_DATE_EPOCH: String(Math.floor(now / 1000)),
        ...(process.env[TIMINGS_ENV] && { [TIMINGS_ENV]: process.env[TIMINGS_ENV] }),
      },
      heapFlags(countIncidentDirs(root)),
      log,
    );
    // A full build validates every file too, trusting nothing from earlier runs.
    const repo = await loadRepo(root, now, { config: configResult, cacheDir, revalidate: full });
    markTiming('content-validated');
    if (!repo.model || repo.errorCount > 0) {
      await renderChild.cancel();
      await rm(staging, { recursive: true, force: true });
      return notBuilt(repo, out, log);
    }
    for (const problem of repo.problems) log(formatProblem(problem));
    if (repo.contentCache && repo.contentCache.reused > 0) {
      const { reused, validated } = repo.contentCache;
      log(`kabar: ${reused} unchanged incident ${reused === 1 ? 'directory' : 'directories'} taken as validated by the last build, ${validated} validated now`);
    }
    const reuse = await planReuse({
      model: repo.model,
      incidents: repo.incidents,
      out,
      cacheDir,
      full,
      perDomain,
      singleSiteDir: SINGLE_SITE_DIR,
      shared: { base, site: plans[0]!.site, perDomain, formActions },
    });
    log(reuse.fullBecause ? `kabar: rendering every page (${reuse.fullBecause})` : `kabar: reusing ${reuse.files.length} unchanged pages from the last build`);
    await writeContentSnapshot(snapshot, repo.incidents);
    await writeFile(reuseList, JSON.stringify(reuse.reused.map(({ locale, path: page }) => ({ locale, path: page }))));
    log(`kabar: building ${plans.map((p) => `${p.dir}${p.locale ? ` (${p.locale})` : ''}`).join(', ')}`);
    markTiming('content-ready');
    await renderChild.render();
    markTiming('rendered');
    for (const plan of plans) {
      if (plan.locale) await writeFile(path.join(sites, plan.dir, 'CNAME'), `${plan.dir}\n`);
    }
    const previous = path.join(staging, 'previous');
    // The old output moves into the staging directory, which is then removed with it.
    const hadOutput = await rename(out, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        return false;
      },
    );
    if (hadOutput && reuse.files.length > 0) {
      // The pages that did not change are the previous output's own files, byte for byte: the
      // rendered ones join them there (between the two renames there is no <out>; a build that
      // dies in between leaves none, and the next one renders everything).
      mergeRendered(previous, sites, reuse.files);
      await rename(previous, out);
    } else {
      await rename(sites, out);
    }
    // Recorded only once the new output is in place, so the pair always agrees.
    await writeManifest(cacheDir, reuse.manifest);
    markTiming('output-in-place');
  } catch (error) {
    await renderChild?.cancel();
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  // The new output is in place: removing the old one (tens of thousands of files with a long
  // history, seconds of unlinking) is left to a background process instead of delaying the
  // deploy; a build that finds it unfinished removes it (removeStale).
  const trash = path.join(path.dirname(staging), path.basename(staging).replace('-build-', '-old-'));
  await rename(staging, trash);
  removeInBackground(trash);
  return { ok: true, sites: plans.map((p) => p.dir) };
}

interface RenderChild {
  /** Lets it render, once the content snapshot and the reuse list are written; resolves when it is done. */
  render(): Promise<void>;
  /** Stops it (the content had errors, or this build failed). */
  cancel(): Promise<void>;
}

/** Pages rendered at once: one at a time, a build of 10 000 incidents spent a fifth of its time waiting on file writes. */
const RENDER_CONCURRENCY = 8;

/**
 * The pages are rendered in a process of their own: the compiled pages keep modules (and so the
 * once-per-build status model) cached within a process, `kabar dev` builds again and again, and a
 * failed render must not take the CLI down with it.
 */
async function startRender(job: RenderJob, env: Record<string, string>, heap: string[], log: (line: string) => void): Promise<RenderChild> {
  let child = spawnChild(job, env, heap);
  let finished = false;
  return {
    async render() {
      try {
        child.go();
        if ((await child.outcome) === 'out-of-memory') {
          log('kabar: the build needed more memory than its limit; building again with Node\'s default limits');
          child = spawnChild(job, env, []);
          child.go();
          if ((await child.outcome) !== 'ok') throw new Error('rendering the site failed');
        }
      } finally {
        finished = true;
      }
    },
    async cancel() {
      if (finished) return;
      finished = true;
      child.stop();
      await child.outcome.catch(() => undefined);
    },
  };
}

/**
 * The render child's own memory ceiling. V8 grows its heap lazily, and at its default limits a
 * build holds hundreds of megabytes it no longer uses: a smaller young generation and an
 * old-space limit sized to the history (room to spare: the model of 10 000 incidents peaks near
 * 200 MB) make it collect sooner. A build that needs more is run again without them, so the
 * limit can cost time, never a build.
 */
export function heapFlags(incidents: number, env: NodeJS.ProcessEnv = process.env): string[] {
  // KABAR_BUILD_HEAP_MB sets the limit by hand (docs: Performance).
  const chosen = Number(env.KABAR_BUILD_HEAP_MB);
  const oldSpaceMb = Number.isInteger(chosen) && chosen > 0 ? chosen : Math.min(2048, Math.max(256, Math.round(160 + incidents * 0.03)));
  return ['--max-semi-space-size=8', `--max-old-space-size=${oldSpaceMb}`];
}

interface ChildProcessHandle {
  /** Tells it the content is ready. */
  go(): void;
  stop(): void;
  outcome: Promise<'ok' | 'out-of-memory'>;
}

function spawnChild(job: RenderJob, env: Record<string, string>, heap: string[]): ChildProcessHandle {
  const child = spawn(process.execPath, [...process.execArgv, ...heap, moduleFile(new URL('./render-child.ts', import.meta.url))], {
    env: { ...withoutKabarEnv(process.env), ...env, [CHILD_JOB]: JSON.stringify(job) },
    // The child's stdin is a pipe it watches: a line says the content is ready, and when this
    // process dies, even by SIGKILL, the pipe closes and the child exits instead of building on, orphaned.
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const outcome = new Promise<'ok' | 'out-of-memory'>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve('ok');
      // V8 aborts on an exhausted heap: SIGABRT, or exit status 134 through a shell.
      if (heap.length > 0 && (signal === 'SIGABRT' || code === 134)) return resolve('out-of-memory');
      reject(new Error(`rendering the site failed (exit code ${code ?? signal})`));
    });
  });
  // It may fail while this process is still validating: the failure is reported when awaited.
  outcome.catch(() => undefined);
  // A child gone early closes the pipe: writing to it must not raise an unhandled error.
  child.stdin.on('error', () => undefined);
  return {
    go: () => child.stdin.write(`${CONTENT_READY}\n`),
    stop: () => child.kill(),
    outcome,
  };
}

/**
 * Removes `dir` (named `<prefix><pid>-…` after this process) in a detached process, which first
 * renames it after itself: while it works, the next build's removeStale sees a live owner and
 * leaves the directory to it instead of deleting the same files again, and in its way.
 */
function removeInBackground(dir: string): void {
  const script = [
    'const fs = require("node:fs"), path = require("node:path");',
    'const dir = process.argv[1];',
    'const mine = path.join(path.dirname(dir), path.basename(dir).replace(/-old-\\d+-/, `-old-${process.pid}-`));',
    'try { fs.renameSync(dir, mine); } catch { process.exit(0); }',
    'fs.rmSync(mine, { recursive: true, force: true });',
  ].join(' ');
  const child = spawn(process.execPath, ['-e', script, dir], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

function withoutKabarEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('KABAR_')));
}
