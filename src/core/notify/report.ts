import type { ChannelType } from '../config/normalize-notifications.ts';
import type { RecordReason } from './ledger.ts';
import type { ChannelPlan, DeliveryResult } from './plan.ts';

export interface ChannelReport {
  id: string;
  type: ChannelType;
  locale: string;
  /** The environment variables it reads, and whether each is set (never their values). */
  variables: { name: string; set: boolean }[];
  /** Event ids sent this run (with `--dry-run`: that would be sent), oldest first. */
  sent: string[];
  /** Messages those events went out in (an incident's events due at once make one). */
  messages: number;
  recorded: Partial<Record<RecordReason, number>>;
  /** Claimed by another run that is sending them. */
  inFlight: number;
  /** Why the channel stopped: an unset variable, or a send that kept failing. */
  failure?: { event?: string; error: string };
  /** Events left for the next run because of that failure. */
  pending: number;
}

export interface NotifyReport {
  dryRun: boolean;
  ledger: { remote: string; branch: string; existed: boolean };
  channels: ChannelReport[];
  warnings: string[];
}

/** What a channel's plan and its results come to, for the log, the summary and `--format json`. */
export function channelReport(p: ChannelPlan, variables: { name: string; set: boolean }[], results: DeliveryResult[] | undefined, dryRun: boolean): ChannelReport {
  const recorded: ChannelReport['recorded'] = {};
  for (const { reason } of p.record) recorded[reason] = (recorded[reason] ?? 0) + 1;
  const unset = variables.filter((v) => !v.set).map((v) => v.name);
  const failed = results?.find((r) => r.outcome === 'failed');
  const sent = new Set((results ?? []).filter((r) => r.outcome === 'sent').map((r) => r.event.id));
  const failure =
    unset.length > 0 && p.send.length > 0 ? { error: `${unset.join(' and ')} ${unset.length === 1 ? 'is' : 'are'} not set` }
    : failed && failed.outcome === 'failed' ? { event: failed.event.id, error: failed.error }
    : undefined;
  return {
    id: p.channel.id,
    type: p.channel.type,
    locale: p.channel.locale,
    variables,
    sent: dryRun ? p.send.map((e) => e.id) : [...sent],
    messages: dryRun ? p.messages.length : p.messages.filter((m) => sent.has(m.event.id)).length,
    recorded,
    inFlight: p.inFlight.length,
    ...(failure && { failure }),
    pending: failure ? (results ? results.filter((r) => r.outcome !== 'sent').length : p.send.length) : 0,
  };
}

const REASONS: Record<RecordReason, string> = {
  'first-run': 'first run',
  'new-channel': 'new channel',
  imported: 'imported history',
  'too-old': 'too old',
  superseded: 'superseded',
};

function recordedText(recorded: ChannelReport['recorded']): string {
  const parts = Object.entries(recorded).map(([reason, n]) => `${n} ${REASONS[reason as RecordReason]}`);
  const total = Object.values(recorded).reduce((a, b) => a + b, 0);
  return total === 0 ? '' : `recorded ${total} without sending (${parts.join(', ')})`;
}

function channelLine(c: ChannelReport, dryRun: boolean): string {
  const parts = [
    c.sent.length > 0 || !c.failure ? `${dryRun ? 'would send' : 'sent'} ${c.sent.length}${c.messages !== c.sent.length ? ` in ${c.messages} message${c.messages === 1 ? '' : 's'}` : ''}` : '',
    recordedText(c.recorded),
    c.inFlight > 0 ? `${c.inFlight} being sent by another run` : '',
    c.failure ? `FAILED${c.failure.event ? ` on ${c.failure.event}` : ''}: ${c.failure.error}${c.pending > 0 ? ` (${c.pending} left for the next run)` : ''}` : '',
  ].filter(Boolean);
  return `${c.id} (${c.type}, ${c.locale}): ${parts.join('; ')}`;
}

/** What the log shows: one line per channel. */
export function renderReportText(report: NotifyReport): string {
  const head = report.dryRun ? 'kabar notify --dry-run: nothing was sent and the ledger is unchanged.' : 'kabar notify:';
  const ledger = `ledger: branch "${report.ledger.branch}" of ${report.ledger.remote}${report.ledger.existed ? '' : ' (none yet: this run records history without sending it)'}`;
  const lines = report.channels.length === 0 ? ['no channels configured (notifications.channels in kabar.config.ts)'] : report.channels.map((c) => channelLine(c, report.dryRun));
  return [head, `  ${ledger}`, ...lines.map((l) => `  ${l}`), ...report.warnings.map((w) => `  warning: ${w}`)].join('\n');
}

/** The workflow run's summary ($GITHUB_STEP_SUMMARY): a table, failed channels first. */
export function renderReportMarkdown(report: NotifyReport): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const failed = report.channels.filter((c) => c.failure);
  const rows = [...failed, ...report.channels.filter((c) => !c.failure)].map(
    (c) => `| ${cell(c.id)} | ${c.type} | ${c.locale} | ${c.failure ? '❌ failed' : '✅ ok'} | ${c.sent.length} | ${cell(recordedText(c.recorded) || '–')} | ${cell(c.failure ? `${c.failure.error}${c.pending > 0 ? ` (${c.pending} left for the next run)` : ''}` : '–')} |`,
  );
  return [
    `### Notifications${report.dryRun ? ' (dry run)' : ''}`,
    '',
    failed.length > 0 ? `Failed channels: ${failed.map((c) => `\`${c.id}\``).join(', ')}. Their events are retried on the next run.` : 'Every channel is up to date.',
    '',
    '| Channel | Type | Locale | Result | Sent | Recorded | Error |',
    '| --- | --- | --- | --- | ---: | --- | --- |',
    ...rows,
    ...(report.warnings.length > 0 ? ['', ...report.warnings.map((w) => `> ${w}`)] : []),
    '',
  ].join('\n');
}
