/**
 * Page-weight figures of a built site, for the README's budget table.
 *
 *   node scripts/measure-site.ts <out-dir>
 *
 * For each site in `<out-dir>` (a domain directory or `site/`): the home page's
 * HTML (CSS is inlined, so this is HTML + CSS) raw and gzipped, against the
 * 14 KB first-round-trip budget, plus the largest page.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const HOME_BUDGET_BYTES = 14 * 1024;

export interface SiteFigures {
  site: string;
  pages: number;
  homeRaw: number;
  homeGzip: number;
  largestPage: string;
  largestGzip: number;
}

const gz = (data: Buffer) => gzipSync(data, { level: 9 }).length;

export async function measureSite(dir: string, site: string): Promise<SiteFigures> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const pages = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => path.join(e.parentPath, e.name));
  const home = await readFile(path.join(dir, 'index.html'));
  let largestPage = 'index.html';
  let largestGzip = 0;
  for (const file of pages) {
    const size = gz(await readFile(file));
    if (size > largestGzip) [largestPage, largestGzip] = [path.relative(dir, file), size];
  }
  return { site, pages: pages.length, homeRaw: home.length, homeGzip: gz(home), largestPage, largestGzip };
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'dist');
  const sites = (await readdir(out, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  let over = false;
  for (const site of sites) {
    const f = await measureSite(path.join(out, site), site);
    over ||= f.homeGzip > HOME_BUDGET_BYTES;
    process.stdout.write(
      `${f.site}: ${f.pages} pages; home ${(f.homeRaw / 1024).toFixed(1)} KB raw, ${(f.homeGzip / 1024).toFixed(1)} KB gzipped (budget 14 KB); largest ${f.largestPage} ${(f.largestGzip / 1024).toFixed(1)} KB gzipped\n`,
    );
  }
  process.exitCode = over ? 1 : 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
