/**
 * Where a build's time goes, for `npm run bench`: with KABAR_TIMINGS=1, each phase's end is
 * written to stderr as `kabar: timing: <phase> <epoch ms>` (epoch, so that the build's processes
 * and the bench share one clock).
 */
export const TIMINGS_ENV = 'KABAR_TIMINGS';

export function markTiming(phase: string): void {
  if (process.env[TIMINGS_ENV] !== '1') return;
  process.stderr.write(`kabar: timing: ${phase} ${(performance.timeOrigin + performance.now()).toFixed(0)}\n`);
}
