/**
 * Writes a deterministic synthetic status repository for benchmarks.
 *
 *   node scripts/bench/generate-repo.ts --out <dir> --incidents 1000 [--per-year 1000] [--seed 1] [--now 2026-11-23T00:00:00Z]
 *
 * Same arguments → byte-identical files. 1 000 incidents a year (`--per-year 3650`: a dense
 * history of ten a day), two locales with domains (Indonesian translations for
 * about half the files), 12 components in 4 groups, 3 regions, 3–6 updates per incident and
 * roughly one maintenance in eight. History ends before `now` (pass the same instant to the
 * build as SOURCE_DATE_EPOCH) except for one upcoming maintenance and one active incident, which
 * are identical at every N.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

export interface GenerateOptions {
  out: string;
  incidents: number;
  /** Incidents a year (default 1 000); 3 650 is a dense history of ten a day. */
  perYear?: number;
  seed?: number;
  /** The instant the history leads up to (ms since epoch). */
  nowMs: number;
}

export const DEFAULT_NOW = Date.parse('2026-11-23T00:00:00Z');

/** mulberry32: tiny, seedable, identical on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GROUPS = [
  { id: 'storefront', en: 'Storefront', id_: 'Toko', components: [['website', 'Website', 'Situs web'], ['mobile-app', 'Mobile app', 'Aplikasi seluler'], ['search', 'Search', 'Pencarian']] },
  { id: 'payments', en: 'Payments', id_: 'Pembayaran', components: [['card-payments', 'Card payments', 'Pembayaran kartu'], ['bank-transfer', 'Bank transfer', 'Transfer bank'], ['e-wallets', 'E-wallets', 'Dompet digital']] },
  { id: 'platform', en: 'Platform', id_: 'Platform', components: [['api', 'API', 'API'], ['dashboard', 'Merchant dashboard', 'Dasbor merchant'], ['webhooks', 'Webhooks', 'Webhooks']] },
  { id: 'communication', en: 'Communication', id_: 'Komunikasi', components: [['email', 'Email', 'Email'], ['sms', 'SMS one-time codes', 'Kode sekali pakai SMS'], ['push', 'Push notifications', 'Notifikasi push']] },
] as const;
const COMPONENTS = GROUPS.flatMap((g) => g.components.map((c) => c[0]));
const REGIONS = ['western-indonesia', 'eastern-indonesia', 'singapore'];
const SEVERITIES = ['negligible', 'minimal', 'significant', 'serious', 'severe'];
const OUTAGES = ['degraded_performance', 'partial_outage', 'major_outage'];
const PROBLEMS_EN = ['slow', 'failing', 'unavailable', 'delayed', 'returning errors', 'timing out'];
const PROBLEMS_ID = ['lambat', 'gagal', 'tidak tersedia', 'tertunda', 'mengembalikan galat', 'kehabisan waktu'];

function configSource(): string {
  const groups = GROUPS.map((g) => `    { id: '${g.id}', name: { en: '${g.en}', id: '${g.id_}' } },`).join('\n');
  const components = GROUPS.flatMap((g) =>
    g.components.map((c) => `    { id: '${c[0]}', group: '${g.id}', name: { en: '${c[1]}', id: '${c[2]}' } },`),
  ).join('\n');
  return `// Synthetic benchmark site (generated; do not edit).
export default {
  name: 'Bench',
  timeZone: 'Asia/Jakarta',
  locales: [
    { tag: 'en', label: 'English', domain: 'status.bench.example.com' },
    { tag: 'id', label: 'Bahasa Indonesia', domain: 'status.bench.example.co.id' },
  ],
  groups: [
${groups}
  ],
  components: [
${components}
  ],
  regions: [
    { id: 'western-indonesia', name: { en: 'Western Indonesia', id: 'Indonesia Barat' } },
    { id: 'eastern-indonesia', name: { en: 'Eastern Indonesia', id: 'Indonesia Timur' } },
    { id: 'singapore', name: { en: 'Singapore', id: 'Singapura' } },
  ],
};
`;
}

/** `2026-11-20T10:05:00Z` (seconds dropped to whole minutes). */
const iso = (ms: number) => new Date(ms).toISOString().replace(/:\d\d\.\d{3}Z$/, ':00Z');
/** Update file name: `2026-11-20T1005Z`. */
const updateName = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace(':', '') + 'Z';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface File {
  rel: string;
  text: string;
}

function frontmatter(fields: Record<string, string | string[] | Record<string, string> | undefined>, body: string): string {
  const lines = ['---'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) lines.push(`${key}: [${value.join(', ')}]`);
    else if (typeof value === 'object') {
      lines.push(`${key}:`);
      for (const [k, v] of Object.entries(value)) lines.push(`  ${k}: ${v}`);
    } else lines.push(`${key}: ${JSON.stringify(value)}`);
  }
  lines.push('---');
  return `${lines.join('\n')}\n${body}${body ? '\n' : ''}`;
}

/** All files of the repo, in a fixed order. */
export function generateFiles(count: number, seed: number, nowMs: number, perYear = 1000): File[] {
  let rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const files: File[] = [{ rel: 'kabar.config.ts', text: configSource() }];
  // A constant rate (1 000 incidents a year by default: N = 10 000 is ten years of history): the recent
  // weeks look the same at every N, so what grows with N is only the length of the history.
  const spanDays = Math.max(30, Math.round((count * 365) / perYear));
  const start = nowMs - spanDays * DAY;
  const step = (spanDays * DAY) / count;
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    // The present (an upcoming maintenance, then the active incident) comes from its own random
    // stream and fixed times, so it is the same at every N and only the history differs.
    const upcoming = i === count - 2;
    if (upcoming || (last && count === 1)) rand = prng(seed ^ 0x5eed);
    const maintenance = upcoming || (!last && rand() < 0.125);
    const begin = upcoming ? nowMs - DAY : last ? nowMs - 90 * MINUTE : Math.floor((start + i * step + rand() * step * 0.5) / MINUTE) * MINUTE;
    const component = pick(COMPONENTS);
    const problem = int(0, PROBLEMS_EN.length - 1);
    let id = `${iso(begin).slice(0, 10)}-${component}-${maintenance ? 'maintenance' : PROBLEMS_EN[problem]!.replace(/ /g, '-')}`;
    for (let n = 2; ids.has(id); n++) id = id.replace(/(-\d+)?$/, `-${n}`);
    ids.add(id);
    const translated = rand() < 0.5;
    const regions = rand() < 0.4 ? [pick(REGIONS)] : undefined;
    const dir = `incidents/${id}`;
    const label = i >= count - 2 ? `P${count - i}` : String(i);
    if (maintenance) {
      const windowStart = upcoming ? nowMs + 3 * DAY : begin;
      const windowEnd = windowStart + int(1, 4) * 60 * MINUTE;
      files.push({
        rel: `${dir}/index.md`,
        text: frontmatter(
          { title: `Planned ${component} maintenance`, type: 'maintenance', window: { start: iso(windowStart), end: iso(windowEnd) }, components: { [component]: 'under_maintenance' }, regions, impact: `${component} may be unavailable during the window.` },
          `We are upgrading the ${component} systems (maintenance ${label}).`,
        ),
      });
      if (translated) files.push({ rel: `${dir}/index.id.md`, text: frontmatter({ title: `Pemeliharaan terjadwal ${component}` }, '') });
      const statuses = upcoming ? ['scheduled'] : ['scheduled', 'in_progress', 'completed'];
      const times = upcoming ? [begin] : [windowStart - int(1, 5) * DAY, windowStart, windowEnd - int(0, 20) * MINUTE];
      statuses.forEach((status, k) => {
        const name = updateName(times[k]!);
        files.push({ rel: `${dir}/${name}.md`, text: frontmatter({ at: iso(times[k]!), status }, `Maintenance ${label}: ${status.replace('_', ' ')}.`) });
        if (translated && rand() < 0.7) files.push({ rel: `${dir}/${name}.id.md`, text: frontmatter({}, `Pemeliharaan ${label}: ${status}.`) });
      });
      continue;
    }
    const started = begin;
    const updates = int(3, 6);
    const outage = pick(OUTAGES);
    files.push({
      rel: `${dir}/index.md`,
      text: frontmatter(
        { title: `${component} ${PROBLEMS_EN[problem]}`, severity: pick(SEVERITIES), started: iso(started), components: { [component]: outage }, regions, impact: `Some customers see ${component} ${PROBLEMS_EN[problem]}.`, workaround: rand() < 0.3 ? 'Try again in a few minutes.' : undefined },
        rand() < 0.3 ? `Incident number ${label}. See the updates below.` : '',
      ),
    });
    if (translated) files.push({ rel: `${dir}/index.id.md`, text: frontmatter({ title: `${component} ${PROBLEMS_ID[problem]}`, impact: rand() < 0.5 ? `Sebagian pelanggan mengalami ${component} ${PROBLEMS_ID[problem]}.` : undefined }, '') });
    let at = started + int(2, 15) * MINUTE;
    for (let k = 0; k < updates; k++) {
      // The active incident's updates are ten minutes apart and end just before now, so no promised update is overdue.
      if (last) at = nowMs - (updates - k) * 10 * MINUTE;
      // The last incident stays active (monitoring) so the home page shows a live incident.
      const final = k === updates - 1;
      const status = final ? (last ? 'monitoring' : 'resolved') : k === 0 ? 'investigating' : k === updates - 2 ? 'monitoring' : 'identified';
      const name = updateName(at);
      const next = final && !last ? undefined : iso(at + 30 * MINUTE);
      files.push({
        rel: `${dir}/${name}.md`,
        text: frontmatter(
          { at: iso(at), status, components: k === 1 ? { [component]: pick(OUTAGES) } : undefined, next_update: next, technical: rand() < 0.3 ? `Root cause notes for update ${k} of incident ${label}.` : undefined },
          `Update ${k + 1} of ${updates}: we are ${status === 'resolved' ? 'done; everything works again' : `working on ${component}`}.`,
        ),
      });
      if (translated && rand() < 0.6) files.push({ rel: `${dir}/${name}.id.md`, text: frontmatter({}, `Kabar ${k + 1} dari ${updates}: kami menangani ${component}.`) });
      at += int(10, 90) * MINUTE;
    }
  }
  return files;
}

/** Writes the repo into `out`, which must be absent, empty or a previous bench repo. */
export async function generateRepo(options: GenerateOptions): Promise<{ files: number }> {
  const out = path.resolve(options.out);
  const existing = await readdir(out).catch(() => [] as string[]);
  if (existing.length > 0 && !existing.includes('.kabar-bench')) {
    throw new Error(`${out} is not empty and not a benchmark repo; refusing to overwrite it. Pick an empty directory.`);
  }
  await rm(out, { recursive: true, force: true });
  const files = generateFiles(options.incidents, options.seed ?? 1, options.nowMs, options.perYear);
  const dirs = new Set(files.map((f) => path.dirname(path.join(out, f.rel))));
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, '.kabar-bench'), 'generated by scripts/bench/generate-repo.ts\n');
  for (const dir of dirs) await mkdir(dir, { recursive: true });
  // Bounded parallelism: 10 000 incidents are ~60 000 files.
  for (let i = 0; i < files.length; i += 256) {
    await Promise.all(files.slice(i, i + 256).map((f) => writeFile(path.join(out, f.rel), f.text)));
  }
  return { files: files.length };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      incidents: { type: 'string', default: '100' },
      'per-year': { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      now: { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out <dir> is required');
  const nowMs = values.now ? Date.parse(values.now) : DEFAULT_NOW;
  if (Number.isNaN(nowMs)) throw new Error(`--now: not a timestamp: ${values.now}`);
  const result = await generateRepo({ out: values.out, incidents: Number(values.incidents), perYear: Number(values['per-year']), seed: Number(values.seed), nowMs });
  process.stderr.write(`bench: wrote ${result.files} files to ${values.out}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
