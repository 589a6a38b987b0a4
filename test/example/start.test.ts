import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock, exampleId } from '../../scripts/example/render-example.ts';
import { exampleIncidents } from '../../scripts/example/example-content.ts';

const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const NODE = path.join(PROJECT, 'node_modules/.bin/node');
// A fixed clock for `npm start`, so the test knows which incidents it must see.
const NOW = Date.parse('2027-02-10T14:03:00+07:00');
const incidents = exampleIncidents(createClock(NOW));
const active = incidents.find((i) => i.slug === 'e-wallet-payments-failing-eastern-indonesia')!;
const englishOnly = incidents.find((i) => i.type === 'incident' && !i.tr)!;

let child: ChildProcess | undefined;
let url = '';
let output = '';
// The tests never touch what a developer's own `npm start` serves from .kabar-tmp/: they work in a temporary directory.
const WORK = mkdtempSync(path.join(tmpdir(), 'kabar-start-'));
const SERVED = path.join(PROJECT, '.kabar-tmp', 'example-dist', 'site', 'index.html');
const servedBefore = existsSync(SERVED) ? { mtime: statSync(SERVED).mtimeMs, text: readFileSync(SERVED, 'utf8') } : undefined;

beforeAll(async () => {
  child = spawn(NODE, ['scripts/start-example.ts', '--port', '0', '--work', WORK], {
    cwd: PROJECT,
    env: { ...process.env, SOURCE_DATE_EPOCH: String(NOW / 1000) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Kabar example status page: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve(match[1]!);
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.on('exit', (code) => reject(new Error(`npm start exited early (${code}):\n${output}`)));
  });
});

afterAll(() => {
  if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  rmSync(WORK, { recursive: true, force: true });
});

async function page(pathname: string): Promise<Document> {
  const response = await fetch(`${url}${pathname}`);
  expect(response.status, pathname).toBe(200);
  return parseHTML(await response.text()).document;
}

const linkTexts = (doc: Document, href: string) =>
  [...doc.querySelectorAll('a')].filter((a) => a.getAttribute('href') === href).map((a) => a.textContent?.trim());

describe('npm start', () => {
  it('builds in the work directory it is given, leaving the page a running npm start serves as it was', () => {
    expect(existsSync(path.join(WORK, 'example', 'kabar.config.ts'))).toBe(true);
    expect(existsSync(path.join(WORK, 'example-dist', 'site', 'index.html'))).toBe(true);
    const servedAfter = existsSync(SERVED) ? { mtime: statSync(SERVED).mtimeMs, text: readFileSync(SERVED, 'utf8') } : undefined;
    expect(servedAfter).toEqual(servedBefore);
  });

  it('serves the example generated for its clock, with the active incident on the home page', async () => {
    const doc = await page('/');
    expect(doc.documentElement.getAttribute('lang')).toBe('en');
    expect(linkTexts(doc, `/incidents/${exampleId(active)}/`)).toContain(active.title);
  });

  it('serves the Indonesian pages under /id/, translated where a translation exists', async () => {
    const doc = await page('/id/');
    expect(doc.documentElement.getAttribute('lang')).toBe('id');
    expect(linkTexts(doc, `/id/incidents/${exampleId(active)}/`)).toContain(active.tr!.id!.title);
  });

  it('marks an English-only incident as English on the Indonesian site', async () => {
    const doc = await page(`/id/incidents/${exampleId(englishOnly)}/`);
    const marked = [...doc.querySelectorAll('[lang="en"]')].map((e) => e.textContent ?? '');
    expect(marked.some((text) => text.includes(englishOnly.title))).toBe(true);
  });
});
