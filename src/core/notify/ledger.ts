import { z } from 'astro/zod';
import { toIso } from '../time.ts';

/** The ledger's file at the root of its branch. */
export const LEDGER_FILE = 'notified.json';

/**
 * A run that claimed an event and never said how it went (killed, timed out) loses its claim
 * after this long, so the event is sent again: at least once. The deploy workflow's notify job
 * times out well before, so a live run never loses its claims.
 */
export const CLAIM_TTL_MS = 30 * 60_000;

export type RecordReason = 'first-run' | 'new-channel' | 'imported' | 'too-old' | 'superseded';

const entrySchema = z.object({
  /** `sent`; `recorded` (never to be sent); `claimed` by a run now sending it; `failed` (to retry). */
  state: z.enum(['sent', 'recorded', 'claimed', 'failed']),
  /** When the event happened (its age counts from here), ISO 8601. */
  ageFrom: z.string(),
  /** When this entry was written. */
  at: z.string(),
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
  settledBefore: z.string().optional(),
  channels: z.record(z.string(), z.object({ since: z.string(), events: z.record(z.string(), entrySchema) })),
});

export type LedgerEntry = z.infer<typeof entrySchema>;
export type Ledger = z.infer<typeof ledgerSchema>;

export function parseLedger(text: string): { ledger: Ledger } | { error: string } {
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
  return { ledger: parsed.data };
}

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
