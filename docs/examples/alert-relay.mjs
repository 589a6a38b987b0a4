// A tiny relay from monitoring webhooks to a Kabar status repository (docs/alerts.md).
//
// A status repository has no server to receive webhooks, and GitHub's dispatch API wants its own
// body: this accepts the webhook of Alertmanager, Grafana or Uptime Kuma (or Kabar's generic
// format) and forwards it unchanged as a repository_dispatch event, which starts the
// repository's "Alerts" workflow. No dependencies; Node.js 20 or newer.
//
//   GITHUB_TOKEN=github_pat_…  KABAR_REPOSITORY=acme/status  RELAY_SECRET=…  node alert-relay.mjs
//
// Webhooks POST to http://<relay>:8787/<source> (alertmanager, grafana, uptime-kuma or generic)
// with the header "Authorization: Bearer <RELAY_SECRET>". GITHUB_TOKEN needs "Contents: read and
// write" on that repository only (a fine-grained token), which is what dispatching requires.
import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const { GITHUB_TOKEN, KABAR_REPOSITORY, RELAY_SECRET, PORT = '8787', HOST = '0.0.0.0' } = process.env;
const API = (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
const SOURCES = new Set(['alertmanager', 'grafana', 'uptime-kuma', 'generic']);
const MAX_BYTES = 1_000_000;

if (!GITHUB_TOKEN || !RELAY_SECRET || !/^[\w.-]+\/[\w.-]+$/.test(KABAR_REPOSITORY ?? '')) {
  console.error('Set GITHUB_TOKEN, RELAY_SECRET and KABAR_REPOSITORY=owner/repo.');
  process.exit(1);
}

const authorized = (header = '') => {
  const given = Buffer.from(header);
  const expected = Buffer.from(`Bearer ${RELAY_SECRET}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

const server = createServer(async (req, res) => {
  const answer = (status, text = '') => res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
  const source = new URL(req.url ?? '/', 'http://relay').pathname.slice(1);
  if (req.method !== 'POST' || !SOURCES.has(source)) return answer(404, 'POST to /alertmanager, /grafana, /uptime-kuma or /generic\n');
  if (!authorized(req.headers.authorization)) return answer(401, 'wrong or missing Authorization header\n');
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > MAX_BYTES) return answer(413, 'payload too large\n');
  }
  let payload;
  try {
    payload = JSON.parse(body);
  } catch {
    return answer(400, 'the body is not JSON\n');
  }
  try {
    const response = await fetch(`${API}/repos/${KABAR_REPOSITORY}/dispatches`, {
      method: 'POST',
      headers: { authorization: `Bearer ${GITHUB_TOKEN}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'content-type': 'application/json' },
      body: JSON.stringify({ event_type: 'kabar-alert', client_payload: { source, payload } }),
    });
    // A failure answers 502, so the monitoring system retries later.
    if (!response.ok) return answer(502, `GitHub answered ${response.status}: ${(await response.text()).slice(0, 200)}\n`);
    console.log(`${new Date().toISOString()} forwarded a ${source} alert to ${KABAR_REPOSITORY}`);
    return answer(202);
  } catch (error) {
    return answer(502, `could not reach GitHub (${error.message})\n`);
  }
});

server.listen(Number(PORT), HOST, () => console.log(`kabar alert relay on http://${HOST}:${server.address().port}/<source> → ${KABAR_REPOSITORY}`));
