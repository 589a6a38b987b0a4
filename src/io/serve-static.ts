/**
 * Serves a built site directory over HTTP on 127.0.0.1, like a static host:
 * `/x/` → `x/index.html`, unknown paths → the site's `404.html` with status 404, and the
 * headers of the site's `_headers` file applied as Netlify and Cloudflare Pages apply them
 * (the file itself is not served), so the embed widget can be tried from another origin.
 */
import { constants } from 'node:fs';
import { open, readdir, readFile, realpath, stat, type FileHandle } from 'node:fs/promises';
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

/** The request path decoded, or undefined when it is malformed or holds a NUL. */
function decodePath(pathname: string): string | undefined {
  try {
    const decoded = decodeURIComponent(pathname);
    return decoded.includes('\0') ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/**
 * The decoded request path as a path under `root`, or undefined when it leads out of it. The
 * separator matters: without it `/..%2fdist-secret/` would pass as inside `dist`.
 */
function pathUnder(root: string, decoded: string): string | undefined {
  const resolved = path.join(root, decoded);
  return resolved === root || resolved.startsWith(root + path.sep) ? resolved : undefined;
}

/**
 * An open regular file at `file`, reached from `root` without any symlink (the file itself or a
 * directory on the way); else undefined. Opened without following a final symlink, and checked
 * once open, so a symlink put in its place meanwhile is not followed either.
 */
async function openRealFile(root: string, file: string): Promise<FileHandle | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (!handle) return undefined;
  try {
    const [info, real, realRootDir] = await Promise.all([handle.stat(), realpath(file), realpath(root)]);
    // No symlink on the way: the real path is the same path below the real root.
    if (info.isFile() && path.relative(realRootDir, real) === path.relative(root, file)) return handle;
  } catch {
    // Gone meanwhile, or unreadable: not served.
  }
  await handle.close();
  return undefined;
}

/** Starts a static server; `port` 0 picks a free one. Resolves once listening. */
export async function serveStatic(dir: string, port = 0, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    void (async () => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      // Only real files under the site directory are served: anything else is not found, as on a host.
      const decoded = decodePath(pathname);
      const file = decoded === undefined ? undefined : pathUnder(root, decoded);
      // Read on every request: `kabar dev` rebuilds the site underneath a running server.
      const rules = parseHeadersFile(await readFile(path.join(root, HEADERS_FILE), 'utf8').catch(() => ''));
      if (file !== undefined) for (const [name, value] of headersFor(rules, decoded!)) res.setHeader(name, value);
      const candidates = file === undefined ? [] : pathname.endsWith('/') ? [path.join(file, 'index.html')] : [file, path.join(file, 'index.html')];
      for (const candidate of candidates) {
        if (candidate === path.join(root, HEADERS_FILE)) continue;
        const handle = await openRealFile(root, candidate);
        if (!handle) continue;
        if (candidate !== file && !pathname.endsWith('/')) {
          await handle.close();
          return void res.writeHead(301, { location: `${pathname}/` }).end();
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(candidate)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        return void handle.createReadStream().pipe(res);
      }
      res.writeHead(404, { 'content-type': TYPES['.html']! });
      const notFound = await openRealFile(root, path.join(root, '404.html'));
      if (notFound) notFound.createReadStream().pipe(res);
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
