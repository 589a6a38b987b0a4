/**
 * `kabar publish` and the deploy plan, run as a user runs them: a status repository from
 * `kabar init` with hosts in kabar.config.ts, built with `kabar build`, published to a real
 * S3-compatible server on 127.0.0.1 and, for Cloudflare Pages and Netlify, to a recording
 * double of `npx` (their CLIs are run through it).
 */
import { chmod, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_ENV, startS3Server, type S3Server } from '../helpers/s3-server.ts';
import { initRepo, runKabar } from '../import/helpers.ts';

let s3: S3Server;
let dir: string;

/** Hosts: the default domain on GitHub Pages, a bucket, Netlify and Cloudflare Pages; the Indonesian domain on its own bucket, under a folder. */
async function configure(repo: string, endpoint: string): Promise<void> {
  const file = path.join(repo, 'kabar.config.ts');
  const text = await readFile(file, 'utf8');
  await writeFile(
    file,
    text
      .replace("{ tag: 'id', label: 'Bahasa Indonesia', domain: 'status.acme.co.id' }", `{ tag: 'id', label: 'Bahasa Indonesia', domain: 'status.acme.co.id', deploy: [{ to: 's3', bucket: 'status-acme-id', endpoint: '${endpoint}', prefix: 'status/' }] }`)
      .replace('  locales: [', `  deploy: [\n    { to: 'github-pages' },\n    { to: 's3', bucket: 'status-acme', endpoint: '${endpoint}' },\n    { to: 'netlify', site: 'acme-status' },\n    { to: 'cloudflare-pages', project: 'acme-status' },\n  ],\n  locales: [`),
  );
}

async function siteFiles(site: string): Promise<string[]> {
  return (await readdir(site, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name !== '_headers')
    .map((e) => path.relative(site, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

beforeAll(async () => {
  s3 = await startS3Server(['status-acme', 'status-acme-id']);
  dir = await initRepo();
  await configure(dir, s3.endpoint);
  const built = await runKabar(dir, ['build']);
  if (built.code !== 0) throw new Error(built.stderr);
}, 180_000);

afterAll(async () => {
  await s3?.close();
});

describe('the deploy plan from kabar.config.ts', () => {
  it('kabar check accepts the hosts; the workflow gets Pages for the default domain and every other host', async () => {
    expect((await runKabar(dir, ['check'])).code).toBe(0);
    const result = await runKabar(dir, ['deploy-targets']);
    expect(result.code, result.stderr).toBe(0);
    const outputs = Object.fromEntries(result.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    expect(outputs.pages).toBe('status.acme.com');
    // The Indonesian domain is not on GitHub Pages: no repository to push it to is needed.
    expect(JSON.parse(outputs.others!)).toEqual([]);
    expect(JSON.parse(outputs.hosts!)).toEqual([
      { dir: 'status.acme.com', domain: 'status.acme.com', label: 's3:status-acme', to: 's3' },
      { dir: 'status.acme.com', domain: 'status.acme.com', label: 'netlify:acme-status', to: 'netlify' },
      { dir: 'status.acme.com', domain: 'status.acme.com', label: 'cloudflare-pages:acme-status', to: 'cloudflare-pages' },
      { dir: 'status.acme.co.id', domain: 'status.acme.co.id', label: 's3:status-acme-id/status', to: 's3' },
    ]);
  });

  it.each([
    ["{ to: 's3', bucket: 'Bad_Bucket' }", /deploy\[1\]\.bucket: .*expected a bucket name/],
    ["{ to: 's3', bucket: 'ok-bucket', endpoint: 'http://s3.example.com' }", /deploy\[1\]\.endpoint: .*expected an https:\/\/ address/],
    ["{ to: 's3', bucket: 'ok-bucket', prefix: '../up/' }", /deploy\[1\]\.prefix: .*without "\." or "\.\." parts/],
    ["{ to: 'github-pages' }", /deploy\[1\]: "github-pages" is listed twice \(expected each host once\)/],
    ["{ to: 'vercel' }", /deploy\[1\]\.to: /],
  ])('kabar check refuses %s with the field and the line', async (host, message) => {
    const repo = await initRepo();
    const file = path.join(repo, 'kabar.config.ts');
    await writeFile(file, (await readFile(file, 'utf8')).replace('  locales: [', `  deploy: [{ to: 'github-pages' }, ${host}],\n  locales: [`));
    const result = await runKabar(repo, ['check']);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/kabar\.config\.ts:\d+/);
    expect(result.stdout + result.stderr).toMatch(message);
  });
});

describe('kabar publish --to s3 (a real S3-compatible server)', () => {
  it('uploads every file of each domain with its type and a short cache, and leaves _headers out', async () => {
    const result = await runKabar(dir, ['publish', '--to', 's3'], S3_ENV);
    expect(result.code, result.stderr).toBe(0);
    const com = await siteFiles(path.join(dir, 'dist', 'status.acme.com'));
    const id = await siteFiles(path.join(dir, 'dist', 'status.acme.co.id'));
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining([`s3:status-acme (status.acme.com): uploaded ${com.length}, deleted 0, 0 unchanged.`, `s3:status-acme-id/status (status.acme.co.id): uploaded ${id.length}, deleted 0, 0 unchanged.`]));
    expect(await s3.keys('status-acme')).toEqual(com);
    expect(await s3.keys('status-acme-id')).toEqual(id.map((f) => `status/${f}`));
    const page = await s3.get('status-acme', 'index.html');
    expect([page.status, page.contentType, page.cacheControl]).toEqual([200, 'text/html; charset=utf-8', 'public, max-age=60']);
    expect(page.body).toBe(await readFile(path.join(dir, 'dist', 'status.acme.com', 'index.html'), 'utf8'));
    expect((await s3.get('status-acme', 'api/v2/summary.json')).contentType).toBe('application/json; charset=utf-8');
    expect((await s3.get('status-acme', 'history.atom')).contentType).toBe('application/atom+xml; charset=utf-8');
    expect((await s3.get('status-acme-id', 'status/index.html')).body).toContain('lang="id"');
  });

  it('again: uploads only what changed, deletes what the site no longer has, and never touches keys outside its folder', async () => {
    await s3.put('status-acme', 'incidents/gone/index.html', '<p>old</p>');
    await s3.put('status-acme-id', 'elsewhere/keep.txt', 'not ours');
    const robots = path.join(dir, 'dist', 'status.acme.com', 'robots.txt');
    await writeFile(robots, `${await readFile(robots, 'utf8')}# changed\n`);
    const dry = await runKabar(dir, ['publish', '--to', 's3:status-acme', '--dry-run'], S3_ENV);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^s3:status-acme \(status\.acme\.com\): would upload 1, would delete 1, \d+ unchanged\.\n {2}upload robots\.txt\n {2}delete incidents\/gone\/index\.html\n$/);
    expect(await s3.keys('status-acme')).toContain('incidents/gone/index.html');
    const result = await runKabar(dir, ['publish', '--to', 's3'], S3_ENV);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^s3:status-acme \(status\.acme\.com\): uploaded 1, deleted 1, \d+ unchanged\.$/m);
    expect(result.stdout).toMatch(/^s3:status-acme-id\/status \(status\.acme\.co\.id\): uploaded 0, deleted 0, \d+ unchanged\.$/m);
    expect(await s3.keys('status-acme')).not.toContain('incidents/gone/index.html');
    expect((await s3.get('status-acme', 'robots.txt')).body).toMatch(/# changed\n$/);
    expect(await s3.keys('status-acme-id')).toContain('elsewhere/keep.txt');
  });

  it('without credentials: names the variables, never a value, and publishes nothing', async () => {
    const result = await runKabar(dir, ['publish', '--to', 's3:status-acme'], { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'sekrit-value' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kabar publish: s3:status-acme: AWS_ACCESS_KEY_ID is not set (expected the access key of a user that may list, put and delete objects in status-acme)');
    expect(result.stdout + result.stderr).not.toContain('sekrit-value');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unknown host or a missing build: a clear error', async () => {
    const unknown = await runKabar(dir, ['publish', '--to', 'vercel']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('kabar publish: no host matches --to vercel (expected one of: s3:status-acme (status.acme.com), netlify:acme-status (status.acme.com), cloudflare-pages:acme-status (status.acme.com), s3:status-acme-id/status (status.acme.co.id))\n');
    const empty = await runKabar(dir, ['publish', path.join(dir, 'nothing-here'), '--to', 's3'], S3_ENV);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no built site \(run "npx kabar build" first\); nothing was published/);
  });
});

describe('kabar publish --to netlify / cloudflare-pages (their CLIs, through a recording npx)', () => {
  /** A directory with an `npx` that records its arguments, the token variables it saw (set or not) and whether the site's _headers was there. */
  async function fakeNpx(): Promise<{ bin: string; log: string }> {
    const bin = await mkdtemp(path.join(tmpdir(), 'kabar-npx-'));
    const log = path.join(bin, 'calls.log');
    const script = `#!/bin/sh\nprintf '%s\\n' "$*" >> "${log}"\nfor v in NETLIFY_AUTH_TOKEN CLOUDFLARE_API_TOKEN; do eval "val=\\\${$v}"; [ -n "$val" ] && echo "$v=set" >> "${log}"; done\nfor a in "$@"; do case "$a" in --dir=*) d="\${a#--dir=}";; esac; done\n[ -n "$d" ] || d="$5"\n[ -f "$d/_headers" ] && echo "_headers present" >> "${log}"\nexit 0\n`;
    await writeFile(path.join(bin, 'npx'), script);
    await chmod(path.join(bin, 'npx'), 0o755);
    return { bin, log };
  }

  it('runs each provider\'s CLI on the built directory, with its token from the environment', async () => {
    const { bin, log } = await fakeNpx();
    const env = { PATH: `${bin}:${process.env.PATH}`, NETLIFY_AUTH_TOKEN: 'nfp_x', CLOUDFLARE_API_TOKEN: 'cf_x', CLOUDFLARE_ACCOUNT_ID: 'acc' };
    const netlify = await runKabar(dir, ['publish', '--to', 'netlify'], env);
    expect(netlify.code, netlify.stderr).toBe(0);
    const cloudflare = await runKabar(dir, ['publish', '--to', 'cloudflare-pages'], env);
    expect(cloudflare.code, cloudflare.stderr).toBe(0);
    const site = path.join(dir, 'dist', 'status.acme.com');
    expect((await readFile(log, 'utf8')).split('\n').filter(Boolean)).toEqual([
      `--yes netlify-cli@27 deploy --prod --no-build --dir=${site} --site=acme-status`,
      'NETLIFY_AUTH_TOKEN=set',
      'CLOUDFLARE_API_TOKEN=set',
      '_headers present',
      `--yes wrangler@4 pages deploy ${site} --project-name=acme-status --branch=main --commit-dirty=true`,
      'NETLIFY_AUTH_TOKEN=set',
      'CLOUDFLARE_API_TOKEN=set',
      '_headers present',
    ]);
  });

  it('one host failing does not stop the others (they are there for redundancy); the run still fails, naming it', async () => {
    const { bin, log } = await fakeNpx();
    const result = await runKabar(dir, ['publish', '--domain', 'status.acme.com'], { ...S3_ENV, PATH: `${bin}:${process.env.PATH}`, NETLIFY_AUTH_TOKEN: '', CLOUDFLARE_API_TOKEN: 'cf_x', CLOUDFLARE_ACCOUNT_ID: 'acc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('kabar publish: netlify:acme-status: NETLIFY_AUTH_TOKEN is not set');
    expect(result.stderr).toMatch(/kabar publish: 1 of 3 hosts failed \(netlify:acme-status\); the others were published\n$/);
    expect(result.stdout).toMatch(/^cloudflare-pages:acme-status \(status\.acme\.com\): published\.$/m);
    expect(result.stdout).toMatch(/^s3:status-acme \(status\.acme\.com\): uploaded 0, deleted 0, \d+ unchanged\.$/m);
    expect(await readFile(log, 'utf8')).toMatch(/^--yes wrangler@4 pages deploy /m);
  });
});
