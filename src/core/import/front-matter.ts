import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';

/**
 * Hugo front matter as cState sites write it: YAML between `---` lines, TOML between
 * `+++` lines, or a JSON object. Parsed as data only (YAML 1.2 core schema, so times
 * stay the strings they were written as); nothing is ever executed.
 */
export type FrontMatter = { ok: true; data: Record<string, unknown>; body: string } | { ok: false; reason: string };

export function parseFrontMatter(text: string): FrontMatter {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fenced = /^(---|\+\+\+)[ \t]*\n([\s\S]*?)\n?\1[ \t]*(?:\n|$)/.exec(source);
  try {
    if (fenced) {
      const raw = fenced[1] === '---' ? parseYaml(fenced[2]!, { schema: 'core' }) : parseToml(fenced[2]!);
      return asData(raw ?? {}, source.slice(fenced[0].length));
    }
    if (source.startsWith('{')) {
      const end = jsonEnd(source);
      if (end > 0) return asData(JSON.parse(source.slice(0, end)), source.slice(end));
    }
  } catch (error) {
    return { ok: false, reason: `its front matter does not parse (${(error as Error).message.split('\n')[0]})` };
  }
  return { ok: false, reason: 'it has no front matter (expected "---" YAML, "+++" TOML or a JSON object at the top)' };
}

/** Parses a Hugo config file by its extension. */
export function parseConfigText(name: string, text: string): Record<string, unknown> {
  const raw: unknown = name.endsWith('.toml') ? parseToml(text) : name.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { schema: 'core' });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('expected a map of settings at the top level');
  return raw as Record<string, unknown>;
}

function asData(raw: unknown, body: string): FrontMatter {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'its front matter is not a map of fields' };
  return { ok: true, data: raw as Record<string, unknown>, body: body.replace(/^\n+/, '') };
}

/** Index just past the JSON object that opens the text (braces inside strings skipped). */
function jsonEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}
