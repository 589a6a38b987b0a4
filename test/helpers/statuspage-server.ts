import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Atlassian Statuspage, speaking both of its APIs as the real
 * service does:
 * - the management API under `/v1` (`GET /v1/pages`, `/v1/pages/{id}/incidents` paged
 *   with `limit` (at most 100) and `page`, `/components` and `/component-groups` paged
 *   with `per_page` and `page`), answering 401 without `Authorization: OAuth <key>`
 *   and 404 for another page, as Statuspage does;
 * - a hosted page's public API v2 under `/api/v2` (`incidents.json`,
 *   `scheduled-maintenances.json`: only the 50 newest, as documented; `components.json`).
 * Every request is recorded; any path can be made to fail (a status, a rate limit
 * with Retry-After, a dropped connection), optionally only a number of times.
 */

export interface StatuspageData {
  pageId: string;
  pageName?: string;
  /** Incidents and maintenances together, newest first (the management API's order). */
  incidents: Record<string, unknown>[];
  components: Record<string, unknown>[];
  groups: Record<string, unknown>[];
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
}

/** A status with a body; 'drop', the connection closed before any answer; 'cut', an answer cut off mid-body. */
export type Failure = { status: number; body?: unknown; headers?: Record<string, string> } | 'drop' | 'cut';

export interface StatuspageServer {
  /** Management API base, e.g. http://127.0.0.1:1234/v1 */
  apiBase: string;
  /** Public page address, e.g. http://127.0.0.1:1234 */
  pageUrl: string;
  requests: Recorded[];
  /** Answers requests whose path matches with `failure`, `times` times (default: always). */
  fail(path: RegExp, failure: Failure, times?: number): void;
  close(): Promise<void>;
}

const PUBLIC_LIMIT = 50;
const MAX_LIMIT = 100;

export async function startStatuspageServer(data: StatuspageData, apiKey: string): Promise<StatuspageServer> {
  const requests: Recorded[] = [];
  const failures: { path: RegExp; failure: Failure; left: number }[] = [];
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const paged = <T>(list: T[], query: Record<string, string>, sizeParam: 'limit' | 'per_page'): T[] => {
    const size = Math.min(Number(query[sizeParam] ?? MAX_LIMIT) || MAX_LIMIT, MAX_LIMIT);
    const page = Math.max(Number(query.page ?? 1) || 1, 1);
    return list.slice((page - 1) * size, page * size);
  };
  const isMaintenance = (i: Record<string, unknown>) => i.scheduled_for != null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, ...(req.headers.authorization && { authorization: req.headers.authorization }) });
    const failing = failures.find((f) => f.left !== 0 && f.path.test(url.pathname));
    if (failing) {
      failing.left--;
      if (failing.failure === 'drop') {
        req.socket.destroy();
        return;
      }
      if (failing.failure === 'cut') {
        const body = JSON.stringify([{ id: 'cut', name: 'An incident whose answer never ended' }]);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length * 2) });
        res.write(body.slice(0, 20), () => req.socket.destroy());
        return;
      }
      json(res, failing.failure.status, failing.failure.body ?? { error: 'failure' }, failing.failure.headers);
      return;
    }
    const path = url.pathname;
    if (path.startsWith('/v1/')) {
      if (req.headers.authorization !== `OAuth ${apiKey}`) return json(res, 401, { error: 'Could not authenticate' });
      if (path === '/v1/pages') return json(res, 200, [{ id: data.pageId, name: data.pageName ?? 'Status' }]);
      const m = /^\/v1\/pages\/([^/]+)\/(incidents|components|component-groups)$/.exec(path);
      if (!m) return json(res, 404, { error: 'The requested resource could not be found.' });
      if (m[1] !== data.pageId) return json(res, 404, { error: 'The requested resource could not be found.' });
      if (m[2] === 'incidents') return json(res, 200, paged(data.incidents, query, 'limit'));
      if (m[2] === 'components') return json(res, 200, paged(data.components, query, 'per_page'));
      return json(res, 200, paged(data.groups, query, 'per_page'));
    }
    const page = { id: data.pageId, name: data.pageName ?? 'Status', url: `http://${req.headers.host}`, time_zone: 'Etc/UTC', updated_at: '2026-11-20T00:00:00.000Z' };
    if (path === '/api/v2/incidents.json') return json(res, 200, { page, incidents: data.incidents.filter((i) => !isMaintenance(i)).slice(0, PUBLIC_LIMIT) });
    if (path === '/api/v2/scheduled-maintenances.json') return json(res, 200, { page, scheduled_maintenances: data.incidents.filter(isMaintenance).slice(0, PUBLIC_LIMIT) });
    if (path === '/api/v2/components.json') {
      const groupRows = data.groups.map((g) => ({ ...g, group: true, group_id: null }));
      return json(res, 200, { page, components: [...data.components, ...groupRows] });
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not found</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    apiBase: `${origin}/v1`,
    pageUrl: origin,
    requests,
    fail(path, failure, times = -1) {
      failures.push({ path, failure, left: times });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
