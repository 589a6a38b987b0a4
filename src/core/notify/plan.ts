import type { NotificationChannel } from '../config/normalize-notifications.ts';
import { toIso } from '../time.ts';
import type { NotifyEvent } from './events.ts';
import { isImported, type ImportRecord } from './imports.ts';
import { isLiveClaim, type Ledger, type LedgerChange, type LedgerEntry, type RecordReason } from './ledger.ts';

/** One message: the newest of an incident's events due to a channel, standing for all of them. */
export interface PlannedMessage {
  event: NotifyEvent;
  /** Every event it stands for, oldest first, `event` last: each is recorded as the message's outcome. */
  events: NotifyEvent[];
}

export interface ChannelPlan {
  channel: NotificationChannel;
  /** Whether the ledger has never seen this channel (its events are recorded, not sent). */
  isNew: boolean;
  /** Oldest first, in the order they happened: all claimed, and sent as `messages`. */
  send: NotifyEvent[];
  /** What goes out: at most one message per incident (and its postmortem, and each component it changed). */
  messages: PlannedMessage[];
  record: { event: NotifyEvent; reason: RecordReason }[];
  /** Claimed by another run that is sending them now. */
  inFlight: NotifyEvent[];
  /** Failed sends so far, by event id, for the ones in `send`. */
  attempts: Record<string, number>;
}

export interface PlanInput {
  events: readonly NotifyEvent[];
  channels: readonly NotificationChannel[];
  /** Undefined before the first run. */
  ledger: Ledger | undefined;
  imports: readonly ImportRecord[];
  now: number;
  maxAgeMs: number;
}

/** Whether a channel follows an event: its groups, and (if it names components) one of its components. */
export function channelFollows(channel: NotificationChannel, event: NotifyEvent): boolean {
  if (!channel.events.includes(event.group)) return false;
  return channel.components === undefined || event.componentIds.some((c) => channel.components!.includes(c));
}

/**
 * What each channel gets now: every event it follows, minus what the ledger says it was sent,
 * recorded, or another run is sending. Nothing old floods a channel: the first run (and a
 * channel's first), the history an import brought, events older than `maxAge` and events made
 * moot by what happened since are recorded without being sent.
 */
export function planNotifications(input: PlanInput): ChannelPlan[] {
  const settled = input.ledger?.settledBefore ? Date.parse(input.ledger.settledBefore) : -Infinity;
  return input.channels.map((channel) => {
    const known = input.ledger?.channels[channel.id];
    const plan: ChannelPlan = { channel, isNew: !known, send: [], messages: [], record: [], inFlight: [], attempts: {} };
    for (const event of input.events) {
      if (!channelFollows(channel, event) || event.ageFrom < settled) continue;
      const entry = known?.events[event.id];
      if (entry && (entry.state === 'sent' || entry.state === 'recorded')) continue;
      if (entry && isLiveClaim(entry, input.now)) {
        plan.inFlight.push(event);
        continue;
      }
      const reason: RecordReason | undefined =
        !input.ledger ? 'first-run'
        : !known ? 'new-channel'
        : isImported(event, input.imports) ? 'imported'
        : input.now - event.ageFrom > input.maxAgeMs ? 'too-old'
        : event.superseded ? 'superseded'
        : undefined;
      if (reason) plan.record.push({ event, reason });
      else {
        plan.send.push(event);
        if (entry?.attempts) plan.attempts[event.id] = entry.attempts;
      }
    }
    plan.messages = coalesce(plan.send);
    return plan;
  });
}

/**
 * A catch-up (a skipped run, a merge of many backdated updates) sends each incident's latest
 * state once, not every update in turn: its events due now become one message, the newest,
 * which says how many it stands for. A postmortem stays a message of its own, and so does
 * each component's change (for channels following components). Oldest message first.
 */
export function coalesce(events: readonly NotifyEvent[]): PlannedMessage[] {
  const groups = new Map<string, NotifyEvent[]>();
  for (const event of events) {
    const key = event.kind === 'component.updated' ? `${event.incidentId}\n${event.group}\n${event.componentIds[0]}` : `${event.incidentId}\n${event.group}`;
    groups.set(key, [...(groups.get(key) ?? []), event]);
  }
  const position = new Map(events.map((e, i) => [e.id, i]));
  return [...groups.values()].map((list) => ({ event: list.at(-1)!, events: list })).sort((a, b) => position.get(a.event.id)! - position.get(b.event.id)!);
}

/** The ledger entries that claim a plan: records for good, and this run's claim on what it sends. */
export function claimChanges(plans: readonly ChannelPlan[], run: string, now: number): LedgerChange[] {
  const at = toIso(now);
  return plans.flatMap((plan) => [
    ...plan.record.map(({ event, reason }) => ({ channel: plan.channel.id, event: event.id, entry: { state: 'recorded', ageFrom: toIso(event.ageFrom), at, reason } satisfies LedgerEntry })),
    ...plan.send.map((event) => ({
      channel: plan.channel.id,
      event: event.id,
      entry: { state: 'claimed', ageFrom: toIso(event.ageFrom), at, run, ...(plan.attempts[event.id] && { attempts: plan.attempts[event.id] }) } satisfies LedgerEntry,
    })),
  ]);
}

export type DeliveryResult = { event: NotifyEvent; outcome: 'sent' } | { event: NotifyEvent; outcome: 'failed'; error: string } | { event: NotifyEvent; outcome: 'not-attempted' };

/**
 * How this run's claims end: sent, failed (retried by the next run, with the error kept),
 * or, when an earlier failure stopped the channel, released as they were (never tried: no entry).
 */
export function outcomeChanges(ledger: Ledger, channel: string, results: readonly DeliveryResult[], run: string, now: number): LedgerChange[] {
  const changes: LedgerChange[] = [];
  for (const result of results) {
    const current = ledger.channels[channel]?.events[result.event.id];
    // Only this run's own claims: anything else was decided by someone else meanwhile.
    if (!current || current.state !== 'claimed' || current.run !== run) continue;
    const ageFrom = toIso(result.event.ageFrom);
    const attempts = current.attempts ?? 0;
    if (result.outcome === 'sent') changes.push({ channel, event: result.event.id, entry: { state: 'sent', ageFrom, at: toIso(now) } });
    else if (result.outcome === 'failed') changes.push({ channel, event: result.event.id, entry: { state: 'failed', ageFrom, at: toIso(now), attempts: attempts + 1, error: result.error.slice(0, 300) } });
    else if (attempts > 0) changes.push({ channel, event: result.event.id, entry: { state: 'failed', ageFrom, at: current.at, attempts, ...(current.error && { error: current.error }) } });
    else changes.push({ channel, event: result.event.id, entry: null });
  }
  return changes;
}
