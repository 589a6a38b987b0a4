/**
 * One locale's Astro build, in a process of its own (see build-site.ts). The job arrives
 * as JSON in the environment with the KABAR_* settings that src/site/context.ts reads.
 */
import { build } from 'astro';
import { astroConfigFor, CHILD_JOB, type AstroJob } from './astro-config.ts';
import { CONTENT_READY, setContentReady } from './content-ready.ts';

const job = process.env[CHILD_JOB];
if (job) {
  // The parent holds our stdin open until we exit: end of input means it died (even by SIGKILL),
  // and a build nobody waits for must not go on writing.
  process.stdin.on('end', () => process.exit(1));
  // Until the parent says the content is ready, the pages wait for it (and stdin keeps this
  // process alive); after that the watch alone keeps nothing alive.
  setContentReady(
    new Promise<void>((resolve) => {
      let input = '';
      const onData = (chunk: Buffer) => {
        input += chunk.toString();
        if (!input.split('\n').includes(CONTENT_READY)) return;
        process.stdin.off('data', onData);
        (process.stdin as unknown as { unref?: () => void }).unref?.();
        resolve();
      };
      process.stdin.on('data', onData);
    }),
  );
  process.stdin.resume();
  // No sync: Kabar has no content collections, and generating their types costs half a second a build.
  // (`sync` is an option of Astro's builder that its public type does not list yet.)
  build(astroConfigFor(JSON.parse(job) as AstroJob), { sync: false } as Parameters<typeof build>[1]).catch((error: unknown) => {
    process.stderr.write(`kabar: astro build failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
