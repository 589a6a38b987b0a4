// Apart from time.ts (which loads luxon): the build decides its "now" before anything else loads.

/**
 * The build's notion of "now": `SOURCE_DATE_EPOCH` (seconds, as in the
 * reproducible-builds convention) when set, else the clock.
 */
export function resolveNow(env: Record<string, string | undefined>, clock: () => number = Date.now): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch.trim() !== '') {
    if (!/^\d+$/.test(epoch.trim())) {
      throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (found "${epoch}")`);
    }
    return Number(epoch.trim()) * 1000;
  }
  return clock();
}
