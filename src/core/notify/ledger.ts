import { z } from 'zod';
import { parseTimestamp, toIso } from '../time.ts';

/** The ledger's file at the root of its branch. */
export const LEDGER_FILE = 'notified.json';

/**
 * A run that claimed an event and never said how it went (killed, timed out) loses its claim
 * after this long, so the event is sent again: at least once. The deploy workflow's notify job
 * times out well before, so a live run never loses its claims.
 */
export const CLAIM_TTL_MS = 30 * 60_000;

export type RecordReason = 'first-run' | 'new-channel' | 'imported' | 'too-old' | 'superseded';

/**
 * How far ahead of this run's clock a time the ledger wrote may be (clocks of two runners
 * differ a little). Beyond that the ledger was not written by kabar notify: a `settledBefore`
 * in the future would silently settle, and never send, everything before it.
 */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** A time kabar notify wrote: ISO 8601 with its offset. */
const instant = z.string().refine((value) => parseTimestamp(value).ok, { message: 'expected an ISO 8601 time such as 2026-11-20T03:05:00.000Z' });

const entrySchema = z.object({
  /** `sent`; `recorded` (never to be sent); `claimed` by a run now sending it; `failed` (to retry). */
  state: z.enum(['sent', 'recorded', 'claimed', 'failed']),
  /** When the event happened (its age counts from here), ISO 8601. */
  ageFrom: instant,
  /** When this entry was written. */
  at: instant,
  reason: z.enum(['first-run', 'new-channel', 'imported', 'too-old', 'superseded']).optional(),
  /** The claiming run. */
  run: z.string().optional(),
  /** Failed sends so far. */
  attempts: z.number().int().optional(),
  /** The last failure. */
  error: z.string().optional(),
});

const ledgerSchema = z.object({
  version: z.literal(1),
  /** Every event whose age counts from before this is settled: never sent, whatever `maxAge` becomes later. */
  settledBefore: instant.optional(),
  channels: z.record(z.string(), z.object({ since: instant, events: z.record(z.string(), entrySchema) })),
});

export type LedgerEntry = z.infer<typeof entrySchema>;
export type Ledger = z.infer<typeof ledgerSchema>;

/** Parses the ledger and, given the run's clock, refuses one that claims to be written later than now. */
export function parseLedger(text: string, now?: number): { ledger: Ledger } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = ledgerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'file'}: ${issue.message} (expected the ledger kabar notify writes)` };
  }
  const future = now === undefined ? undefined : futureTime(parsed.data, now);
  if (future) return { error: `${future.path}: is ${describeAhead(future.ms - now!)} in the future (a ledger kabar notify writes never is; was it edited by hand?)` };
  return { ledger: parsed.data };
}

/** The first time the ledger holds that lies beyond `now` and the clock skew. */
function futureTime(ledger: Ledger, now: number): { path: string; ms: number } | undefined {
  const times: [string, string | undefined][] = [['settledBefore', ledger.settledBefore]];
  for (const [id, channel] of Object.entries(ledger.channels)) {
    times.push([`channels.${id}.since`, channel.since]);
    for (const [event, entry] of Object.entries(channel.events)) times.push([`channels.${id}.events.${event}.at`, entry.at]);
  }
  for (const [path, value] of times) {
    const ms = value === undefined ? NaN : Date.parse(value);
    if (ms > now + CLOCK_SKEW_MS) return { path, ms };
  }
  return undefined;
}

const describeAhead = (ms: number): string => (ms >= 2 * 86_400_000 ? `${Math.floor(ms / 86_400_000)} days` : ms >= 2 * 3_600_000 ? `${Math.floor(ms / 3_600_000)} hours` : `${Math.ceil(ms / 60_000)} minutes`);

/** Keys sorted and one entry a line-ish, so the branch's history diffs readably. */
export function serializeLedger(ledger: Ledger): string {
  const sortKeys = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sortKeys)
    : value && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]))
    : value;
  return `${JSON.stringify(sortKeys(ledger), null, 2)}\n`;
}

export const emptyLedger = (): Ledger => ({ version: 1, channels: {} });

/** A claim still held by a live run (its own or another's). */
export function isLiveClaim(entry: LedgerEntry, now: number): boolean {
  return entry.state === 'claimed' && now - Date.parse(entry.at) < CLAIM_TTL_MS;
}

export interface LedgerChange {
  channel: string;
  event: string;
  /** `null` removes the entry: the event is pending again, as if never claimed. */
  entry: LedgerEntry | null;
}

/**
 * The ledger with changes applied, channels seen for the first time added, and entries that
 * can never matter again dropped: once an event is older than `maxAge` it is recorded, never
 * sent, so the ledger keeps only the last `maxAge` of events (plus live claims), whatever the
 * length of the history. `settledBefore` remembers where that line was.
 */
export function applyChanges(ledger: Ledger, changes: readonly LedgerChange[], channels: readonly string[], now: number, maxAgeMs: number): Ledger {
  const next: Ledger = { version: 1, channels: {} };
  const previous = ledger.settledBefore ? Date.parse(ledger.settledBefore) : -Infinity;
  const settled = Math.max(previous, now - maxAgeMs);
  next.settledBefore = toIso(settled);
  for (const id of new Set([...Object.keys(ledger.channels), ...channels])) {
    const old = ledger.channels[id];
    const events: Record<string, LedgerEntry> = {};
    for (const [event, entry] of Object.entries(old?.events ?? {})) events[event] = entry;
    for (const change of changes) {
      if (change.channel !== id) continue;
      if (change.entry) events[change.event] = change.entry;
      else delete events[change.event];
    }
    for (const [event, entry] of Object.entries(events)) {
      if (Date.parse(entry.ageFrom) < settled && !isLiveClaim(entry, now)) delete events[event];
    }
    next.channels[id] = { since: old?.since ?? toIso(now), events };
  }
  return next;
}
