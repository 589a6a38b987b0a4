/**
 * Serves a built site directory over HTTP on 127.0.0.1, like a static host:
 * `/x/` → `x/index.html`, unknown paths → the site's `404.html` with status 404, and the
 * headers of the site's `_headers` file applied as Netlify and Cloudflare Pages apply them
 * (the file itself is not served), so the embed widget can be tried from another origin.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { headersFor, parseHeadersFile } from '../core/headers-file.ts';

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

/** Hosts read this file and never serve it. */
const HEADERS_FILE = '_headers';

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
      // Read on every request: `kabar dev` rebuilds the site underneath a running server.
      const rules = parseHeadersFile(await readFile(path.join(root, HEADERS_FILE), 'utf8').catch(() => ''));
      for (const [name, value] of headersFor(rules, pathname)) res.setHeader(name, value);
      const candidates = pathname.endsWith('/') ? [path.join(file, 'index.html')] : [file, path.join(file, 'index.html')];
      for (const candidate of candidates) {
        if (candidate !== path.join(root, HEADERS_FILE) && (await isFile(candidate))) {
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

/**
 * The site to serve from a build output: the directory itself when it holds a site, else the
 * single-domain `site/`, else the preferred domain's directory (the default locale's), else the first.
 */
export async function siteDirIn(dir: string, preferred?: string): Promise<string | undefined> {
  if (await isFile(path.join(dir, 'index.html'))) return dir;
  const rank = (name: string) => (name === 'site' ? 0 : name === preferred ? 1 : 2);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const sites = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of sites) if (await isFile(path.join(dir, name, 'index.html'))) return path.join(dir, name);
  return undefined;
}
