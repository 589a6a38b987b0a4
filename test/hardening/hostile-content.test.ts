/**
 * Hostile or careless content, as it arrives in pull requests: each class is checked through
 * `kabar check` and `kabar build` run as a user runs them, and the built files are parsed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { runKabar } from '../cli/cli-harness.ts';
import { fixture, runBuild } from '../site/helpers.ts';

const INCIDENT = 'incidents/2026-11-21-login';

/** A copy of the site-single fixture (plain config, one resolved incident) in a fresh directory. */
function repo(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-hostile-')), 'status');
  cpSync(fixture('site-single'), dir, { recursive: true });
  return dir;
}

const write = (dir: string, file: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
};

/** A secret outside every repository, as /etc/passwd would be. */
function secret(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-secret-')), 'secret.md');
  writeFileSync(file, '---\nat: 2026-11-21T08:30:00Z\nstatus: monitoring\n---\nSECRET-TOKEN-1234\n');
  return file;
}

async function checkAndBuild(dir: string) {
  const check = await runKabar(dir, ['check']);
  const out = path.join(path.dirname(dir), 'dist');
  const build = await runBuild(['--root', dir, '--out', out]);
  return { check, build, out };
}

/** Refused everywhere: check and build exit 1 with the message, no stack trace, and nothing is built. */
async function expectRefused(dir: string, line: RegExp) {
  const { check, build, out } = await checkAndBuild(dir);
  expect(check.code, check.stdout + check.stderr).toBe(1);
  expect(check.stderr).toMatch(line);
  expect(build.code).toBe(1);
  expect(build.stderr).toMatch(line);
  for (const output of [check.stderr, build.stderr]) expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(existsSync(out)).toBe(false);
  return { check, build };
}

describe('content that escapes the repository', () => {
  it('a symlinked update file pointing outside is an error and is never read or published', async () => {
    const dir = repo();
    symlinkSync(secret(), path.join(dir, INCIDENT, '2026-11-21T0830Z.md'));
    const { check, build } = await expectRefused(dir, /^incidents\/2026-11-21-login\/2026-11-21T0830Z\.md:1: file: is a symlink that points outside the repository/m);
    expect(check.stdout + check.stderr + build.stdout + build.stderr).not.toContain('SECRET-TOKEN');
  });

  it('a symlinked directory, inside or outside, is an error instead of a crash', async () => {
    const dir = repo();
    symlinkSync(path.dirname(secret()), path.join(dir, 'incidents', '2026-11-22-outside'));
    symlinkSync(path.join(dir, INCIDENT), path.join(dir, 'incidents', '2026-11-23-inside'));
    await expectRefused(dir, /^incidents\/2026-11-22-outside:1: file: is a symlink that points outside the repository/m);
    const check = await runKabar(dir, ['check']);
    expect(check.stderr).toMatch(/^incidents\/2026-11-23-inside:1: file: is a symlink to a directory \(expected a real directory/m);
  });

  it('nothing under a symlinked incident directory that leads outside is read: one error line, naming the path inside', async () => {
    const dir = repo();
    const outside = path.dirname(secret());
    writeFileSync(path.join(outside, 'index.md'), '---\ntitle: SECRET-TITLE\ntype: SECRET-TYPE\n---\nSECRET-BODY\n');
    mkdirSync(path.join(outside, 'deeper'));
    writeFileSync(path.join(outside, 'deeper', 'index.md'), '---\ntitle: SECRET-DEEP\n---\n');
    symlinkSync(outside, path.join(dir, 'incidents', '2026-11-22-outside'));
    // Deeper down too: a symlinked directory inside a real incident directory.
    symlinkSync(outside, path.join(dir, INCIDENT, 'attachments'));
    const { check, build } = await expectRefused(dir, /^incidents\/2026-11-22-outside:1: file: is a symlink that points outside the repository/m);
    for (const output of [check.stderr, build.stderr]) {
      expect(output).not.toMatch(/SECRET/);
      expect(output.split('\n').filter((l) => l.startsWith('incidents/2026-11-22-outside'))).toHaveLength(1);
      expect(output.split('\n').filter((l) => l.startsWith(`${INCIDENT}/attachments`))).toEqual([expect.stringMatching(/^incidents\/2026-11-21-login\/attachments:1: file: is a symlink that points outside the repository/)]);
    }
    expect(check.stdout + build.stdout).not.toMatch(/SECRET/);
  });

  it('incidents/ itself as a symlink out of the repository is refused', async () => {
    const dir = repo();
    const elsewhere = path.join(mkdtempSync(path.join(tmpdir(), 'kabar-elsewhere-')), 'incidents');
    cpSync(path.join(dir, 'incidents'), elsewhere, { recursive: true });
    cpSync(path.join(dir, 'incidents'), path.join(dir, 'old'), { recursive: true });
    for (const entry of readdirSync(path.join(dir, 'incidents'))) void entry;
    const { rmSync } = await import('node:fs');
    rmSync(path.join(dir, 'incidents'), { recursive: true });
    symlinkSync(elsewhere, path.join(dir, 'incidents'));
    await expectRefused(dir, /^incidents:1: file: is a symlink that points outside the repository/m);
  });

  it('a symlink to a file inside the repository is followed (documented policy)', async () => {
    const dir = repo();
    write(dir, 'shared/note.md', '---\nat: 2026-11-21T08:30:00Z\nstatus: monitoring\n---\nShared text from inside the repository.\n');
    symlinkSync(path.join(dir, 'shared/note.md'), path.join(dir, INCIDENT, '2026-11-21T0830Z.md'));
    const { check, build, out } = await checkAndBuild(dir);
    expect(check.code, check.stderr).toBe(0);
    expect(build.code, build.stderr).toBe(0);
    expect(readFileSync(path.join(out, 'site/incidents/2026-11-21-login/index.html'), 'utf8')).toContain('Shared text from inside the repository.');
  });

  it('a logo that is a symlink to a file outside is refused, not published as /logo.svg', async () => {
    const dir = repo();
    symlinkSync(secret(), path.join(dir, 'evil.svg'));
    const config = readFileSync(path.join(dir, 'kabar.config.ts'), 'utf8').replace("name: 'Acme',", "name: 'Acme',\n  logo: 'evil.svg',");
    writeFileSync(path.join(dir, 'kabar.config.ts'), config);
    await expectRefused(dir, /^kabar\.config\.ts:\d+: logo: "evil\.svg" is a symlink that points outside the repository/m);
  });
});

describe('unsafe or malformed text', () => {
  it('a javascript: link in the config is refused, at its line', async () => {
    const dir = repo();
    const config = readFileSync(path.join(dir, 'kabar.config.ts'), 'utf8').replace("name: 'Acme',", "name: 'Acme',\n  links: {\n    website: 'javascript:alert(1)',\n  },");
    writeFileSync(path.join(dir, 'kabar.config.ts'), config);
    await expectRefused(dir, /^kabar\.config\.ts:6: links\.website: found "javascript:alert\(1\)" \(expected an https:\/\/ \(or http:\/\/\) URL or a mailto: address\)/m);
  });

  it.each([
    ['a literal BEL in a title', `---\ntitle: Login \u0007errors\nseverity: minimal\nstarted: 2026-11-21T08:00:00Z\ncomponents:\n  login: partial_outage\n---\n`, /^incidents\/2026-11-21-login\/index\.md:2: frontmatter: contains the control character U\+0007/m],
    ['a YAML escape for NUL in the impact', `---\ntitle: Login errors\nseverity: minimal\nstarted: 2026-11-21T08:00:00Z\ncomponents:\n  login: partial_outage\nimpact: "Some \\u0000 people"\n---\n`, /^incidents\/2026-11-21-login\/index\.md:7: impact: contains the control character U\+0000/m],
    ['U+FFFF in the body', `---\ntitle: Login errors\nseverity: minimal\nstarted: 2026-11-21T08:00:00Z\ncomponents:\n  login: partial_outage\n---\nDetails \uFFFF here.\n`, /^incidents\/2026-11-21-login\/index\.md:8: body: contains the control character U\+FFFF/m],
  ])('%s is reported with path:line, and nothing is built', async (_name, text, line) => {
    const dir = repo();
    write(dir, `${INCIDENT}/index.md`, text);
    await expectRefused(dir, line);
  });

  it('a control character in the config is reported at its line', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'kabar.config.ts'), readFileSync(path.join(dir, 'kabar.config.ts'), 'utf8').replace("name: 'Acme',", "name: 'Acme\\u001b[31m',"));
    await expectRefused(dir, /^kabar\.config\.ts:4: name: contains the control character U\+001B/m);
  });

  it('a YAML alias bomb is a path:line error naming the file, not an uncaught exception', async () => {
    const dir = repo();
    const lines = ['---', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd']]) lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    write(dir, `${INCIDENT}/index.md`, [...lines, 'title: Bomb', '---', ''].join('\n'));
    await expectRefused(dir, /^incidents\/2026-11-21-login\/index\.md:3: frontmatter: YAML aliases expand too far/m);
  });

  it('size limits: a huge file is refused by its size, a long title by its length', async () => {
    const dir = repo();
    write(dir, `${INCIDENT}/2026-11-21T0830Z.md`, `---\nat: 2026-11-21T08:30:00Z\nstatus: monitoring\n---\n${'x'.repeat(300 * 1024)}\n`);
    await expectRefused(dir, /^incidents\/2026-11-21-login\/2026-11-21T0830Z\.md:1: file: is 301 KB \(expected at most 256 KB per file/m);
    const again = repo();
    write(again, `${INCIDENT}/index.md`, `---\ntitle: ${'Long '.repeat(60)}\nseverity: minimal\nstarted: 2026-11-21T08:00:00Z\ncomponents:\n  login: partial_outage\n---\n`);
    await expectRefused(again, /^incidents\/2026-11-21-login\/index\.md:2: title: is 299 characters long \(expected at most 200 characters\)/m);
  });
});

describe('what a hostile but valid title does to the built site', () => {
  it('a right-to-left override is isolated in <title>, headings and feeds; calendars end every line with CRLF; every page has a CSP covering its inline code', async () => {
    const dir = repo();
    const index = readFileSync(path.join(dir, INCIDENT, 'index.md'), 'utf8').replace('title: Login errors', 'title: "Login \u202Esrorre"');
    write(dir, `${INCIDENT}/index.md`, index);
    write(dir, 'incidents/2026-11-25-db/index.md', '---\ntitle: Database upgrade\ntype: maintenance\nwindow:\n  start: 2026-11-25T01:00:00Z\n  end: 2026-11-25T02:00:00Z\ncomponents:\n  api: under_maintenance\n---\n');
    write(dir, 'incidents/2026-11-25-db/2026-11-21T1000Z.md', '---\nat: 2026-11-21T10:00:00Z\nstatus: scheduled\n---\nThe API is read-only during the upgrade.\n');
    const { build, out } = await checkAndBuild(dir);
    expect(build.code, build.stderr).toBe(0);
    const site = path.join(out, 'site');
    const { document } = parseHTML(readFileSync(path.join(site, 'incidents/2026-11-21-login/index.html'), 'utf8'));
    expect(document.querySelector('title')!.textContent).toBe('\u2068Login \u202Esrorre\u2069 — Acme');
    expect(document.querySelector('h1 bdi')!.textContent).toBe('Login \u202Esrorre');
    const atom = readFileSync(path.join(site, 'history.atom'), 'utf8');
    expect(new XMLParser().parse(atom).feed.entry.map((e: { title: string }) => e.title)).toContain('[Resolved] \u2068Login \u202Esrorre\u2069');

    const ics = readFileSync(path.join(site, 'maintenance.ics'), 'utf8');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);

    const pages = readdirSync(site, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const html = parseHTML(readFileSync(path.join(page.parentPath, page.name), 'utf8')).document;
      const csp = html.querySelector('meta[http-equiv="content-security-policy"]')?.getAttribute('content') ?? '';
      expect(csp, page.name).toContain("default-src 'none'");
      const hashes = (el: Element) => `'sha256-${createHash('sha256').update(el.textContent ?? '').digest('base64')}'`;
      for (const script of html.querySelectorAll('script:not([src])')) expect(csp).toContain(hashes(script));
      for (const style of html.querySelectorAll('style')) expect(csp).toContain(hashes(style));
      expect(html.querySelector('[style], [onclick], [onload], [onerror]')).toBeNull();
    }
  });

  it('no feed, badge, sitemap or calendar is ever ill-formed XML', async () => {
    const dir = repo();
    write(dir, `${INCIDENT}/2026-11-21T0830Z.md`, '---\nat: 2026-11-21T08:30:00Z\nstatus: monitoring\n---\nText with ]]> and <script>alert(1)</script> & \uD83D\uDE00 and \u202E.\n');
    const { build, out } = await checkAndBuild(dir);
    expect(build.code, build.stderr).toBe(0);
    const files = readdirSync(path.join(out, 'site'), { recursive: true, withFileTypes: true }).filter((e) => /\.(atom|rss|svg|xml)$/.test(e.name));
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) expect(XMLValidator.validate(readFileSync(path.join(file.parentPath, file.name), 'utf8')), file.name).toBe(true);
  });
});

describe('links inside content', () => {
  it('a postmortem\'s relative "related incident" links work on its page and in the feeds', async () => {
    const dir = repo();
    write(dir, 'incidents/2026-11-24-api/index.md', '---\ntitle: API errors\nseverity: minimal\nstarted: 2026-11-24T08:00:00Z\ncomponents:\n  api: partial_outage\n---\n');
    write(dir, 'incidents/2026-11-24-api/2026-11-24T0900Z.md', '---\nat: 2026-11-24T09:00:00Z\nstatus: resolved\ncomponents:\n  api: operational\n---\nFixed.\n');
    write(dir, 'incidents/2026-11-24-api/postmortem.md', '---\nstatus: published\npublished: 2026-11-25\n---\n## Related incidents\n\n- [Login errors](../2026-11-21-login/)\n');
    const { build, out } = await checkAndBuild(dir);
    expect(build.code, build.stderr).toBe(0);
    const page = parseHTML(readFileSync(path.join(out, 'site/incidents/2026-11-24-api/postmortem/index.html'), 'utf8')).document;
    const link = [...page.querySelectorAll('main a')].find((a) => a.textContent === 'Login errors')!;
    expect(link.getAttribute('href')).toBe('/incidents/2026-11-21-login/');
    expect(existsSync(path.join(out, 'site', link.getAttribute('href')!, 'index.html'))).toBe(true);
    const feed = JSON.parse(readFileSync(path.join(out, 'site/feed.json'), 'utf8')) as { items: { id: string; content_html: string }[] };
    const entry = feed.items.find((i) => i.id.endsWith('2026-11-24-api/postmortem'))!;
    const href = parseHTML(`<!doctype html><body>${entry.content_html}`).document.querySelector('a')!.getAttribute('href');
    expect(href).toBe('http://localhost:4321/incidents/2026-11-21-login/');
  });
});
