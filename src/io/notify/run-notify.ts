import type { NotificationChannel } from '../../core/config/normalize-notifications.ts';
import { buildDelivery, channelVariables, type Delivery } from '../../core/notify/deliveries.ts';
import { deriveEvents } from '../../core/notify/events.ts';
import { IMPORTED_FILE } from '../../core/notify/imports.ts';
import { applyChanges, emptyLedger, type Ledger } from '../../core/notify/ledger.ts';
import { claimChanges, outcomeChanges, planNotifications, type ChannelPlan, type DeliveryResult, type PlannedMessage } from '../../core/notify/plan.ts';
import { channelReport, type NotifyReport } from '../../core/notify/report.ts';
import type { Problem } from '../../core/problems.ts';
import { createSiteUrls } from '../../core/site-urls.ts';
import { loadRepo } from '../load-repo.ts';
import { readImports } from './imported.ts';
import { postmortemPublishTimes } from './postmortem-times.ts';
import { readLedger, writeLedger, type LedgerLocation, type LedgerSnapshot } from './ledger-store.ts';
import type { RetryPolicy } from './retry.ts';
import { createSender, type SecretLookup } from './send.ts';

export interface NotifyOptions {
  root: string;
  now: number;
  dryRun: boolean;
  siteUrl?: string;
  /** The address the deploy published to (`KABAR_SITE_URL`), used when neither the flag nor the config gives one. */
  deployedUrl?: string;
  base?: string;
  remote: string;
  secrets: SecretLookup;
  retry: RetryPolicy;
  /** Names this run's claims in the ledger. */
  runId: string;
  userAgent: string;
}

/** Content or config that cannot be notified from: nothing is sent, nothing recorded. */
export class NotifyRefused extends Error {
  readonly problems: Problem[];
  constructor(message: string, problems: Problem[] = []) {
    super(message);
    this.problems = problems;
  }
}

const RACE_RETRIES = 5;

/**
 * One notify run: read the ledger, claim what is due by pushing the ledger first (a race lost
 * to another run means reading again), send each channel's events in order (channels side by
 * side, a failing one stopping only itself), then record how each went.
 */
export async function runNotify(options: NotifyOptions): Promise<{ report: NotifyReport; deliveries: { channel: string; delivery: Delivery }[] }> {
  const repo = await loadRepo(options.root, options.now);
  if (!repo.model) throw new NotifyRefused('the content has errors; nothing was sent', repo.problems.filter((p) => p.severity === 'error'));
  const model = repo.model;
  const settings = model.config.notifications;
  // The flag, then the config, then what the deploy workflow found out (the GitHub Pages address).
  const siteUrl = options.siteUrl ?? settings.siteUrl ?? options.deployedUrl;
  const urls = createSiteUrls(model.config, { ...(siteUrl && { siteUrl }), ...(options.base && { base: options.base }) });
  const warnings: string[] = [];
  if (settings.channels.length === 0) return { report: { dryRun: options.dryRun, ledger: { remote: options.remote, branch: settings.ledgerBranch, existed: false }, channels: [], warnings }, deliveries: [] };
  if (!urls.perDomain && !siteUrl) {
    const message = 'links would point at http://localhost:4321 (expected a domain for every locale in kabar.config.ts, notifications.siteUrl, or --site-url)';
    if (!options.dryRun) throw new NotifyRefused(message);
    warnings.push(message);
  }
  const { imports, problems } = await readImports(options.root);
  if (problems.length > 0) throw new NotifyRefused(`${IMPORTED_FILE} cannot be read; nothing was sent (imported history could be announced)`, problems);
  const events = deriveEvents(model, await postmortemPublishTimes(options.root, model, options.now - settings.maxAgeMs));
  const location: LedgerLocation = { root: options.root, remote: options.remote, branch: settings.ledgerBranch };
  const channels = settings.channels;
  const variables = (c: NotificationChannel) => channelVariables(c).map((name) => ({ name, set: options.secrets(name) !== undefined }));
  const plan = (snapshot: LedgerSnapshot) => planNotifications({ events, channels, ledger: snapshot.ledger, imports, now: options.now, maxAgeMs: settings.maxAgeMs });
  const ready = (p: ChannelPlan) => variables(p.channel).every((v) => v.set);

  let snapshot: LedgerSnapshot = {};
  let plans: ChannelPlan[] = [];
  let ledger: Ledger | undefined;
  for (let attempt = 0; ; attempt++) {
    if (attempt === RACE_RETRIES) throw new NotifyRefused(`other runs kept changing the ledger on branch "${location.branch}"; nothing was sent (run kabar notify again)`);
    if (options.dryRun) {
      // A dry run from a clone without the remote still shows what a first run would do.
      snapshot = await readLedger(location, options.now).catch((error: unknown) => {
        warnings.push(`${error instanceof Error ? error.message : String(error)}; showing what a first run would do`);
        return {};
      });
      plans = plan(snapshot);
      break;
    }
    snapshot = await readLedger(location, options.now);
    plans = plan(snapshot);
    // A channel without its variables claims nothing: its events wait for a run that can send them.
    const claimed = plans.map((p) => (ready(p) ? p : { ...p, send: [] }));
    const changes = claimChanges(claimed, options.runId, options.now);
    if (changes.length === 0 && snapshot.ledger && !plans.some((p) => p.isNew)) break;
    const next = applyChanges(snapshot.ledger ?? emptyLedger(), changes, channels.map((c) => c.id), options.now, settings.maxAgeMs);
    const written = await writeLedger(location, next, snapshot.tip, commitMessage(claimed));
    if (written === 'race') continue;
    ledger = next;
    break;
  }

  const deliveries = plans.flatMap((p) => p.messages.map((message) => ({ channel: p.channel.id, message, delivery: buildDelivery(p.channel, model, message.event, urls, message.events.length) })));
  const results = new Map<string, DeliveryResult[]>();
  if (!options.dryRun && ledger) {
    const sender = createSender(options.secrets, options.retry, options.userAgent);
    try {
      await Promise.all(plans.filter(ready).map(async (p) => results.set(p.channel.id, await sendInOrder(deliveries.filter((d) => d.channel === p.channel.id), sender.send))));
    } finally {
      sender.close();
    }
    await recordOutcomes(location, results, options, channels, settings.maxAgeMs);
  }
  const report: NotifyReport = {
    dryRun: options.dryRun,
    ledger: { remote: options.remote, branch: settings.ledgerBranch, existed: snapshot.ledger !== undefined },
    channels: plans.map((p) => channelReport(p, variables(p.channel), results.get(p.channel.id), options.dryRun)),
    warnings,
  };
  return { report, deliveries: deliveries.map(({ channel, delivery }) => ({ channel, delivery })) };
}

/**
 * Oldest first; the first failure stops the channel, so nobody reads "resolved" before the update
 * that failed. Every event a message stands for gets the message's outcome.
 */
async function sendInOrder(deliveries: { message: PlannedMessage; delivery: Delivery }[], send: (d: Delivery) => Promise<{ ok: boolean; error?: string }>): Promise<DeliveryResult[]> {
  const results: DeliveryResult[] = [];
  let stopped = false;
  for (const { message, delivery } of deliveries) {
    if (stopped) {
      results.push(...message.events.map((event) => ({ event, outcome: 'not-attempted' as const })));
      continue;
    }
    const outcome = await send(delivery);
    if (outcome.ok) results.push(...message.events.map((event) => ({ event, outcome: 'sent' as const })));
    else {
      results.push(...message.events.map((event) => ({ event, outcome: 'failed' as const, error: outcome.error ?? 'failed' })));
      stopped = true;
    }
  }
  return results;
}

async function recordOutcomes(location: LedgerLocation, results: Map<string, DeliveryResult[]>, options: NotifyOptions, channels: readonly NotificationChannel[], maxAgeMs: number): Promise<void> {
  if ([...results.values()].every((r) => r.length === 0)) return;
  for (let attempt = 0; attempt < RACE_RETRIES; attempt++) {
    const snapshot = await readLedger(location, options.now);
    const ledger = snapshot.ledger ?? emptyLedger();
    const changes = [...results].flatMap(([channel, r]) => outcomeChanges(ledger, channel, r, options.runId, options.now));
    const next = applyChanges(ledger, changes, channels.map((c) => c.id), options.now, maxAgeMs);
    const sent = [...results.values()].flat().filter((r) => r.outcome === 'sent').length;
    if ((await writeLedger(location, next, snapshot.tip, `Notifications: sent ${sent}`)) !== 'race') return;
  }
  throw new NotifyRefused(`the events were sent, but other runs kept changing the ledger on branch "${location.branch}"; their claims expire and they may be sent again`);
}

function commitMessage(plans: readonly ChannelPlan[]): string {
  const send = plans.reduce((n, p) => n + p.send.length, 0);
  const record = plans.reduce((n, p) => n + p.record.length, 0);
  return `Notifications: claim ${send} to send, record ${record}`;
}
