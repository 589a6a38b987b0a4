/**
 * `kabar preview` run as a user runs it, asked for files outside the built site by raw request
 * paths (node:http sends the path as written; fetch would normalise it first).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KABAR, NODE } from './cli-harness.ts';

const SECRET = 'SECRET-PREVIEW-TOKEN';
let child: ChildProcess;
let port: number;

/** A GET with the path exactly as given: its status and body. */
function get(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  // base/dist: the site; base/dist-secret: a sibling whose name starts with the site's; base/outside: elsewhere.
  const base = await mkdtemp(path.join(tmpdir(), 'kabar-preview-'));
  const dist = path.join(base, 'dist');
  await mkdir(path.join(dist, 'docs'), { recursive: true });
  await mkdir(path.join(base, 'dist-secret'));
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(dist, 'index.html'), '<!DOCTYPE html><title>Home</title>');
  await writeFile(path.join(dist, 'docs', 'index.html'), '<!DOCTYPE html><title>Docs</title>');
  await writeFile(path.join(dist, '404.html'), '<!DOCTYPE html><title>Not here</title>');
  await writeFile(path.join(base, 'dist-secret', 'secret.txt'), SECRET);
  await writeFile(path.join(base, 'dist-secret', 'index.html'), SECRET);
  await writeFile(path.join(base, 'outside', 'secret.txt'), SECRET);
  await writeFile(path.join(base, 'outside', 'index.html'), SECRET);
  await symlink(path.join(base, 'outside', 'secret.txt'), path.join(dist, 'leak.txt'));
  await symlink(path.join(base, 'outside'), path.join(dist, 'linked'));
  await symlink(path.join(dist, 'index.html'), path.join(dist, 'same.html'));

  child = spawn(NODE, [KABAR, 'preview', 'dist', '--port', '0'], { cwd: base, stdio: ['ignore', 'pipe', 'pipe'] });
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`kabar preview exited (${code}): ${out}`)));
  });
});

afterAll(() => {
  child?.kill();
});

describe('kabar preview serves only real files under the site directory', () => {
  it('serves the site itself', async () => {
    expect((await get('/')).status).toBe(200);
    expect((await get('/docs/')).body).toContain('Docs');
    expect((await get('/docs')).status).toBe(301);
  });

  it('refuses an encoded ../ into a sibling directory whose name starts with the site directory’s', async () => {
    for (const raw of ['/..%2fdist-secret/secret.txt', '/..%2Fdist-secret%2Fsecret.txt', '/%2e%2e%2fdist-secret/secret.txt', '/..%2fdist-secret/', '/..%2f..%2fdist-secret/secret.txt', '/../dist-secret/secret.txt']) {
      const res = await get(raw);
      expect(res.status, raw).toBe(404);
      expect(res.body, raw).not.toContain(SECRET);
    }
  });

  it('refuses symlinks inside the site, to files or directories, outside or inside', async () => {
    for (const raw of ['/leak.txt', '/linked/secret.txt', '/linked/', '/linked', '/same.html']) {
      const res = await get(raw);
      expect(res.status, raw).toBe(404);
      expect(res.body, raw).not.toContain(SECRET);
    }
  });

  it('answers a malformed escape with 404, not a server error', async () => {
    const res = await get('/%E0%A4%A');
    expect(res.status).toBe(404);
  });
});
