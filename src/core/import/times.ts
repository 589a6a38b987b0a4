import { DateTime } from 'luxon';

/**
 * Times as sources write them. Statuspage and GitHub always give an offset; cState
 * (Hugo front matter and `track` shortcodes) and Upptime's maintenance comments
 * often do not, and then mean the zone their tool runs in — Hugo's `timeZone`
 * setting or UTC, GitHub Actions' UTC. The caller says which zone that is, and
 * learns whether it had to assume it, so the report can say so.
 */
export interface SourceTime {
  ms: number;
  /** False when the text had no offset and `zone` was assumed. */
  hadZone: boolean;
}

const OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

export function parseSourceTime(value: unknown, zone: string): SourceTime | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { ms: value.getTime(), hadZone: true };
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!text) return undefined;
  const hadZone = OFFSET.test(text);
  const candidates = [
    DateTime.fromISO(text.replace(/^(\d{4}-\d{2}-\d{2}) +/, '$1T'), { zone, setZone: true }),
    DateTime.fromSQL(text, { zone }),
    DateTime.fromRFC2822(text, { zone }),
  ];
  const parsed = candidates.find((t) => t.isValid);
  return parsed ? { ms: parsed.toMillis(), hadZone: hadZone || /^\w{3}, /.test(text) } : undefined;
}

/** Whole seconds: updates are written to the second, as people write them. */
export const toSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
