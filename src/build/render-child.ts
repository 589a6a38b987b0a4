/**
 * Renders every page of a build, in a process of its own (see build-site.ts), from the renderer
 * compiled once (src/io/renderer.ts): no Astro or Vite starts. The job (what to load) arrives
 * as JSON in the environment; while the parent validates the content, this process loads the
 * renderer, derives the cached history and looks for the previous output's pages. Once the parent
 * says what to render (src/build/render-process.ts), it plans which pages the previous output
 * holds unchanged (src/build/reuse-plan.ts), renders the others, and writes what the parent needs
 * to put the output in place: the new manifest and the merge list.
 */
import { mkdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { outputFile, requestPath, routePathname, type RouteShape } from '../core/build/route-files.ts';
import { contentSecurityPolicy } from './astro-config.ts';
import { markTiming } from '../io/timings.ts';
import { CHILD_JOB, onLines, PLANNED, RENDERED, WHOLE_SNAPSHOT_WANTED, WHOLE_SNAPSHOT_WRITTEN, type RenderGo, type RenderJob, type ReuseSettings, type ReuseSummary } from './render-job.ts';

/** The parts of the compiled renderer this process uses (Astro's App and its route manifest). */
interface CompiledRoute extends RouteShape {
  route: string;
  component: string;
  origin: string;
  prerender: boolean;
}
interface StaticPath {
  params: Record<string, string | number | undefined>;
  props?: object;
}
interface RouteModule {
  getStaticPaths?: (options: { paginate: () => never; routePattern: string }) => Promise<StaticPath[]> | StaticPath[];
  /** An endpoint's handler: Kabar's endpoints read nothing of their context but the page's params and props. */
  GET?: (context: { params: StaticPath['params']; props: object }) => Response | Promise<Response>;
}
interface Manifest {
  site: string;
  csp: { directives: string[] } | undefined;
  pageMap: Map<string, () => Promise<{ page: () => Promise<RouteModule> | RouteModule }>>;
}
interface App {
  manifestData: { routes: CompiledRoute[] };
  render(request: Request, options: { routeData: CompiledRoute }): Promise<Response>;
}
/** What src/build/reuse-plan.ts planned (opaque here, but for what the build is told and how many files it renders). */
interface Plan {
  files: readonly string[];
  fullBecause?: string;
  rendering?: number;
}

interface Renderer {
  manifest: Manifest;
  getSiteContext: () => Promise<unknown>;
  preloadSiteContext: (root: string, cacheDir?: string, whole?: () => Promise<void>, now?: number) => void;
  preloadPreviousOutput: (cacheDir: string, out: string) => void;
  planRendering: (settings: ReuseSettings) => Promise<Plan>;
  recordRendering: (plan: Plan, rendered: readonly string[], unchanged: ReadonlySet<string>, settings: ReuseSettings) => Promise<void>;
  App: new (manifest: Manifest, streaming: boolean) => App;
}

/**
 * Up to this many files, each is written at once: a rebuild's hundred cost less written
 * synchronously than handed to the thread pool and waited for. A full build's tens of thousands
 * are written while the next pages render.
 */
const WRITTEN_AT_ONCE_UP_TO = 1000;

const job = process.env[CHILD_JOB];
if (job) {
  render(JSON.parse(job) as RenderJob, linesFromParent()).catch((error: unknown) => {
    process.stderr.write(`kabar: rendering the site failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}

interface FromParent {
  go: Promise<RenderGo>;
  /** Resolves at the next WHOLE_SNAPSHOT_WRITTEN line. */
  wholeSnapshot(): Promise<void>;
}

/**
 * What to render, once the parent has validated the content: one JSON line on stdin (and a
 * WHOLE_SNAPSHOT_WRITTEN line when asked for one). The parent holds our stdin open until we
 * exit: end of input means it died (even by SIGKILL), and a build nobody waits for must not go
 * on writing.
 */
function linesFromParent(): FromParent {
  // Seen only when the event loop turns; stopIfOrphaned checks before each write, between which
  // rendering (promises alone, with synchronous writes) may never yield to it.
  process.stdin.on('end', () => process.exit(1));
  // Once the go came, the watch alone keeps nothing alive; while this process waits for the
  // whole snapshot, it does.
  const stdin = process.stdin as unknown as { ref?: () => void; unref?: () => void };
  let onGo: (go: RenderGo) => void;
  let onWhole: (() => void) | undefined;
  const go = new Promise<RenderGo>((resolve) => (onGo = resolve));
  let lines = 0;
  onLines(process.stdin, (text) => {
    const line = JSON.parse(text) as RenderGo | typeof WHOLE_SNAPSHOT_WRITTEN;
    if (++lines === 1) {
      stdin.unref?.();
      onGo(line as RenderGo);
    } else if (line === WHOLE_SNAPSHOT_WRITTEN) {
      stdin.unref?.();
      onWhole?.();
    }
  });
  process.stdin.resume();
  const wholeSnapshot = () =>
    new Promise<void>((resolve) => {
      stdin.ref?.();
      onWhole = resolve;
    });
  return { go, wholeSnapshot };
}

async function render(job: RenderJob, parent: FromParent): Promise<void> {
  const { manifest, App, getSiteContext, preloadSiteContext, preloadPreviousOutput, planRendering, recordRendering } = (await import(pathToFileURL(job.entry).href)) as Renderer;
  markTiming('renderer-loaded');
  preloadSiteContext(
    job.root,
    job.cacheDir,
    async () => {
      const written = parent.wholeSnapshot();
      writeSync(job.doneFd, `${WHOLE_SNAPSHOT_WANTED}\n`);
      await written;
    },
    job.now,
  );
  if (job.cacheDir !== undefined && job.out !== undefined) preloadPreviousOutput(job.cacheDir, job.out);
  loadWhatPagesUseLazily();
  const go = await parent.go;
  markTiming('render-go');
  // The pages read the build's settings from the environment (src/site/context.ts).
  Object.assign(process.env, go.env);
  // The status model, most of it derived while the parent validated the content.
  await getSiteContext();
  markTiming('model-loaded');
  const plan = await planRendering(go.reuse);
  const summary: ReuseSummary = { reused: plan.files.length, ...(plan.fullBecause !== undefined && { fullBecause: plan.fullBecause }) };
  writeSync(job.doneFd, `${PLANNED}${JSON.stringify(summary)}\n`);
  markTiming('reuse-planned');
  const rendered: string[] = [];
  // Merged into the previous output, a file that comes out as that output holds it (most feeds,
  // badges and API files of a one-update rebuild) is not written: the previous one stays.
  const unchanged = new Set<string>();
  const merging = plan.files.length > 0;
  // The one setting compiled in that differs between builds: where the pages' forms may post.
  if (manifest.csp) manifest.csp.directives = [...contentSecurityPolicy(go.formActions).csp.directives];
  const app = new App(manifest, false);
  // Each directory is made once: a rebuild writes a hundred files into a few dozen directories.
  const made = new Map<string, Promise<unknown>>();
  const makeDir = (dir: string) => made.get(dir) ?? made.set(dir, mkdir(dir, { recursive: true })).get(dir)!;
  const atOnce = plan.rendering !== undefined && plan.rendering <= WRITTEN_AT_ONCE_UP_TO;
  const write = async (file: string, relative: string, body: Uint8Array) => {
    stopIfOrphaned();
    if (merging && sameAs(path.join(go.reuse.out, relative), body)) {
      unchanged.add(relative);
      return;
    }
    if (!atOnce) {
      await makeDir(path.dirname(file));
      return writeFile(file, body);
    }
    if (!made.has(path.dirname(file))) {
      mkdirSync(path.dirname(file), { recursive: true });
      made.set(path.dirname(file), Promise.resolve());
    }
    writeFileSync(file, body);
  };
  for (const route of app.manifestData.routes) {
    if (route.origin === 'internal') continue;
    const load = manifest.pageMap.get(route.component);
    if (!load) throw new Error(`the compiled pages have no module for ${route.route}`);
    const mod = await (await load()).page();
    // Compiled to render on demand; marked static here, so Astro takes each page's props from getStaticPaths.
    route.prerender = true;
    const paths = mod.getStaticPaths ? await mod.getStaticPaths({ paginate: noPaginate, routePattern: route.route }) : [{ params: {} }];
    const renderOne = async ({ params, props = {} }: StaticPath) => {
      const pathname = routePathname(route, params);
      // An endpoint is its handler, called as Astro would for a static build, without the
      // request's way through routing and middleware: a third of a rebuild's files are endpoints.
      const response = route.type === 'endpoint' && mod.GET ? await endpoint(pathname, () => mod.GET!({ params, props })) : await app.render(new Request(new URL(requestPath(route, pathname), manifest.site)), { routeData: route });
      // The 404 page says so in its status.
      const expected = route.type === 'page' && outputFile(route, pathname).endsWith('404.html') ? [200, 404] : [200];
      if (!expected.includes(response.status)) throw new Error(`${pathname}: rendering failed (status ${response.status}; the error is above)`);
      const file = path.join(go.outDir, outputFile(route, pathname));
      const relative = path.relative(go.reuse.sitesDir, file).split(path.sep).join('/');
      await write(file, relative, new Uint8Array(await response.arrayBuffer()));
      rendered.push(relative);
    };
    // The first page alone: it loads what the route's pages share (Astro caches its static paths).
    if (paths.length > 0) await renderOne(paths[0]!);
    await inParallel(paths.slice(1), job.concurrency, renderOne);
  }
  markTiming('pages-written');
  stopIfOrphaned();
  await recordRendering(plan, rendered, unchanged, go.reuse);
  // The parent goes on now; this process's own teardown is no longer its concern.
  writeSync(job.doneFd, `${RENDERED}\n`);
}

/** The build that started this process. */
const parentPid = process.ppid;

/** A build nobody waits for writes nothing more: once the parent is gone (even killed), this process has another. */
function stopIfOrphaned(): void {
  if (process.ppid !== parentPid) process.exit(1);
}

/** Whether `file` holds exactly `body`. */
function sameAs(file: string, body: Uint8Array): boolean {
  let existing: Buffer;
  try {
    existing = readFileSync(file);
  } catch {
    return false;
  }
  return existing.length === body.length && existing.equals(body);
}

/** An endpoint's response; should it throw, the error is logged as Astro logs a page's, and the file named. */
async function endpoint(pathname: string, handle: () => Response | Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    throw new Error(`${pathname}: rendering failed (the error is above)`);
  }
}

/**
 * Node loads the classes of `fetch` (Request, Response: undici, with http, tls and zlib) the first
 * time they are used, and ICU its locale data: 50 ms that the first page would wait for, loaded
 * instead while the parent is still validating the content.
 */
function loadWhatPagesUseLazily(): void {
  void new Response(new Request('http://localhost/').url).arrayBuffer();
  new Intl.Locale('en').maximize();
  new Intl.DateTimeFormat('en', { timeZone: 'UTC', timeZoneName: 'short' }).format(0);
}

const noPaginate = (): never => {
  throw new Error('Kabar pages paginate by themselves');
};

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
