import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/**
 * Local stand-ins for what notifications reach: one HTTP server answering every path the
 * channels post to (a Slack or Discord webhook, a Teams workflow, Mastodon's statuses API, a
 * webhook receiver, Buttondown's emails API), recording each request as received; and a real
 * SMTP server (smtp-server) that parses each message with mailparser.
 */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body, exactly as sent (signatures are over these bytes). */
  raw: string;
  json: unknown;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Requests to one path, in order. */
  to(path: string): ReceivedRequest[];
  /** The next `times` requests to `path` get `reply` instead of 200. */
  failNext(path: string, reply: Reply, times?: number): void;
  /** Requests to `path` wait until `release()` is called. */
  hold(path: string): { release: () => void; arrived: Promise<void> };
  /** Requests to `path` get `status` and a body of up to `limit` bytes, streamed as fast as the reader takes it; with `stall`, the body then never ends. */
  stream(path: string, status: number, limit: number, stall?: boolean): { sent: () => number };
  close(): Promise<void>;
}

/** Writes `limit` bytes in 64 KiB chunks, waiting for the reader (backpressure); counts what the socket took. */
async function streamBody(res: ServerResponse, status: number, limit: number, stall: boolean, count: (n: number) => void): Promise<void> {
  res.writeHead(status, { 'Content-Type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let closed = false;
  res.on('close', () => (closed = true));
  for (let written = 0; written < limit && !closed; written += chunk.length) {
    const flushed = new Promise<void>((resolve) => res.write(chunk, (error) => (error ? resolve() : (count(chunk.length), resolve()))));
    if (!res.writableNeedDrain) await flushed;
    else await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
  }
  if (!closed && !stall) res.end();
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const failures = new Map<string, Reply[]>();
  const holds = new Map<string, { gate: Promise<void>; arrive: () => void }>();
  const streams = new Map<string, { status: number; limit: number; stall: boolean; sent: number }>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      requests.push({ method: req.method ?? '', path, headers: req.headers, raw, json });
      const held = holds.get(path);
      if (held) {
        held.arrive();
        await held.gate;
      }
      const streamed = streams.get(path);
      if (streamed) return streamBody(res, streamed.status, streamed.limit, streamed.stall, (n) => (streamed.sent += n));
      const reply = failures.get(path)?.shift() ?? { status: path.endsWith('/statuses') || path.endsWith('/emails') ? 200 : 204, body: path.endsWith('/statuses') || path.endsWith('/emails') ? '{"id":"1"}' : '' };
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(reply.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    failNext: (path, reply, times = 1) => failures.set(path, [...(failures.get(path) ?? []), ...Array.from({ length: times }, () => reply)]),
    hold: (path) => {
      let release!: () => void;
      let arrive!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (arrive = resolve));
      holds.set(path, { gate, arrive });
      return {
        arrived,
        release: () => {
          holds.delete(path);
          release();
        },
      };
    },
    stream: (path, status, limit, stall = false) => {
      const state = { status, limit, stall, sent: 0 };
      streams.set(path, state);
      return { sent: () => state.sent };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpReceiver {
  /** `smtp://user:password@127.0.0.1:<port>`, as the channel's variable holds it. */
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 that requires the given login (plain AUTH; no TLS on loopback). */
export async function startSmtpReceiver(user = 'status', password = 's3cret'): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', async () => {
        const parsed = await simpleParser(raw);
        const envelope = session.envelope;
        mails.push({ from: envelope.mailFrom ? envelope.mailFrom.address : '', to: envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, raw, parsed });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${user}:${password}@127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
