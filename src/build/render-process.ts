/**
 * The render child (src/build/render-child.ts), seen from the build: started first thing, so it
 * loads the compiled pages while this process loads its own modules, reads the config and
 * validates the content; told where to render (and from what) once that is done. Deliberately
 * light: `kabar build` imports it before anything else.
 */
import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import path from 'node:path';
import { moduleFile } from '../io/package-info.ts';
import { countIncidentDirs } from '../io/incident-dirs.ts';
import { locateRenderer } from '../io/renderer.ts';
import { TIMINGS_ENV } from '../io/timings.ts';
import { resolveNow } from '../core/now.ts';
import { CHILD_JOB, onLines, PLANNED, RENDERED, WHOLE_SNAPSHOT_WANTED, WHOLE_SNAPSHOT_WRITTEN, type RenderGo, type RenderJob, type ReuseSummary } from './render-job.ts';

/** Pages rendered at once: one at a time, a build of 10 000 incidents spent a fifth of its time waiting on file writes. */
const RENDER_CONCURRENCY = 8;

export interface RenderChild {
  /** The build's "now", in whole seconds: the child derives the cached history with it before the build says go. */
  now: number;
  /**
   * Renders `go`'s build; resolves when every page is written. `planned` hears what the child
   * reuses as soon as it knows; `wholeSnapshot` writes the whole content snapshot, should the
   * child ask for it.
   */
  render(go: RenderGo, planned: (summary: ReuseSummary) => void, wholeSnapshot: () => Promise<void>): Promise<void>;
  /** Stops it (nothing to render: the content had errors, or the build failed). */
  cancel(): Promise<void>;
}

/**
 * Starts the render child of a build of `root`. The pages are rendered in a process of their
 * own: the compiled pages keep modules (and so the once-per-build status model) cached within a
 * process, `kabar dev` builds again and again, and a failed render must not take the CLI down.
 * With `reuseFrom` (not for `--full`), the child reads and derives the content cache, and looks
 * for the previous build's pages, while the build validates the content.
 */
export async function startRenderChild(root: string, log: (line: string) => void, reuseFrom?: { cacheDir: string; out: string }): Promise<RenderChild> {
  const { entry } = await locateRenderer(log);
  // Whole seconds: the pages read it from SOURCE_DATE_EPOCH, and the child's derivation ahead must agree.
  const now = Math.floor(resolveNow(process.env) / 1000) * 1000;
  const job: RenderJob = { entry, concurrency: RENDER_CONCURRENCY, root, ...reuseFrom, now, doneFd: DONE_FD };
  const heap = heapFlags(countIncidentDirs(root));
  // The child speaks only after the go, which comes with these.
  const listeners: Listeners = { planned: () => undefined, wholeSnapshot: () => Promise.resolve() };
  let child = spawnChild(job, heap, listeners);
  let finished = false;
  return {
    now,
    async render(go, planned, wholeSnapshot) {
      Object.assign(listeners, { planned, wholeSnapshot });
      try {
        child.go(go);
        if ((await child.outcome) === 'out-of-memory') {
          log("kabar: the build needed more memory than its limit; building again with Node's default limits");
          child = spawnChild(job, [], listeners);
          child.go(go);
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

/** From this many incident directories, `kabar build` itself runs under heapFlags too (see runUnderHeapLimit). */
export const OWN_HEAP_LIMIT_FROM = 2000;

/**
 * The heap flags for `kabar build`'s own process, when the history is long enough for its
 * reading and validating to grow the heap far beyond what it keeps (10 000 incidents: 520 MiB
 * at Node's defaults, 270 MiB under the limit, at the same speed); none for a short history,
 * whose start-up a second process would only slow, or when the process has its limits already.
 */
export function ownHeapFlags(root: string, execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  if (execArgv.some((arg) => arg.startsWith('--max-old-space-size')) || env[OWN_HEAP_ENV] === '1') return [];
  const incidents = countIncidentDirs(root);
  return incidents < OWN_HEAP_LIMIT_FROM ? [] : heapFlags(incidents, env);
}

/** Set in a `kabar build` that runs under its own heap limit, or that ran out of it: not to be run again. */
export const OWN_HEAP_ENV = 'KABAR_OWN_HEAP';

/**
 * Runs this very command again in a process under `heap`, waits for it, and returns its exit
 * status; 'out-of-memory' when it outgrew the limit (the caller then builds with Node's defaults).
 */
export function runUnderHeapLimit(heap: readonly string[]): Promise<number | 'out-of-memory'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...heap, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, [OWN_HEAP_ENV]: '1' } });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(outOfMemory(code, signal) ? 'out-of-memory' : (code ?? 1)));
  });
}

/** V8 aborts on an exhausted heap: SIGABRT, or exit status 134 through a shell. */
const outOfMemory = (code: number | null, signal: NodeJS.Signals | null): boolean => signal === 'SIGABRT' || code === 134;

interface ChildProcessHandle {
  /** Tells it what to render: the content is ready. */
  go(go: RenderGo): void;
  stop(): void;
  outcome: Promise<'ok' | 'out-of-memory'>;
}

/** The child's side of the pipe on which it says that every page is written (RenderJob.doneFd). */
const DONE_FD = 3;

/** What the build does with what the child says on its doneFd. */
interface Listeners {
  planned: (summary: ReuseSummary) => void;
  wholeSnapshot: () => Promise<void>;
}

function spawnChild(job: RenderJob, heap: string[], listeners: Listeners): ChildProcessHandle {
  const child = spawn(process.execPath, [...process.execArgv, ...heap, moduleFile(new URL('./render-child.ts', import.meta.url))], {
    env: { ...withoutKabarEnv(process.env), [CHILD_JOB]: JSON.stringify(job) },
    // The child's stdin is a pipe it watches: a line tells it what to render, and when this
    // process dies, even by SIGKILL, the pipe closes and the child exits instead of building on, orphaned.
    stdio: ['pipe', 'inherit', 'inherit', 'pipe'],
  });
  const stdin = child.stdio[0] as Writable;
  const outcome = new Promise<'ok' | 'out-of-memory'>((resolve, reject) => {
    child.on('error', reject);
    onLines(child.stdio[DONE_FD] as NodeJS.ReadableStream, (line) => {
      // The pages are written: what is left of the child is its exit, which nothing waits for.
      if (line === RENDERED) resolve('ok');
      else if (line.startsWith(PLANNED)) listeners.planned(JSON.parse(line.slice(PLANNED.length)) as ReuseSummary);
      else if (line === WHOLE_SNAPSHOT_WANTED) listeners.wholeSnapshot().then(() => stdin.write(`${JSON.stringify(WHOLE_SNAPSHOT_WRITTEN)}\n`), reject);
    });
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve('ok');
      if (heap.length > 0 && outOfMemory(code, signal)) return resolve('out-of-memory');
      reject(new Error(`rendering the site failed (exit code ${code ?? signal})`));
    });
  });
  // It may fail while this process is still validating: the failure is reported when awaited.
  outcome.catch(() => undefined);
  // A child gone early closes the pipe: writing to it must not raise an unhandled error.
  stdin.on('error', () => undefined);
  return {
    go: (go) => stdin.write(`${JSON.stringify(go)}\n`),
    stop: () => child.kill(),
    outcome,
  };
}

/** The build's settings reach the child in its go message, never through this process's own KABAR_* environment (but the timing marks', for the bench). */
function withoutKabarEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('KABAR_') || key === TIMINGS_ENV));
}
