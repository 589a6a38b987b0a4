import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMarkdownFile, readsQuickly, type MarkdownParse } from '../../src/core/content/frontmatter.ts';

// The fast reading of frontmatter (js-yaml) must give exactly what `yaml` gives, or step aside:
// every text here is read both ways and compared: data, body, problems, and the fields' lines.

const SCALARS = [
  'plain text', 'text: with colon', 'a#b', 'a # comment', '"double"', "'single'", "'it''s'", '"esc \\u00e9 \\x41 \\t \\N \\_"', '"\\u0007"',
  '', '~', 'null', 'Null', 'NULL', 'nUll', 'true', 'True', 'TRUE', 'tRue', 'false', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+12', '012', '0o17', '0o19', '0x1F', '0X1F', '0b101', '1_000', '1:30', '1.', '.5', '-.5', '1.50', '1e3', '1E-3', '+1.5e+2', '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'NaN', 'inf',
  '2026-11-20', '2026-11-20T10:05:00+07:00', '2026-11-20 10:05', '12:30', '"12:30"', '[]', '{}', '[a, b]', '[a, [b, c]]', '{a: 1, b: [x]}', '[a, b', '{a: 1',
  '|\n  line one\n  line two\n', '|-\n  kept\n\n', '|+\n  kept\n\n', '>\n  folded\n  text\n\n  para\n', '>-\n  x\n', '|2\n   indented\n', '|\n line\n  more\n',
  'multi\n  line\n  plain', '"multi\n  line quoted"', '"col0\nstatus: quoted"', "'col0\nnext: single'", 'x\ny: z', 'trailing   ', '  leading', '"unterminated', "'unterminated",
  '- a\n- b', '\n  - a\n  - b', '\n- a\n- b', '\n  key: v\n  other: [1, 2]', '\n  key: v\n   bad: indent', 'a: b', 'a: b: c', '@at', '`tick', '%percent', 'ü ñ 中文 😀', '\\backslash', '"\\q"',
  '[a,\nb]', '[a,\n  b]', '{a: 1,\nb: 2}', '{a: 1,\n   b: 2}', '"a" "b', '"a \\"\nb: c"', "'it''s\nb: c'", 'x [y', '"x\n   y"', "'x\n   y'", '|\nnot indented', '>\n  a\n b',
  '&anchor x', '*alias', '!!str 12', '!!int "7"', '!custom x', '!!binary aGk=', 'a & b', 'why?', '? odd', '<< merge', 'x\t# tab', '| # comment\n  text\n',
];
const KEYS = ['title', '__proto__', 'constructor', 'null', '~', '"null"', '1', 'true', '"quoted key"', 'with space', 'k:x', '? complex', '[a, b]', '{a: 1}', '"a\\tb"'];

function bothWays(text: string): [MarkdownParse, MarkdownParse] {
  return [parseMarkdownFile('incidents/x/index.md', text), parseMarkdownFile('incidents/x/index.md', text, { fast: true })];
}

function expectSame(text: string): void {
  const [exact, fast] = bothWays(text);
  const shape = (p: MarkdownParse) => (p.ok ? { ok: true, data: p.doc.data, body: p.doc.body, bodyLine: p.doc.bodyLine } : p);
  expect(shape(fast), text).toEqual(shape(exact));
  if (exact.ok && fast.ok) {
    for (const key of Object.keys(exact.doc.data)) {
      expect(fast.doc.lineOf([key]), `${text}\nline of ${key}`).toBe(exact.doc.lineOf([key]));
      const inner = exact.doc.data[key];
      if (inner && typeof inner === 'object') for (const k of Object.keys(inner)) expect(fast.doc.lineOf([key, k]), `${text}\nline of ${key}.${k}`).toBe(exact.doc.lineOf([key, k]));
    }
    expect(fast.doc.lineOf(['absent'])).toBe(exact.doc.lineOf(['absent']));
  }
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(full).isDirectory() ? markdownFiles(full) : name.endsWith('.md') ? [full] : [];
  });
}

describe('the fast frontmatter reading gives what yaml gives', () => {
  it('for every scalar, flow and block form, as a value, in a map and in a sequence', () => {
    for (const value of SCALARS) {
      const indented = value.replace(/\n/g, '\n  ');
      expectSame(`---\ntitle: ${value}\nstatus: investigating\n---\nBody\n`);
      expectSame(`---\nstatus: investigating\ncomponents:\n  api: ${indented}\nnext: 1\n---\n`);
      expectSame(`---\nlist:\n  - ${indented}\n  - second\n---\n`);
      expectSame(`---\nflow: [${value.replace(/\n/g, ' ')}, x]\n---\n`);
    }
  });

  it('for every kind of key, and for duplicate keys', () => {
    for (const key of KEYS) {
      expectSame(`---\n${key}: value\nstatus: x\n---\n`);
      expectSame(`---\nmap:\n  ${key}: value\n---\n`);
      expectSame(`---\nmap: {${key}: value}\n---\n`);
    }
    expectSame('---\ntitle: a\ntitle: b\n---\n');
    expectSame('---\nmap:\n  a: 1\n  a: 2\n---\n');
  });

  it('for whole documents: empty, not a map, comments, Windows line ends, a byte order mark, every way to open and close', () => {
    for (const text of ['---\n---\n', '---\n# only a comment\n---\n', '---\n- a\n- b\n---\n', '---\njust text\n---\n', '---\n42\n---\n', '\uFEFF---\r\ntitle: x\r\n---\r\nbody\r\n', '---\ntitle: x # c\n# c\nstatus: y\n---\n', '---\ntitle: x\n...\n---\n', '---\n%YAML 1.2\n---\n',
      '---yaml\ntitle: x\n---\nbody', '---yml  \ntitle: x\n---\n', '---   \ntitle: x\n---\n', '---\ntitle: a\n---more\n---\nbody', '---\ntitle: a\n---\n\n\nbody\n---\nmore',
      '---\ntitle: a\n---', '---\ntitle: a\n---  \nbody', '---\n#\n---\n', '---\n  # indented comment\n---\nbody', '---\n# c\ntitle: a\n---\n', '---\n\n\ntitle: a\n\n---\n']) expectSame(text);
  });

  it("for every Markdown file in the project's fixtures and its own status page", () => {
    const files = [...markdownFiles(path.resolve('test/fixtures')), ...markdownFiles(path.resolve('incidents'))];
    expect(files.length).toBeGreaterThan(50);
    let quick = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!text.startsWith('---')) continue;
      expectSame(text);
      if (readsQuickly(text.slice(text.indexOf('\n'), text.indexOf('\n---', 3)))) quick++;
    }
    // Most real files take the fast way: otherwise it would be compared here without being used.
    expect(quick).toBeGreaterThan(files.length * 0.7);
  });
});
