import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseLedger, type Ledger } from '../../src/core/notify/ledger.ts';
import { git, makeRepo, runKabar, type RunResult } from '../cli/cli-harness.ts';
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../helpers/notify-receivers.ts';

/** Placeholder address in the notify fixture's config, replaced by the receiver's. */
const PLACEHOLDER = 'http://127.0.0.1:1';

export interface NotifyRepo {
  dir: string;
  remote: string;
  receiver: HttpReceiver;
  smtp: SmtpReceiver;
  /** Every channel's variables, pointing at the local receivers. */
  env: Record<string, string>;
  /** `kabar notify --format json` at an ISO time; the report parsed. */
  notify(at: string, args?: string[], env?: Record<string, string | undefined>): Promise<RunResult & { report: Report }>;
  /** Writes a file into the status repository and commits it on main (a merged pull request). */
  commit(file: string, text: string): void;
  /** Writes files and commits them together on main (one merged pull request), dated `at` (ISO) if given. */
  commitFiles(files: Record<string, string>, at?: string): void;
  /** The ledger on origin's ledger branch, and its commit. */
  ledger(): { tip?: string; ledger?: Ledger };
  close(): Promise<void>;
}

export interface Report {
  dryRun: boolean;
  ledger: { existed: boolean };
  channels: { id: string; sent: string[]; recorded: Record<string, number>; inFlight: number; failure?: { event?: string; error: string }; pending: number; variables: { name: string; set: boolean }[] }[];
  deliveries?: { channel: string; delivery: { transport: string; body?: string; deliveryId: string } }[];
  warnings: string[];
}

export const epoch = (iso: string): string => String(Date.parse(iso) / 1000);

/** A status repository made from `test/fixtures/notify-basic` (git, with a bare origin), its receivers running. */
export async function notifyRepo(fixture = 'notify-basic'): Promise<NotifyRepo> {
  const { dir, remote } = makeRepo(fixture);
  const receiver = await startHttpReceiver();
  const smtp = await startSmtpReceiver();
  const config = path.join(dir, 'kabar.config.ts');
  writeFileSync(config, readFileSync(config, 'utf8').replaceAll(PLACEHOLDER, receiver.url));
  git(dir, 'commit', '-q', '-am', 'Point the channels at the test receivers');
  git(dir, 'push', '-q', 'origin', 'main');
  const env: Record<string, string> = {
    KABAR_NOTIFY_TEAM_SLACK: `${receiver.url}/slack`,
    KABAR_NOTIFY_KOMUNITAS: `${receiver.url}/discord`,
    KABAR_NOTIFY_OPS_TEAMS: `${receiver.url}/teams`,
    KABAR_NOTIFY_SOCIAL: 'mastodon-token',
    KABAR_NOTIFY_PARTNER_HOOK: `${receiver.url}/hook`,
    KABAR_NOTIFY_PARTNER_HOOK_SECRET: 'partner-shared-secret',
    KABAR_NOTIFY_PELANGGAN: smtp.url,
    KABAR_NOTIFY_NEWSLETTER: 'buttondown-key',
    KABAR_NOTIFY_API_WATCH: `${receiver.url}/api-watch`,
    // Retries wait 20 ms, 40 ms, ... instead of seconds.
    KABAR_NOTIFY_RETRY_DELAY_MS: '20',
    GITHUB_ACTIONS: '',
    GITHUB_STEP_SUMMARY: '',
    GITHUB_RUN_ID: '',
  };
  const commitFiles = (files: Record<string, string>, at?: string) => {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
      git(dir, 'add', '--', file);
    }
    const dated = at ? { GIT_AUTHOR_DATE: at, GIT_COMMITTER_DATE: at } : {};
    execFileSync('git', ['commit', '-q', '-m', `Add ${Object.keys(files).join(', ')}`], { cwd: dir, env: { ...process.env, ...dated } });
  };
  return {
    dir,
    remote: remote!,
    receiver,
    smtp,
    env,
    async notify(at, args = [], extra = {}) {
      const run = await runKabar(dir, ['notify', '--format', 'json', ...args], { ...env, SOURCE_DATE_EPOCH: epoch(at), ...extra });
      let report: Report;
      try {
        report = JSON.parse(run.stdout) as Report;
      } catch {
        throw new Error(`kabar notify printed no report (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
      }
      return { ...run, report };
    },
    commit(file, text) {
      commitFiles({ [file]: text });
    },
    commitFiles,
    ledger() {
      let tip: string;
      try {
        tip = git(remote!, 'rev-parse', '--verify', '--quiet', 'refs/heads/kabar-notifications');
      } catch {
        return {};
      }
      const parsed = parseLedger(git(remote!, 'show', `${tip}:notified.json`));
      if ('error' in parsed) throw new Error(parsed.error);
      return { tip, ledger: parsed.ledger };
    },
    async close() {
      await Promise.all([receiver.close(), smtp.close()]);
    },
  };
}

/** One update file's text. */
export function updateFile(at: string, status: string, body: string, extra = ''): string {
  return `---\nat: ${at}\nstatus: ${status}\n${extra}---\n${body}\n`;
}
