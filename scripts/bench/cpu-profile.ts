/**
 * What a V8 CPU profile (`node --cpu-prof`, the `.cpuprofile` format Chrome's DevTools open) says
 * about where a process's time went: its sampled time summed by where the running code lives
 * (Kabar's own modules by directory, each dependency by package, Node's built-ins, V8's own work,
 * garbage collection, idle), and the functions that took the most. Pure: the caller reads the files.
 */

/** The parts of a `.cpuprofile` this module reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** Microseconds. */
  startTime: number;
  endTime: number;
  /** The node running at each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

/** Which of a build's processes a profile is, told by the code it ran. */
export type ProcessRole = 'kabar build' | 'render child' | 'other';

export interface TimeShare {
  name: string;
  ms: number;
}

export interface ProfileSummary {
  role: ProcessRole;
  /** From the profiler's start to its end (the process's life, but for Node's own start before it). */
  totalMs: number;
  /** Sampled time by where the running code lives, largest first; they add up to totalMs. */
  categories: TimeShare[];
  /** The functions with the most time of their own, largest first. */
  functions: (TimeShare & { location: string })[];
}

const NATIVE = 'V8 and Node native work (parsing, compiling, loading, I/O callbacks)';
/** V8's names for time spent outside any JavaScript function (a Map: a function may be called `toString`). */
const V8_OWN = new Map([
  ['(garbage collector)', 'garbage collection'],
  ['(program)', NATIVE],
  ['(idle)', 'idle (waiting for I/O or the other process)'],
  ['(root)', NATIVE],
]);

/**
 * Where code at `url` lives: `kabar: <dir>` for Kabar's own modules (`kabarRoot` is the package's
 * directory as a file URL, ending in `/`), the package's name for a dependency, `node: built-ins`
 * for Node's own modules, `(other)` for code with no file (an `eval`, a `-e` script).
 */
export function codeHome(url: string, kabarRoot: string): string {
  if (url.startsWith('node:')) return 'node: built-ins';
  if (url.startsWith(kabarRoot)) {
    const [top, sub] = url.slice(kabarRoot.length).split('/');
    if (top === 'lib' && sub === 'renderer') return 'kabar: lib/renderer (the compiled pages, with Astro\'s runtime)';
    return `kabar: ${top}${sub && (top === 'lib' || top === 'src') && !sub.includes('.') ? `/${sub}` : ''}`;
  }
  const inModules = url.lastIndexOf('/node_modules/');
  if (inModules >= 0) {
    const [scope, name] = url.slice(inModules + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  return '(other)';
}

/** The render child runs src/build/render-child; `kabar build` runs the CLI's entry. */
export function processRole(profile: CpuProfile): ProcessRole {
  const urls = profile.nodes.map((n) => n.callFrame.url);
  if (urls.some((u) => /\/build\/render-child\.(js|ts)$/.test(u))) return 'render child';
  if (urls.some((u) => /\/cli\/main\.(js|ts)$/.test(u))) return 'kabar build';
  return 'other';
}

/** Sums a profile's samples by where their code lives and by function. */
export function summarizeProfile(profile: CpuProfile, kabarRoot: string, topFunctions = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const categories = new Map<string, number>();
  const functions = new Map<string, TimeShare & { location: string }>();
  // A sample's time is the interval until the next sample, as DevTools counts it; the last runs to endTime.
  let at = profile.startTime;
  const times = profile.timeDeltas.map((delta) => (at += delta));
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    if (!node) continue;
    const ms = ((times[i + 1] ?? profile.endTime) - times[i]!) / 1000;
    const { functionName, url, lineNumber } = node.callFrame;
    const home = V8_OWN.get(functionName) ?? (url === '' ? NATIVE : codeHome(url, kabarRoot));
    categories.set(home, (categories.get(home) ?? 0) + ms);
    if (url === '') continue;
    const location = `${shortUrl(url, kabarRoot)}:${lineNumber + 1}`;
    const key = `${functionName}@${location}`;
    const found = functions.get(key) ?? functions.set(key, { name: functionName || '(anonymous)', location, ms: 0 }).get(key)!;
    found.ms += ms;
  }
  // Before the first sample: the profiler was running, nothing was sampled yet.
  const unsampled = (times[0] ?? profile.endTime) - profile.startTime;
  if (unsampled > 0) categories.set(NATIVE, (categories.get(NATIVE) ?? 0) + unsampled / 1000);
  return {
    role: processRole(profile),
    totalMs: (profile.endTime - profile.startTime) / 1000,
    categories: [...categories].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, topFunctions),
  };
}

/** A file URL as a path people read: from the package's directory, or from `node_modules/`. */
function shortUrl(url: string, kabarRoot: string): string {
  if (url.startsWith(kabarRoot)) return url.slice(kabarRoot.length);
  const inModules = url.lastIndexOf('/node_modules/');
  return inModules >= 0 ? url.slice(inModules + 1) : url;
}

/** The summaries as Markdown: per process, its time by where the code lives, then its busiest functions. */
export function profileMarkdown(summaries: readonly ProfileSummary[]): string {
  const ms = (n: number) => n.toFixed(0);
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`**${s.role}** (${ms(s.totalMs)} ms profiled):`, '', '| where the code lives | ms | share |', '|---|---:|---:|');
    for (const c of s.categories) if (c.ms >= 0.5) lines.push(`| ${c.name} | ${ms(c.ms)} | ${((100 * c.ms) / s.totalMs).toFixed(0)} % |`);
    lines.push('', '| function | where | ms |', '|---|---|---:|');
    for (const f of s.functions) lines.push(`| \`${f.name.replaceAll('|', '\\|')}\` | ${f.location} | ${f.ms.toFixed(1)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
