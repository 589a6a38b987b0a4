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
import { mkdtemp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatProblem } from '../core/problems.ts';
import { normalizeBase } from '../core/site-urls.ts';
import { loadRepo, writeContentSnapshot, type LoadedRepo } from '../io/load-repo.ts';
import { loadSiteConfig, type LoadedConfig } from '../io/load-config.ts';
import { committedBuildState } from '../io/committed-cache.ts';
import { BuildLockError, lockOutput, ownedName, removeStale } from '../io/build-lock.ts';
import { engineIdentity, mergeRendered } from '../io/build-cache.ts';
import { pendingManifestFile, putManifestInPlace } from '../io/build-manifest.ts';
import { buildCacheDir, CACHE_DIR } from '../io/repo-layout.ts';
import { markTiming } from '../io/timings.ts';
import { startRenderChild, type RenderChild } from './render-process.ts';
import type { MergeList } from './render-job.ts';

/** Directory name of the single-domain site inside `<out>`. */
export const SINGLE_SITE_DIR = 'site';
export { CACHE_DIR };

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
  /** The render child, when the caller started it early (`kabar build` does, before loading this module). */
  renderChild?: RenderChild;
}

export interface BuildResult {
  ok: boolean;
  /** Directories written inside `out`, e.g. `status.example.com` or `site`. */
  sites: string[];
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Started before anything else: it loads the compiled pages while the content is validated.
  const root = path.resolve(options.root);
  const reuseFrom = options.full ? undefined : { cacheDir: buildCacheDir(root, options.cacheDir), out: path.resolve(options.out) };
  const renderChild = options.renderChild ?? (await startRenderChild(root, log, reuseFrom));
  try {
    return await buildWith(renderChild, options, log);
  } finally {
    // Nothing to render (errors, another build holding the output): stopped, and waited for.
    await renderChild.cancel();
  }
}

async function buildWith(renderChild: RenderChild, options: BuildOptions, log: (line: string) => void): Promise<BuildResult> {
  const root = path.resolve(options.root);
  const out = path.resolve(options.out);
  const { now } = renderChild;
  const cacheDir = buildCacheDir(root, options.cacheDir);
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
    return await buildLocked({ root, out, now, base, plans, perDomain, formActions, configResult, cacheDir, full: options.full === true || committed.length > 0, log, renderChild });
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
  renderChild: RenderChild;
}

async function buildLocked({ root, out, now, base, plans, perDomain, formActions, configResult, cacheDir, full, log, renderChild }: LockedBuild): Promise<BuildResult> {
  // Holding the lock, any staging of this output whose process is gone is a killed build's.
  const stagingPrefix = `.${path.basename(out)}-build-`;
  const stale = await removeStale(path.dirname(out), stagingPrefix);
  // Old outputs whose background removal did not finish (the machine stopped, say).
  await removeStale(path.dirname(out), `.${path.basename(out)}-old-`);
  if (stale.length > 0) log(`kabar: removed ${stale.length} staging director${stale.length === 1 ? 'y' : 'ies'} left by an interrupted build`);
  const staging = await mkdtemp(path.join(path.dirname(out), ownedName(stagingPrefix)));
  // The renderer reads the content validated here instead of reading and validating it again.
  const snapshot = path.join(staging, '.cache', 'content.json');
  let pendingManifest: string | undefined;
  let merged = false;
  // One render for every locale: its routes write each domain's pages into <staging>/sites/<domain>/
  // (the single site into <staging>/sites/site/), so start-up and the status model are paid for once.
  const sites = path.join(staging, 'sites');
  try {
    await mkdir(path.dirname(snapshot), { recursive: true });
    // A full build validates every file too, trusting nothing from earlier runs. The status model
    // is the render child's to derive.
    const repo = await loadRepo(root, now, { config: configResult, cacheDir, revalidate: full, model: false });
    markTiming('content-validated');
    if (!repo.config || repo.errorCount > 0) {
      await repo.writeContentCache?.();
      await renderChild.cancel();
      await rm(staging, { recursive: true, force: true });
      return notBuilt(repo, out, log);
    }
    for (const problem of repo.problems) log(formatProblem(problem));
    if (repo.contentCache && repo.contentCache.reused > 0) {
      const { reused, validated, unread } = repo.contentCache;
      const unreadNote = unread > 0 ? ` (${unread} of them not even read: their files' names, sizes and times are as they were)` : '';
      log(`kabar: ${reused} unchanged incident ${reused === 1 ? 'directory' : 'directories'} taken as validated by the last build, ${validated} validated now${unreadNote}`);
    }
    // Incidents taken unchanged from the content cache go by id: the render child has read that cache.
    await writeContentSnapshot(snapshot, repo.incidents, repo.cached, repo.versions);
    markTiming('content-ready');
    // Each domain's CNAME: written here, listed in the manifest with the rendered files.
    const ownFiles: string[] = [];
    for (const plan of plans) {
      if (!plan.locale) continue;
      await mkdir(path.join(sites, plan.dir), { recursive: true });
      await writeFile(path.join(sites, plan.dir, 'CNAME'), `${plan.dir}\n`);
      ownFiles.push(`${plan.dir}/CNAME`);
    }
    await mkdir(cacheDir, { recursive: true });
    const mergeFile = path.join(staging, '.cache', 'merge.json');
    pendingManifest = pendingManifestFile(cacheDir, out);
    // The render child derives the status model (most of it was, from the content cache, while
    // this process validated), plans which pages the previous output holds unchanged, and renders the others.
    const rendering = renderChild.render(
      {
        outDir: perDomain ? sites : path.join(sites, SINGLE_SITE_DIR),
        formActions,
        env: {
          // The pages read these through src/site/context.ts (one model per build).
          KABAR_ROOT: root,
          KABAR_CONTENT_SNAPSHOT: snapshot,
          KABAR_BASE: base,
          KABAR_SINGLE_DOMAIN: perDomain ? '0' : '1',
          ...(!perDomain && { KABAR_SITE_URL: plans[0]!.site }),
          // One "now" for the whole build: sibling domains agree, and output is reproducible.
          SOURCE_DATE_EPOCH: String(Math.floor(now / 1000)),
        },
        reuse: {
          out,
          cacheDir,
          full,
          perDomain,
          singleSiteDir: SINGLE_SITE_DIR,
          shared: { base, site: plans[0]!.site, perDomain, formActions },
          engine: await engineIdentity(),
          sitesDir: sites,
          ownFiles,
          manifestFile: pendingManifest,
          mergeFile,
        },
      },
      (plan) => log(plan.fullBecause ? `kabar: rendering every page (${plan.fullBecause})` : `kabar: reusing ${plan.reused} unchanged pages from the last build`),
      () => writeContentSnapshot(snapshot, repo.incidents, undefined, repo.versions),
    );
    rendering.catch(() => undefined); // awaited below; not unhandled if writing the cache fails first
    log(`kabar: building ${plans.map((p) => `${p.dir}${p.locale ? ` (${p.locale})` : ''}`).join(', ')}`);
    // While the pages render, this process has nothing else to do: the content cache is written then.
    await repo.writeContentCache?.();
    await rendering;
    markTiming('rendered');
    const merge = JSON.parse(await readFile(mergeFile, 'utf8')) as MergeList;
    const previous = path.join(staging, 'previous');
    // The old output moves into the staging directory, which is then removed with it.
    const hadOutput = await rename(out, previous).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
        return false;
      },
    );
    merged = hadOutput && merge.reused > 0;
    if (merged) {
      // The pages that did not change are the previous output's own files, byte for byte: the
      // rendered ones join them there (between the two renames there is no <out>; a build that
      // dies in between leaves none, and the next one renders everything).
      mergeRendered(previous, sites, merge.rendered, merge.stale);
      await rename(previous, out);
    } else {
      await rename(sites, out);
    }
    // Recorded only once the new output is in place, so the pair always agrees.
    await putManifestInPlace(pendingManifest, cacheDir, out);
    markTiming('output-in-place');
  } catch (error) {
    await renderChild.cancel();
    await rm(staging, { recursive: true, force: true });
    if (pendingManifest) await rm(pendingManifest, { force: true });
    throw error;
  }
  // Merged into the previous output, the staging directory holds little: a few directories the
  // rendered pages left, and the snapshot.
  if (merged) {
    await rm(staging, { recursive: true, force: true });
    return { ok: true, sites: plans.map((p) => p.dir) };
  }
  // The new output is in place: removing the old one (tens of thousands of files with a long
  // history, seconds of unlinking) is left to a background process instead of delaying the
  // deploy; a build that finds it unfinished removes it (removeStale).
  const trash = path.join(path.dirname(staging), path.basename(staging).replace('-build-', '-old-'));
  await rename(staging, trash);
  removeInBackground(trash);
  return { ok: true, sites: plans.map((p) => p.dir) };
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
    // rm(1) where there is one: Node's recursive removal of tens of thousands of files held hundreds of megabytes.
    'if (process.platform === "win32" || require("node:child_process").spawnSync("rm", ["-rf", mine]).status !== 0) fs.rmSync(mine, { recursive: true, force: true });',
  ].join(' ');
  const child = spawn(process.execPath, ['-e', script, dir], { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}
