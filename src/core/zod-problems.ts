import type { z } from 'zod';
import { removedRenameAt, renamedFieldMessage, type RenamedField } from './config/renamed-fields.ts';
import type { Problem } from './problems.ts';

/** Dotted field path as users write it in YAML: `components.api`, `window.start`, `locales[1].tag`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || 'frontmatter';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  object: 'a map of fields',
  array: 'a list',
  record: 'a map',
};

/** One readable sentence per zod issue, always ending in what was expected. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return `missing (expected ${expected})`;
      return `found ${describe(issue.input)} (expected ${expected})`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (issue.input === undefined) return `missing (expected one of: ${values.join(', ')})`;
      const near = typeof issue.input === 'string' ? suggest(issue.input, values) : undefined;
      return `found ${describe(issue.input)} (${near ? `did you mean "${near}"? ` : ''}expected one of: ${values.join(', ')})`;
    }
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo? see the content format reference for the allowed fields)`;
    case 'too_small':
      if (issue.origin === 'string') return issue.minimum === 1 ? 'is empty (expected some text)' : `is too short (expected at least ${issue.minimum} characters)`;
      if (issue.origin === 'array') return `has too few entries (expected at least ${issue.minimum})`;
      return `is too small (expected at least ${issue.minimum})`;
    case 'too_big':
      if (issue.origin === 'string') return `is ${typeof issue.input === 'string' ? `${issue.input.length.toLocaleString('en')} characters` : 'too'} long (expected at most ${issue.maximum.toLocaleString('en')} characters)`;
      if (issue.origin === 'array') return `has too many entries (expected at most ${issue.maximum})`;
      return `is too large (expected at most ${issue.maximum})`;
    case 'invalid_union':
      // A discriminated union (e.g. a notification channel's `type`) lists its options.
      if ('options' in issue && Array.isArray(issue.options)) {
        const key = 'discriminator' in issue ? String(issue.discriminator) : '';
        const value = issue.input && typeof issue.input === 'object' && key ? (issue.input as Record<string, unknown>)[key] : issue.input;
        return `${value === undefined ? 'missing' : `found ${describe(value)}`} (expected one of: ${issue.options.map(String).join(', ')})`;
      }
      return `found ${describe(issue.input)} (expected ${issue.message && issue.message !== 'Invalid input' ? issue.message : 'text, or a map of locale tag to text'})`;
    default:
      // Custom and format messages are written as "expected …"; say what was found first.
      if (issue.message.startsWith('expected') && 'input' in issue && issue.input !== undefined) return `found ${describe(issue.input)} (${issue.message})`;
      return issue.message;
  }
}

/**
 * Converts zod issues to problems. Unknown keys are reported one per key, at
 * the key's own line, because a typo is easiest to fix where it stands.
 */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number,
  knownFields: readonly string[] | ((path: readonly PropertyKey[]) => readonly string[]) = [],
  renames: readonly RenamedField[] = [],
): Problem[] {
  const prefix: PropertyKey[] = [];
  const problems: Problem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const removed = removedRenameAt([...path, key], renames);
        problems.push({
          file,
          line: lineOf([...path, key]),
          field: fieldPath([...path, key]),
          message: removed ? renamedFieldMessage(removed, true) : unknownFieldMessage(key, typeof knownFields === 'function' ? knownFields(path) : knownFields),
          severity: 'error',
        });
      }
      continue;
    }
    problems.push({ file, line: lineOf(path), field: fieldPath(path), message: describeIssue(issue), severity: 'error' });
  }
  return problems;
}

function unknownFieldMessage(key: string, knownFields: readonly string[]): string {
  const close = closest(key, knownFields);
  const allowed = knownFields.length > 0 ? `expected one of: ${knownFields.join(', ')}` : 'see the content format reference';
  return close ? `unknown field (did you mean "${close}"? ${allowed})` : `unknown field (${allowed})`;
}

/** The known name nearest to a typo, by edit distance, if it is close enough to be the intended one. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A "did you mean" for a typed value among known ones: the nearest by edit
 * distance, or else the only one that holds every typed letter in order
 * (`monorng` → `monitoring`, `major` → `major_outage`), which edit distance
 * alone misses for a word typed with letters left out.
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const near = closest(word, candidates);
  if (near || word.length < 3) return near;
  const letters = word.toLowerCase();
  const holding = candidates.filter((c) => isSubsequence(letters, c.toLowerCase()));
  return holding.length === 1 ? holding[0] : undefined;
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}
