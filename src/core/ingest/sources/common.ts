import type { z } from 'zod';
import { describeIssue, fieldPath } from '../../zod-problems.ts';
import { PayloadError, SOURCE_NAMES, type AlertSource } from '../notification.ts';

/** Parses a payload with a source's schema, or throws a PayloadError listing every field that is wrong. */
export function parseWith<T>(source: AlertSource, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new PayloadError(
    `this is not a payload from ${SOURCE_NAMES[source]}`,
    parsed.error.issues.map((issue) => `${fieldPath(issue.path).replace(/^frontmatter$/, 'payload')}: ${describeIssue(issue)}`),
  );
}

/**
 * An RFC 3339 time as Alertmanager and Grafana send them (`2026-11-20T02:58:12.345Z`, with or
 * without fractions); Go's zero time (`0001-01-01T00:00:00Z`) means "not set".
 */
export function rfc3339(text: string | undefined): number | undefined {
  if (!text || text.startsWith('0001-01-01')) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The earliest of some times, if any. */
export function earliest(times: readonly (number | undefined)[]): number | undefined {
  const known = times.filter((t): t is number => t !== undefined);
  return known.length > 0 ? Math.min(...known) : undefined;
}
