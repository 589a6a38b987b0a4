import type { NewComponent, NewGroup, RegroupedComponent } from './components.ts';

/**
 * Adds groups and components to a config file's text, only where that is safe:
 * the file has the shape `kabar init` writes (an `export default` object whose
 * `groups: [` and `components: [` arrays are plain lists, one entry per line or
 * all on one line). Anything else — a computed list, a spread, arrays built
 * elsewhere — is the user's code, and is left for them to change: the caller then
 * prints the block to add (see additionBlock) and says why. The caller also
 * loads the edited file and checks it holds exactly the old entries plus the new.
 */
export type ConfigEdit = { ok: true; text: string } | { ok: false; reason: string };

const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r?\n/g, ' ')}'`;

export const groupEntry = (g: NewGroup): string => `{ id: ${quote(g.id)}, name: ${quote(g.name)} }`;

export const componentEntry = (c: NewComponent): string =>
  `{ id: ${quote(c.id)}${c.group ? `, group: ${quote(c.group)}` : ''}, name: ${quote(c.name)}${c.description ? `, description: ${quote(c.description)}` : ''} }`;

/** The entry an import wrote for a component it added without a group. */
const ungroupedEntry = (c: RegroupedComponent): string => componentEntry({ id: c.id, name: c.name, ...(c.description && { description: c.description }) });

/**
 * Whether the config's text holds the component's entry exactly once, as an import wrote it
 * without a group: only then may an import give it one. A line the user has changed is theirs.
 */
export const regroupable = (source: string, c: RegroupedComponent): boolean => source.split(ungroupedEntry(c)).length === 2;

/** The lines to paste into `groups: [` and `components: [`, for when the file cannot be edited. */
export function additionBlock(groups: readonly NewGroup[], components: readonly NewComponent[], regrouped: readonly RegroupedComponent[] = []): string {
  const lines: string[] = [];
  if (regrouped.length > 0) lines.push('  // give these components their group:', ...regrouped.map((c) => `  //   ${c.id}: group: ${quote(c.group)}`));
  if (groups.length > 0) lines.push('  groups: [', '    // …the groups you have, then:', ...groups.map((g) => `    ${groupEntry(g)},`), '  ],');
  if (components.length > 0) lines.push('  components: [', '    // …the components you have, then:', ...components.map((c) => `    ${componentEntry(c)},`), '  ],');
  return lines.join('\n');
}

export function editConfigSource(source: string, groups: readonly NewGroup[], components: readonly NewComponent[], regrouped: readonly RegroupedComponent[] = []): ConfigEdit {
  if (!/^export default /m.test(source)) return { ok: false, reason: 'it has no "export default" object' };
  let text = source;
  for (const c of regrouped) {
    if (!regroupable(text, c)) return { ok: false, reason: `the entry of "${c.id}" is not the one an import wrote` };
    text = text.replace(ungroupedEntry(c), () => componentEntry(c));
  }
  if (components.length > 0) {
    const edited = appendToArray(text, 'components', components.map(componentEntry));
    if (!edited.ok) return edited;
    text = edited.text;
  }
  if (groups.length > 0) {
    const edited = appendToArray(text, 'groups', groups.map(groupEntry));
    if (edited.ok) text = edited.text;
    else if (/^\s*groups\s*:/m.test(text)) return edited;
    else {
      // No groups yet: a new list just above `components`, at its indentation.
      const lines = text.split('\n');
      const at = lines.findIndex((l) => /^\s*components\s*:\s*\[/.test(l));
      const indent = /^\s*/.exec(lines[at]!)![0];
      lines.splice(at, 0, `${indent}groups: [`, ...groups.map((g) => `${indent}  ${groupEntry(g)},`), `${indent}],`);
      text = lines.join('\n');
    }
  }
  return { ok: true, text };
}

function appendToArray(source: string, key: string, entries: string[]): ConfigEdit {
  const lines = source.split('\n');
  const opening = new RegExp(`^(\\s*)${key}\\s*:\\s*\\[(.*)$`);
  const found = lines.map((l, i) => [i, opening.exec(l)] as const).filter(([, m]) => m);
  if (found.length === 0) return { ok: false, reason: `it has no "${key}: [" list` };
  if (found.length > 1) return { ok: false, reason: `it has more than one "${key}: [" list` };
  const [at, match] = found[0]!;
  const indent = match![1]!;
  const rest = match![2]!.trim();

  // One line: `groups: [{ … }, { … }],`
  const oneLine = /^(.*)\]\s*(,?)\s*$/.exec(rest);
  if (rest !== '' && oneLine) {
    const inner = oneLine[1]!.trim().replace(/,\s*$/, '');
    const entry = String.raw`\{(?:[^{}]|\{[^{}]*\})*\}`;
    if (!new RegExp(`^(${entry}(\\s*,\\s*${entry})*)?$`).test(inner)) return { ok: false, reason: `its "${key}" list holds something other than plain entries` };
    lines[at] = `${indent}${key}: [${[inner, ...entries].filter(Boolean).join(', ')}]${oneLine[2]}`;
    return { ok: true, text: lines.join('\n') };
  }
  if (rest !== '') return { ok: false, reason: `its "${key}" list does not start on a line of its own` };

  // One entry per line, closed by "]," at the opening line's indentation.
  let close = -1;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (new RegExp(`^${indent}\\]\\s*,?\\s*$`).test(line)) {
      close = i;
      break;
    }
    if (line.trim() === '' || line.trim().startsWith('//')) continue;
    if (!line.startsWith(`${indent}  `) || !/^\s*\{.*\}\s*,?\s*(\/\/.*)?$/.test(line)) {
      return { ok: false, reason: `its "${key}" list holds something other than one plain entry per line (line ${i + 1})` };
    }
  }
  if (close < 0) return { ok: false, reason: `its "${key}" list is never closed by a "]," line` };
  const last = lines.slice(at + 1, close).findLastIndex((l) => l.trim() !== '' && !l.trim().startsWith('//'));
  if (last >= 0) {
    const index = at + 1 + last;
    const line = lines[index]!.trimEnd();
    if (line.endsWith('}')) lines[index] = `${line},`;
    else if (!line.endsWith(',')) return { ok: false, reason: `the last entry of its "${key}" list does not end in "}" or "," (line ${index + 1})` };
  }
  const entryIndent = `${indent}  `;
  lines.splice(close, 0, ...entries.map((e) => `${entryIndent}${e},`));
  return { ok: true, text: lines.join('\n') };
}
