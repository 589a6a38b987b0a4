/**
 * Kabar as a user gets it: `npm pack`, install the tarball into a fresh directory with its
 * own npm cache, start a status repository with `create-kabar` / `kabar init`, and work in it
 * with the installed `kabar` only (the compiled package, never this checkout's sources).
 */
import { existsSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { sourceIdentity } from '../../src/io/source-identity.ts';

const PROJECT = path.resolve(import.meta.dirname, '../..');
const NODE_BIN = path.join(PROJECT, 'node_modules/node/bin');
const run = promisify(execFile);

/** The machine's PATH with this checkout's node_modules/.bin taken out, and the pinned Node 24 first. */
const userPath = [NODE_BIN, ...(process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes(`${path.sep}node_modules${path.sep}`))].join(path.delimiter);

let work = '';
let kabarTarball = '';
let createTarball = '';
let env: NodeJS.ProcessEnv = {};

async function sh(cwd: string, command: string, args: string[], extra: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(command, args, { cwd, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

/** `npm` with the test's own cache: nothing comes from this machine's npm cache or this checkout. */
const npm = (cwd: string, ...args: string[]) => sh(cwd, 'npm', [...args, '--cache', path.join(work, 'npm-cache'), '--no-audit', '--no-fund', '--loglevel', 'error']);
const npx = (cwd: string, ...args: string[]) => sh(cwd, 'npx', ['--no-install', ...args]);

const INIT_FLAGS = ['--yes', '--name', 'Acme', '--time-zone', 'Asia/Jakarta', '--locale', 'en=status.acme.com', '--locale', 'id=status.acme.co.id', '--component', 'api=Public API', '--component', 'web=Website'];
/** 2026-12-01T03:00:00Z. */
const NOW = '1796094000';

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kabar-package-'));
  env = { ...process.env, PATH: userPath, SOURCE_DATE_EPOCH: NOW, NO_COLOR: '1', npm_config_update_notifier: 'false' };
  for (const key of Object.keys(env)) if (key.startsWith('npm_') && key !== 'npm_config_update_notifier') delete env[key];
  const packed = path.join(work, 'packed');
  await mkdir(packed);
  await sh(PROJECT, 'npm', ['pack', '--pack-destination', packed, '--loglevel', 'error']);
  await sh(path.join(PROJECT, 'packages/create-kabar'), 'npm', ['pack', '--pack-destination', packed, '--loglevel', 'error']);
  const tarballs = await readdir(packed);
  kabarTarball = path.join(packed, tarballs.find((f) => f.startsWith('kabar-'))!);
  createTarball = path.join(packed, tarballs.find((f) => f.startsWith('create-kabar-'))!);
}, 600_000);

describe('the packed package', () => {
  it('ships the engine and nothing of this repository\'s own: no tests, bench, example or fixtures', async () => {
    const { stdout } = await sh(work, 'tar', ['-tzf', kabarTarball]);
    const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    for (const needed of ['bin/kabar.js', 'lib/cli/main.js', 'lib/build/render-child.js', 'lib/config.js', 'lib/config.d.ts', 'lib/renderer/current.json', 'lib/source-identity.json', 'src/routes/[...lang]/index.astro', 'public/favicon.svg', 'README.md', 'LICENSE', 'CHANGELOG.md']) expect(files).toContain(needed);
    // The sources' identity is recorded as hashing the shipped sources gives it (builds read it instead of hashing them).
    const recorded = JSON.parse((await sh(work, 'tar', ['-xzOf', kabarTarball, 'package/lib/source-identity.json'])).stdout) as { version: string; identity: string };
    expect(recorded).toEqual({ version: JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')).version, identity: await sourceIdentity() });
    // Exactly one compiled renderer, the one current.json names.
    const renderers = [...new Set(files.filter((f) => f.startsWith('lib/renderer/') && f.endsWith('/entry.mjs')).map((f) => f.split('/')[2]))];
    expect(renderers).toHaveLength(1);
    for (const file of files) expect(file).not.toMatch(/^(test|scripts|incidents|docs|packages|\.github|\.ci)\/|^logo\.svg$|^kabar\.config\.ts$|\.test\.ts$/);
    const pkg = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { private?: boolean; engines: { node: string }; dependencies: Record<string, string> };
    expect(pkg.private).toBeUndefined();
    expect(pkg.engines.node).toBe('^22.19.0 || >=24');
    // Build and test tools stay devDependencies.
    // Astro, Vite and esbuild compile the pages before packing; the installed package renders without them.
    for (const dev of ['typescript', 'vitest', 'playwright-core', '@astrojs/check', 'node', 'astro', 'esbuild']) expect(pkg.dependencies[dev]).toBeUndefined();
  });

  it.each(['.', 'packages/create-kabar'])('%s publishes (dry run) as it is, without npm correcting its package.json, with the files npm pack packed', async (dir) => {
    // What the release workflow runs, minus the upload; prepare already ran for npm pack. --force as
    // in test.yml: once released, npm refuses the unchanged version even in a dry run.
    const { stdout, stderr } = await sh(path.join(PROJECT, dir), 'npm', ['publish', '--dry-run', '--force', '--ignore-scripts', '--json', '--access', 'public', '--cache', path.join(work, 'npm-cache')]);
    expect(stderr).not.toMatch(/auto-corrected|errors corrected|npm pkg fix/);
    const pkg = JSON.parse(await readFile(path.join(PROJECT, dir, 'package.json'), 'utf8')) as { name: string; version: string; bin: Record<string, string> };
    const published = (JSON.parse(stdout) as Record<string, { id: string; files: { path: string }[] }>)[pkg.name]!;
    expect(published.id).toBe(`${pkg.name}@${pkg.version}`);
    const { stdout: listed } = await sh(work, 'tar', ['-tzf', pkg.name === 'kabar' ? kabarTarball : createTarball]);
    const packed = listed.trim().split('\n').map((f) => f.replace(/^package\//, ''));
    expect(published.files.map((f) => f.path).sort()).toEqual(packed.sort());
    for (const bin of Object.values(pkg.bin)) expect(packed).toContain(bin);
  });

  it('create-kabar is the same release and depends on exactly it', async () => {
    const root = JSON.parse(await readFile(path.join(PROJECT, 'package.json'), 'utf8')) as { version: string };
    const create = JSON.parse(await readFile(path.join(PROJECT, 'packages/create-kabar/package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
    expect(create.version).toBe(root.version);
    expect(create.dependencies).toEqual({ kabar: root.version });
  });
});

describe('from an empty directory to a built two-domain status page', () => {
  let repo = '';
  let generatedPackageJson = '';
  beforeAll(async () => {
    const starter = path.join(work, 'starter');
    await mkdir(starter);
    // npm create kabar@latest = npm exec create-kabar: the two tarballs stand in for the registry.
    // --engine-strict: an install fails if a dependency refuses this Node (engines.test.ts checks our whole range against the lock file).
    await npm(starter, 'install', '--engine-strict', kabarTarball, createTarball);
    await npx(starter, 'create-kabar', 'acme-status', ...INIT_FLAGS);
    repo = path.join(starter, 'acme-status');
    await sh(repo, 'git', ['init', '-q', '-b', 'main']);
    generatedPackageJson = await readFile(path.join(repo, 'package.json'), 'utf8');
    // `npm install` of the new repository, with this release in place of the registry's.
    await npm(repo, 'install', '--engine-strict', '--no-save', kabarTarball);
  }, 600_000);

  it('holds only the user\'s own files, and its config imports nothing but kabar/config', async () => {
    const entries = (await readdir(repo)).filter((e) => e !== 'node_modules' && e !== '.git' && e !== 'package-lock.json').sort();
    expect(entries).toEqual(['.github', '.gitignore', 'README.md', 'incidents', 'kabar.config.ts', 'package.json']);
    const config = await readFile(path.join(repo, 'kabar.config.ts'), 'utf8');
    const imports = [...config.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports).toEqual(['kabar/config']);
    const pkg = JSON.parse(generatedPackageJson) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toEqual({ kabar: '^0.2.0' });
    expect((await readdir(path.join(repo, '.github/workflows'))).sort()).toEqual(['kabar-deploy.yml', 'kabar-ingest.yml', 'kabar-pull-request.yml']);
  });

  it('kabar --version prints the package version', async () => {
    const { stdout } = await npx(repo, 'kabar', '--version');
    expect(stdout.trim()).toBe('0.2.0');
  });

  it('new, check and build work from the installed package: both domains, CNAME, hreflang, feeds and API', async () => {
    await npx(repo, 'kabar', 'new', '--title', 'Checkout errors', '--severity', 'serious', '--component', 'web=major_outage', '--impact', 'Customers cannot pay.', '--message', 'We are investigating.', '--next-update', '+30m');
    const check = await npx(repo, 'kabar', 'check');
    expect(check.stdout).toMatch(/^kabar check: OK \(2 incidents and maintenance checked\)/m);
    await npx(repo, 'kabar', 'build');
    // Built by the compiled pages alone: neither Astro nor Vite is installed.
    for (const absent of ['astro', 'vite', 'esbuild']) expect(existsSync(path.join(repo, 'node_modules', absent))).toBe(false);
    const dist = path.join(repo, 'dist');
    expect((await readdir(dist)).sort()).toEqual(['status.acme.co.id', 'status.acme.com']);
    for (const domain of ['status.acme.com', 'status.acme.co.id']) {
      expect(await readFile(path.join(dist, domain, 'CNAME'), 'utf8')).toBe(`${domain}\n`);
      const { document } = parseHTML(await readFile(path.join(dist, domain, 'index.html'), 'utf8'));
      const hreflang = Object.fromEntries([...document.querySelectorAll('link[rel="alternate"][hreflang]')].map((l) => [l.getAttribute('hreflang'), l.getAttribute('href')]));
      expect(hreflang).toEqual({ en: 'https://status.acme.com/', id: 'https://status.acme.co.id/', 'x-default': 'https://status.acme.com/' });
      expect(document.querySelector('h1')?.textContent).toBeTruthy();
      const atom = new XMLParser({ ignoreAttributes: false }).parse(await readFile(path.join(dist, domain, 'history.atom'), 'utf8')) as { feed: { entry: { title: { '#text': string } }[] } };
      expect(atom.feed.entry.map((e) => e.title['#text'])).toContain(domain === 'status.acme.com' ? '[Investigating] Checkout errors' : '[Sedang diselidiki] Checkout errors');
      const summary = JSON.parse(await readFile(path.join(dist, domain, 'api/v2/summary.json'), 'utf8')) as { components: { id: string; status: string }[]; incidents: { name: string }[] };
      expect(summary.components.map((c) => [c.id, c.status])).toEqual([['api', 'operational'], ['web', 'major_outage']]);
      expect(summary.incidents.map((i) => i.name)).toEqual(['Checkout errors']);
      // The embed widget is minified by the installed package's own esbuild, within its budget.
      expect(gzipSync(await readFile(path.join(dist, domain, 'embed.js'))).length).toBeLessThan(2048);
      expect(await readFile(path.join(dist, domain, '_headers'), 'utf8')).toContain('/api/v2/*\n  Access-Control-Allow-Origin: *\n');
    }
    const html = await readFile(path.join(dist, 'status.acme.co.id', 'index.html'), 'utf8');
    expect(parseHTML(html).document.documentElement.getAttribute('lang')).toBe('id');
  });

  it('notify runs from the installed package: a dry run outside git shows what a first run would do', async () => {
    const file = path.join(repo, 'kabar.config.ts');
    const config = await readFile(file, 'utf8');
    await writeFile(file, config.replace(/\n\}\);\n$/, "\n  notifications: { channels: [{ id: 'ops', type: 'slack' }, { id: 'list', type: 'email', from: 'status@acme.com', to: 'list@acme.com' }] },\n});\n"));
    try {
      const { stdout } = await npx(repo, 'kabar', 'notify', '--dry-run', '--format', 'json');
      const report = JSON.parse(stdout) as { dryRun: boolean; channels: { id: string; recorded: Record<string, number>; variables: { name: string; set: boolean }[] }[]; warnings: string[] };
      expect(report.dryRun).toBe(true);
      expect(report.channels.map((c) => [c.id, c.recorded['first-run'] ?? 0, c.variables])).toEqual([
        ['ops', 4, [{ name: 'KABAR_NOTIFY_OPS', set: false }]],
        ['list', 4, [{ name: 'KABAR_NOTIFY_LIST', set: false }]],
      ]);
      expect(report.warnings[0]).toMatch(/^could not read the ledger from branch "kabar-notifications" of "origin": .*; showing what a first run would do$/);
    } finally {
      await writeFile(file, config);
    }
  });

  it('an upgrade: a field renamed in this release builds with a warning naming the old field, the new one and the release', async () => {
    const file = path.join(repo, 'kabar.config.ts');
    const config = await readFile(file, 'utf8');
    await writeFile(file, config.replace("{ id: 'api', name: 'Public API' }", "{ id: 'api', name: 'Public API', uptime: false }"));
    try {
      const check = await npx(repo, 'kabar', 'check');
      const line = config.split('\n').findIndex((l) => l.includes("id: 'api'")) + 1;
      expect(check.stderr).toContain(`kabar.config.ts:${line}: components[0].uptime: warning: renamed to "uptimeBar" in Kabar 0.2.0 (expected "uptimeBar": rename the field; "uptime" stops working in Kabar 1.0.0)`);
      const build = await npx(repo, 'kabar', 'build', '--out', 'dist-upgraded');
      expect(build.stderr).toContain('renamed to "uptimeBar"');
      const { document } = parseHTML(await readFile(path.join(repo, 'dist-upgraded/status.acme.com/components/api/index.html'), 'utf8'));
      // The old name still works: the API's uptime bar is off, the website's is on.
      expect(document.querySelector('#uptime')).toBeNull();
      const web = parseHTML(await readFile(path.join(repo, 'dist-upgraded/status.acme.com/components/web/index.html'), 'utf8')).document;
      expect(web.querySelector('#uptime')).not.toBeNull();
    } finally {
      await writeFile(file, config);
    }
  });

  it('on a Node older than 22.19 it says what it needs instead of failing obscurely', async (context) => {
    const system = await sh(work, '/usr/bin/env', ['node', '--version'], { PATH: (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter) }).catch(() => undefined);
    const [major = 0, minor = 0] = (system?.stdout.trim().replace(/^v/, '') ?? '').split('.').map(Number);
    if (!system || major > 23 || (major === 22 && minor >= 19)) return context.skip();
    const oldPath = (process.env.PATH ?? '').split(path.delimiter).filter((p) => !p.includes('node_modules')).join(path.delimiter);
    const result = await run('node', [path.join(repo, 'node_modules/kabar/bin/kabar.js'), 'check'], { cwd: repo, env: { ...env, PATH: oldPath } }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^kabar 0\.2\.0 needs Node\.js 22\.19\.0 or newer \(not 23\), and this is Node\.js v\d+/);
  });

  it('import runs from the installed package (its TOML and YAML readers included): a cState site, as a dry run', async () => {
    const { stdout } = await npx(repo, 'kabar', 'import', 'cstate', path.join(PROJECT, 'test/fixtures/import-cstate-site'), '--dry-run');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Dry run: nothing was written.');
    expect(lines).toContain('  create    incidents/2026-11-16-search-results-incomplete/ (index.md, 2 updates)');
    expect(lines).toContain('Would add to kabar.config.ts:');
  });
});
