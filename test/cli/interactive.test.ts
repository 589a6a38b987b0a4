import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentFiles, KABAR, makeRepo, NODE, NOW, readDoc, runKabar } from './cli-harness.ts';

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]|\r/g;
const DOWN = '\x1b[B';
const ENTER = '\r';
const SPACE = ' ';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Drives the CLI through a real pseudo-terminal: util-linux `script` allocates
 * the pty and runs the command in it, so stdin and stdout are TTYs for kabar,
 * while this test types keys into `script`'s stdin and reads the screen output.
 */
function startInPty(cwd: string, args: readonly string[]) {
  const command = `stty cols 120 rows 50; exec ${[NODE, KABAR, ...args].map(shellQuote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd, env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW), TERM: 'xterm-256color' }, stdio: ['pipe', 'pipe', 'pipe'] });
  let screen = '';
  let consumed = 0;
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  /** Waits until `text` appears in output not yet matched, then types `keys`. */
  const expectThenType = async (text: string, keys: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const plain = screen.replace(ANSI, '');
      const at = plain.indexOf(text, consumed);
      if (at >= 0) {
        consumed = at + text.length;
        break;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for "${text}"; screen so far:\n${plain}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    // Let the prompt finish switching the terminal to raw mode before typing.
    await new Promise((r) => setTimeout(r, 80));
    child.stdin.write(keys);
  };
  return { expectThenType, exited, screen: () => screen.replace(ANSI, ''), close: () => child.stdin.end() };
}

describe('kabar new in a terminal', () => {
  it('asks for every field through a pseudo-terminal and writes the same files as the flags would', async () => {
    const { dir } = makeRepo('cli-basic', false);
    const session = startInPty(dir, ['new']);
    await session.expectThenType('Title (what customers see)', `Card payments failing${ENTER}`);
    await session.expectThenType('Severity', `${DOWN}${ENTER}`);
    await session.expectThenType('Affected components', `${SPACE}${DOWN}${DOWN}${SPACE}${ENTER}`);
    await session.expectThenType('Status of Card payments', `${DOWN}${ENTER}`);
    await session.expectThenType('Status of API', ENTER);
    await session.expectThenType('Affected regions', `${DOWN}${SPACE}${ENTER}`);
    await session.expectThenType('Impact: who is affected', `Card payments fail in Singapore.${ENTER}`);
    await session.expectThenType('Workaround (optional)', ENTER);
    await session.expectThenType('First public message', `We are investigating failed card payments.${ENTER}`);
    await session.expectThenType('Next update by', ENTER);
    // Nothing is written before the engineer has seen what customers will see and said yes.
    await session.expectThenType('Customers will see', '');
    await session.expectThenType('Write these files?', '');
    expect(contentFiles(dir)).toEqual([]);
    const preview = session.screen().split('\n').map((l) => l.replace(/^[│|]\s*/, '').replace(/\s*[│|]$/, '').trim());
    expect(preview).toContain('- Card payments: Major outage');
    expect(preview).toContain('Next update by 20 Nov 2026, 10:35 GMT+7');
    await session.expectThenType('Yes', ENTER);
    const code = await Promise.race([session.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
    session.close();
    expect(code, session.screen()).toBe(0);

    const id = '2026-11-20-card-payments-failing';
    expect(contentFiles(dir)).toEqual([`incidents/${id}/2026-11-20T0305Z.md`, `incidents/${id}/index.md`]);
    expect(readDoc(dir, `incidents/${id}/index.md`).data).toEqual({
      title: 'Card payments failing',
      severity: 'serious',
      started: '2026-11-20T10:05:00+07:00',
      components: { 'card-payments': 'major_outage', api: 'partial_outage' },
      regions: ['singapore'],
      impact: 'Card payments fail in Singapore.',
    });
    const update = readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`);
    expect(update.data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'investigating', next_update: '2026-11-20T10:35:00+07:00' });
    expect(update.body.trim()).toBe('We are investigating failed card payments.');
    expect(preview).toContain('Incident: Card payments failing');
  });

  it('new writes nothing when the preview is declined', async () => {
    const { dir } = makeRepo('cli-basic', false);
    const session = startInPty(dir, ['new', '-t', 'API errors', '-s', 'minimal', '-c', 'api=partial_outage', '-r', 'singapore', '-i', 'Some calls fail.', '-w', 'Retry.', '-n', '+30m']);
    await session.expectThenType('First public message', `Investigating.${ENTER}`);
    await session.expectThenType('Write these files?', 'n');
    const code = await Promise.race([session.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
    session.close();
    expect(code, session.screen()).toBe(130);
    expect(session.screen()).toContain('Cancelled; nothing was written.');
    expect(contentFiles(dir)).toEqual([]);
  });

  it('new promises no next update when told "none" (Enter promises +30m)', async () => {
    const { dir } = makeRepo('cli-basic', false);
    const session = startInPty(dir, ['new', '-t', 'API errors', '-s', 'minimal', '-c', 'api=partial_outage', '-r', 'singapore', '-i', 'Some calls fail.', '-w', 'Retry.']);
    await session.expectThenType('First public message', `Investigating.${ENTER}`);
    await session.expectThenType('Next update by', `none${ENTER}`);
    await session.expectThenType('Write these files?', ENTER);
    const code = await Promise.race([session.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
    session.close();
    expect(code, session.screen()).toBe(0);
    const update = readDoc(dir, 'incidents/2026-11-20-api-errors/2026-11-20T0305Z.md');
    expect(update.data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'investigating' });
  });

  it('update asks for the status, message, component changes and next update, then confirms', async () => {
    const { dir } = makeRepo('cli-basic', false);
    const id = '2026-11-20-api-errors';
    await runKabar(dir, ['new', '-t', 'API errors', '-s', 'minimal', '-c', 'api=partial_outage', '-i', 'Some API calls fail.', '-m', 'Investigating.', '-n', '+30m', '--started', '09:50', '--at', '09:55']);
    const session = startInPty(dir, ['update', id]);
    await session.expectThenType('Status', `${DOWN}${ENTER}`);
    await session.expectThenType('Update message', `The cause is a bad deploy.${ENTER}`);
    // Components in config order (card payments, bank transfer, API), each with its status now; pick API.
    await session.expectThenType('Component changes', `${DOWN}${DOWN}${SPACE}${ENTER}`);
    expect(session.screen()).toContain('API (now: Partial outage)');
    // Statuses: operational first; one down is degraded performance.
    await session.expectThenType('New status of API', `${DOWN}${ENTER}`);
    await session.expectThenType('Next update by', `+45m${ENTER}`);
    await session.expectThenType('Write these files?', ENTER);
    const code = await Promise.race([session.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
    session.close();
    expect(code, session.screen()).toBe(0);
    const update = readDoc(dir, `incidents/${id}/2026-11-20T0305Z.md`);
    expect(update.data).toEqual({ at: '2026-11-20T10:05:00+07:00', status: 'identified', components: { api: 'degraded_performance' }, next_update: '2026-11-20T10:50:00+07:00' });
    expect(update.body.trim()).toBe('The cause is a bad deploy.');
  });
});

describe('kabar init in a terminal', () => {
  it('refuses a mistyped answer at its own prompt, keeps the others, and asks for the deploy target', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'kabar-init-pty-'));
    const session = startInPty(base, ['init', 'acme-status']);
    const BACKSPACES = '\x7f'.repeat(40);
    await session.expectThenType('Product name', ENTER);
    await session.expectThenType('Time zone of the page', `${BACKSPACES}Asia/Jakrta${ENTER}`);
    await session.expectThenType('expected an IANA time zone', `${BACKSPACES}Asia/Jakarta${ENTER}`);
    await session.expectThenType('Languages', ENTER);
    await session.expectThenType('Component groups', ENTER);
    await session.expectThenType('Components customers can see', `api=API@nowhere${ENTER}`);
    await session.expectThenType('unknown group "nowhere"', `${BACKSPACES}api=API${ENTER}`);
    await session.expectThenType('Deploy with', `${DOWN}${ENTER}`);
    await session.expectThenType('Write them?', ENTER);
    const code = await Promise.race([session.exited, new Promise<number>((r) => setTimeout(() => r(-2), 20_000))]);
    session.close();
    expect(code, session.screen()).toBe(0);
    const dir = path.join(base, 'acme-status');
    const config = readFileSync(path.join(dir, 'kabar.config.ts'), 'utf8');
    expect(config).toContain("name: 'Acme',");
    expect(config).toContain("timeZone: 'Asia/Jakarta',");
    expect(config).toContain("{ id: 'api', name: 'API' },");
    expect(readFileSync(path.join(dir, '.github/workflows/kabar-deploy.yml'), 'utf8')).toContain('target: none');
  });
});
