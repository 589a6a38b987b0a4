import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { githubErrors, startGitHubServer, type GitHubServer } from '../helpers/github-server.ts';
import { contentFiles, KABAR, makeRepo, NODE, NOW, ROOT } from './cli-harness.ts';

/**
 * The relay in docs/examples, run as documented: webhooks in, repository_dispatch events out
 * (to the local GitHub server), and what it dispatches is what `kabar ingest` drafts from.
 */

const RELAY = path.join(ROOT, 'docs/examples/alert-relay.mjs');
const SECRET = 'relay-secret-0123456789';
const TOKEN = 'github_pat_relay_0123456789';

let server: GitHubServer | undefined;
let relay: ChildProcess | undefined;
afterEach(async () => {
  relay?.kill();
  relay = undefined;
  await server?.close();
  server = undefined;
});

async function startRelay(env: Record<string, string>): Promise<string> {
  relay = spawn(NODE, [RELAY], { env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    relay!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      if (url) resolve(url);
    });
    relay!.on('exit', (code) => reject(new Error(`the relay exited with ${code}`)));
  });
}

const post = (url: string, body: string, authorization: string | null = `Bearer ${SECRET}`) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization && { authorization }) }, body });

describe('the alert relay (docs/examples/alert-relay.mjs)', () => {
  it('forwards a webhook as a kabar-alert dispatch that kabar ingest drafts an incident from', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const url = await startRelay({ GITHUB_TOKEN: TOKEN, KABAR_REPOSITORY: 'acme/status', RELAY_SECRET: SECRET, GITHUB_API_URL: server.baseUrl });
    const alert = readFileSync(path.join(ROOT, 'test/fixtures/alerts/alertmanager-firing.json'), 'utf8');
    const response = await post(`${url}/alertmanager`, alert);
    expect(response.status).toBe(202);
    expect(server.dispatches).toEqual([{ repository: 'acme/status', event_type: 'kabar-alert', client_payload: { source: 'alertmanager', payload: JSON.parse(alert) } }]);

    // What the Alerts workflow then runs: the source and payload from client_payload.
    const { source, payload } = server.dispatches[0]!.client_payload as { source: string; payload: unknown };
    const { dir } = makeRepo('ingest-basic', false);
    const ingest = spawn(NODE, [KABAR, 'ingest', '--from', source], { cwd: dir, env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW) } });
    ingest.stdin.end(JSON.stringify(payload));
    expect(await new Promise((resolve) => ingest.on('close', resolve))).toBe(0);
    expect(contentFiles(dir)).toHaveLength(2);
  });

  it('refuses what it should not forward, and answers 502 when GitHub refuses, so the sender retries', async () => {
    server = await startGitHubServer({ token: TOKEN });
    const url = await startRelay({ GITHUB_TOKEN: TOKEN, KABAR_REPOSITORY: 'acme/status', RELAY_SECRET: SECRET, GITHUB_API_URL: server.baseUrl });
    expect((await post(`${url}/grafana`, '{}', null)).status).toBe(401);
    expect((await post(`${url}/grafana`, '{}', `Bearer ${SECRET}x`)).status).toBe(401);
    expect((await post(`${url}/nagios`, '{}')).status).toBe(404);
    expect((await post(`${url}/grafana`, 'not json')).status).toBe(400);
    expect(server.dispatches).toEqual([]);
    server.fail('POST', /\/dispatches$/, githubErrors.badCredentials());
    const refused = await post(`${url}/generic`, '{"fingerprint":"x"}');
    expect(refused.status).toBe(502);
    expect(await refused.text()).toMatch(/^GitHub answered 401: /);
  });

  it('will not start without its settings', async () => {
    await expect(startRelay({ KABAR_REPOSITORY: 'acme/status' })).rejects.toThrow('the relay exited with 1');
  });
});
