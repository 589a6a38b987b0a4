import { createRequire } from 'node:module';
import type matter from 'gray-matter';
import jsYaml from 'js-yaml';
import type * as Yaml from 'yaml';
import type { Document, LineCounter, Node } from 'yaml';
import type { Problem } from '../problems.ts';

/**
 * gray-matter and `yaml` read what the fast way below does not, and find lines for messages:
 * loaded on first use, since a build that reads only what changed seldom needs them, and
 * loading them cost every build 0.06 s.
 */
const load = createRequire(import.meta.url);
let yamlModule: typeof Yaml | undefined;
const yaml = (): typeof Yaml => (yamlModule ??= load('yaml') as typeof Yaml);
let matterModule: typeof matter | undefined;
const grayMatter = (): typeof matter => (matterModule ??= load('gray-matter') as typeof matter);

/** A Markdown file split into YAML frontmatter and body, with a way to find any field's line. */
export interface MarkdownFile {
  /** Repository-relative path. */
  file: string;
  data: Record<string, unknown>;
  body: string;
  /** 1-based line of the first body line. */
  bodyLine: number;
  /** 1-based line of the field at `path` (or of its nearest present parent; 1 for the frontmatter as a whole). */
  lineOf(path: readonly PropertyKey[]): number;
}

export type MarkdownParse = { ok: true; doc: MarkdownFile } | { ok: false; problems: Problem[] };

class RefusedEngine extends Error {}

/**
 * Content arrives in pull requests, so it is untrusted: gray-matter's `---js`
 * engine would evaluate it. Every engine but YAML refuses, and YAML is parsed by
 * `yaml` (YAML 1.2 core schema: timestamps stay strings, so their offsets are
 * kept) with duplicate keys rejected and line numbers tracked.
 */
export function parseMarkdownFile(file: string, text: string, options: { fast?: boolean } = {}): MarkdownParse {
  const unmarked = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const source = unmarked.includes('\r') ? unmarked.replace(/\r\n?/g, '\n') : unmarked;
  const problem = (line: number, message: string, field = 'frontmatter'): MarkdownParse => ({
    ok: false,
    problems: [{ file, line, field, message, severity: 'error' }],
  });
  if (!/^---[^\n]*\n/.test(source)) {
    return problem(1, 'missing (expected the file to start with a "---" line, then YAML fields, then a closing "---" line)');
  }
  const opening = source.slice(3, source.indexOf('\n')).trim();
  if (opening !== '' && opening !== 'yaml' && opening !== 'yml') {
    return problem(1, `"---${opening}" frontmatter is not allowed (expected YAML: a line with only "---")`);
  }
  if (!/\n---[ \t]*(\n|$)/.test(source.slice(source.indexOf('\n')))) {
    return problem(1, 'is never closed (expected a line with only "---" after the fields)');
  }

  if (options.fast) {
    const quick = quickRead(file, source);
    if (quick) return quick;
  }

  const { LineCounter, parseDocument } = yaml();
  let yamlDoc: Document | undefined;
  const lineCounter = new LineCounter();
  const refuse = () => {
    throw new RefusedEngine();
  };
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = grayMatter()(source, {
      language: 'yaml',
      engines: {
        yaml: (input: string) => {
          yamlDoc = parseDocument(input, { lineCounter, uniqueKeys: true, schema: 'core', prettyErrors: true });
          return {};
        },
        javascript: refuse,
        js: refuse,
        json: refuse,
        coffee: refuse,
        toml: refuse,
      } as unknown as matter.GrayMatterOption<string, never>['engines'],
    });
  } catch (error) {
    if (error instanceof RefusedEngine) return problem(1, 'only YAML frontmatter is allowed');
    throw error;
  }

  const bodyLine = lineAt(source, source.length - parsed.content.length);
  const doc = yamlDoc;
  if (!doc) {
    return { ok: true, doc: { file, data: {}, body: parsed.content, bodyLine, lineOf: () => 1 } };
  }
  // gray-matter hands over the text after the opening "---", starting with that line's newline, so YAML line n is file line n.
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        field: 'frontmatter',
        message: `YAML syntax error: ${firstLine(e.message)} (expected valid YAML, e.g. "title: API errors"; quote text that contains ": " or starts with a special character)`,
        severity: 'error' as const,
      })),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    // A "billion laughs" of anchors and aliases: refuse it before it expands.
    const line = firstAliasLine(doc, lineCounter);
    return problem(line, `YAML aliases expand too far (${firstLine(error instanceof Error ? error.message : String(error))}) (expected plain values: write the text out instead of repeating it with *aliases)`);
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    return problem(2, 'is not a map of fields (expected lines of "field: value")');
  }
  // A small index rather than the YAML document: a repository's every parsed file stays
  // reachable until validation ends, and 70 000 syntax trees cost more in garbage collection
  // than parsing them.
  // (Built by a top-level function: a closure made here would keep this scope, and so the document, alive.)
  const lineOf = lineLookup(lineIndex(doc, lineCounter));
  return { ok: true, doc: { file, data: (data ?? {}) as Record<string, unknown>, body: parsed.content, bodyLine, lineOf } };
}

/** The 1-based line of the character at `index`. */
function lineAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

/**
 * The fast way to read a file whose frontmatter opens and closes (checked by the caller), or
 * undefined where it does not read the file exactly as the way below does.
 */
function quickRead(file: string, source: string): MarkdownParse | undefined {
  const { yaml: fields, body } = splitLikeGrayMatter(source);
  const bodyLine = lineAt(source, source.length - body.length);
  if (fields === undefined) return { ok: true, doc: { file, data: {}, body, bodyLine, lineOf: () => 1 } };
  const data = quickYaml(fields);
  if (data === NOT_QUICK || (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data)))) return undefined;
  return { ok: true, doc: { file, data: (data ?? {}) as Record<string, unknown>, body, bodyLine, lineOf: lazyYamlLines(fields) } };
}

/**
 * gray-matter's own split (its parseMatter) of a frontmatter that opens and closes, without the
 * file object it builds around it (a copy of the text as a Buffer, and more): over 70 000 files,
 * that took longer than reading the YAML. Tests check it against gray-matter. `yaml` is undefined
 * for a frontmatter of only blanks and comments, which gray-matter does not hand to an engine.
 */
function splitLikeGrayMatter(source: string): { yaml: string | undefined; body: string } {
  let rest = source.slice(3);
  const language = rest.slice(0, rest.indexOf('\n'));
  if (language.trim() !== '') rest = rest.slice(language.length);
  let close = rest.indexOf('\n---');
  if (close === -1) close = rest.length;
  const yaml = rest.slice(0, close);
  let body = close === rest.length ? '' : rest.slice(close + 4);
  if (body[0] === '\r') body = body.slice(1);
  if (body[0] === '\n') body = body.slice(1);
  return { yaml: yaml.replace(/^\s*#[^\n]+/gm, '').trim() === '' ? undefined : yaml, body };
}

/**
 * The fast reading of frontmatter, for validating years of history: js-yaml is ten times faster
 * than `yaml` but keeps no positions. It reads only what both read alike: YAML 1.2's core schema
 * exactly as `yaml` resolves it (below), and no tabs, anchors, aliases, tags, directives, explicit
 * keys or null keys. Anything else, and any text js-yaml refuses, is NOT_QUICK and goes to `yaml`,
 * whose messages and lines are the ones users see.
 */
function quickYaml(input: string): unknown {
  if (NOT_QUICK_SYNTAX.test(input) || input.split('\n').some(leftOpen)) return NOT_QUICK;
  let data: unknown;
  try {
    data = jsYaml.load(input, { schema: CORE_AS_YAML_READS_IT });
  } catch {
    return NOT_QUICK;
  }
  return hasNullKey(data) ? NOT_QUICK : data;
}

const NOT_QUICK: unique symbol = Symbol('not quick');
/** Tabs; anchors, aliases and tags where a node starts; directives and document markers; "? " keys; merge keys; collections as keys. */
const NOT_QUICK_SYNTAX = /\t|(?:^|[\s,[{])[&*!]|^(?:%|---|\.\.\.)|(?:^|[\s,[{])\?(?:\s|$)|<<|(?:^|[\s,[{])[[{][^\n]*[\]}][ ]*:(?:[ ]|$)/m;

/**
 * A line that leaves a quoted scalar or a flow collection open: the two parsers disagree on how
 * far the lines that continue it must be indented. (Judged roughly, erring towards `yaml`.)
 */
function leftOpen(line: string): boolean {
  const quote = QUOTE_START.exec(line);
  if (quote) {
    const rest = line.slice(quote.index + quote[0].length);
    if (!(quote[1] === '"' ? rest.replace(/\\./g, '') : rest.replace(/''/g, '')).includes(quote[1]!)) return true;
  }
  let depth = 0;
  for (const char of line) if (char === '[' || char === '{') depth++;
  else if (char === ']' || char === '}') depth--;
  return depth !== 0;
}

/** Whether a frontmatter's YAML text takes the fast way. */
export const readsQuickly = (fields: string): boolean => quickYaml(fields) !== NOT_QUICK;

/** A quote where a scalar may start: first on the line, or after a space or a flow indicator. */
const QUOTE_START = /(?:^|[\s,[{:])(["'])/;

/** js-yaml writes a null key as "null" where `yaml` writes "": such a text is read by `yaml`. */
function hasNullKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullKey);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, inner] of Object.entries(value)) if (key === 'null' || hasNullKey(inner)) return true;
  return false;
}

/** `yaml`'s core schema (yaml/dist/schema/core), as js-yaml types: same patterns, same order, same values. */
const CORE_AS_YAML_READS_IT = jsYaml.FAILSAFE_SCHEMA.extend({
  implicit: [
    new jsYaml.Type('tag:yaml.org,2002:null', { kind: 'scalar', resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
    new jsYaml.Type('tag:yaml.org,2002:bool', { kind: 'scalar', resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s), construct: (s: string) => s[0] === 't' || s[0] === 'T' }),
    new jsYaml.Type('tag:yaml.org,2002:int', {
      kind: 'scalar',
      resolve: (s: string) => /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(s),
      construct: (s: string) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10)),
    }),
    new jsYaml.Type('tag:yaml.org,2002:float', {
      kind: 'scalar',
      resolve: (s: string) => /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/.test(s),
      construct: (s: string) => (/^\.nan$/i.test(s) ? NaN : /inf$/i.test(s) ? (s[0] === '-' ? -Infinity : Infinity) : parseFloat(s)),
    }),
  ],
});

/**
 * Lines for a quickly read frontmatter, worked out by `yaml` on first use: most files are never
 * asked (only a warning or an error needs a line), and only the text is kept until then.
 * (Top-level functions, so each closure holds the text alone.)
 */
function lazyYamlLines(text: string): LineOf {
  return onFirstUse(() => {
    const { LineCounter, parseDocument } = yaml();
    const counter = new LineCounter();
    return lineLookup(lineIndex(parseDocument(text, { lineCounter: counter, uniqueKeys: true, schema: 'core' }), counter));
  });
}

function onFirstUse(make: () => LineOf): LineOf {
  let lookup: LineOf | undefined;
  return (path) => (lookup ??= make())(path);
}

type LineOf = (path: readonly PropertyKey[]) => number;

function firstAliasLine(doc: Document, lineCounter: LineCounter): number {
  const { isAlias, visit } = yaml();
  let line = 1;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

const KEY_SEPARATOR = '\u0000';

/** The line of the field at `path`, or of its nearest present parent; 1 for the frontmatter as a whole. */
function lineLookup(lines: ReadonlyMap<string, number>): (path: readonly PropertyKey[]) => number {
  return (path) => {
    let line = 1;
    let key = '';
    for (const part of path) {
      key += `${KEY_SEPARATOR}${String(part)}`;
      const found = lines.get(key);
      if (found === undefined) break;
      line = found;
    }
    return line;
  };
}

/** The line of every key and sequence item, by its path (parts joined with KEY_SEPARATOR); the first of equal keys wins. */
function lineIndex(doc: Document, counter: LineCounter): Map<string, number> {
  const { isMap, isScalar, isSeq } = yaml();
  const lines = new Map<string, number>();
  const lineAt = (n: Node | null | undefined) => (n?.range ? counter.linePos(n.range[0]).line : undefined);
  const visit = (node: unknown, prefix: string, parentLine: number) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = `${prefix}${KEY_SEPARATOR}${isScalar(pair.key) ? String(pair.key.value) : String(pair.key)}`;
        if (lines.has(key)) continue;
        const line = lineAt(pair.key as Node) ?? parentLine;
        lines.set(key, line);
        visit(pair.value, key, line);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const key = `${prefix}${KEY_SEPARATOR}${i}`;
        const line = lineAt(item as Node) ?? parentLine;
        lines.set(key, line);
        visit(item, key, line);
      });
    }
  };
  visit(doc.contents, '', 1);
  return lines;
}
