/**
 * Serves a built site directory over HTTP on 127.0.0.1, like a static host:
 * `/x/` → `x/index.html`, unknown paths → the site's `404.html` with status 404.
 *
 *   node scripts/serve.ts <dir> [--port 4321] [--host 127.0.0.1]
 *
 * With `<dir>` = a build output holding `site/`, that site is served.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadSiteConfig } from '../src/io/load-config.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** Starts a static server; `port` 0 picks a free one. Resolves once listening. */
export async function serveStatic(dir: string, port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
      const file = path.join(root, pathname);
      // Never serve outside the site directory.
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      const candidates = pathname.endsWith('/') ? [path.join(file, 'index.html')] : [file, path.join(file, 'index.html')];
      for (const candidate of candidates) {
        if (await isFile(candidate)) {
          if (candidate !== file && !pathname.endsWith('/')) return void res.writeHead(301, { location: `${pathname}/` }).end();
          res.writeHead(200, { 'content-type': TYPES[path.extname(candidate)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
          return void createReadStream(candidate).pipe(res);
        }
      }
      const notFound = path.join(root, '404.html');
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      if (await isFile(notFound)) createReadStream(notFound).pipe(res);
      else res.end('Not found');
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} on ${host} is already in use (stop the other server, or pass --port <another>)`) : error),
    );
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { port: { type: 'string', default: '4321' }, host: { type: 'string', default: '127.0.0.1' } },
  });
  let dir = path.resolve(positionals[0] ?? 'dist');
  if (!(await isFile(path.join(dir, 'index.html')))) {
    // A build output: the single-domain `site/`, else the default locale's domain, else the first domain directory.
    const config = (await loadSiteConfig(process.cwd()).catch(() => undefined))?.config;
    const preferred = config?.locales[0]?.domain ?? 'site';
    const rank = (name: string) => (name === 'site' ? 0 : name === preferred ? 1 : 2);
    const sites = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const name of sites) {
      if (await isFile(path.join(dir, name, 'index.html'))) {
        dir = path.join(dir, name);
        break;
      }
    }
  }
  const { url } = await serveStatic(dir, Number(values.port), values.host);
  process.stdout.write(`kabar: serving ${dir} at ${url}/\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`kabar: serve failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
