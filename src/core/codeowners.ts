import ignore from 'ignore';

/**
 * GitHub's CODEOWNERS: who owns a path. Patterns follow .gitignore rules (the
 * `ignore` package implements them) and the last matching line wins, as on
 * GitHub. Owners are `@user`, `@org/team` or e-mail addresses.
 */

/** Where GitHub looks for the file, in its order; the first one found is used. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface CodeownersRule {
  pattern: string;
  owners: string[];
  line: number;
}

export interface Owners {
  /** GitHub logins, without `@`. */
  users: string[];
  /** Team slugs of `@org/team`, without the org (what the review-request API takes). */
  teams: string[];
  /** E-mail owners, which the review-request API cannot take. */
  emails: string[];
  /** Every owner as written on the matching line. */
  all: string[];
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    // `#` starts a comment unless escaped (`\#` is a literal hash in a pattern).
    const line = raw.replace(/(^|[^\\])#.*$/, '$1').trim();
    if (!line) return;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({ pattern: pattern!, owners, line: index + 1 });
  });
  return rules;
}

/** The owners of `path` (relative to the repository root, `/`-separated): the last matching rule's. */
export function ownersOf(rules: readonly CodeownersRule[], path: string): Owners {
  const match = rules.findLast((rule) => ignore().add(rule.pattern).ignores(path));
  const owners: Owners = { users: [], teams: [], emails: [], all: [...(match?.owners ?? [])] };
  for (const owner of match?.owners ?? []) {
    const team = /^@[\w.-]+\/([\w.-]+)$/.exec(owner);
    if (team) owners.teams.push(team[1]!);
    else if (/^@[\w-]+$/.test(owner)) owners.users.push(owner.slice(1));
    else if (owner.includes('@')) owners.emails.push(owner);
  }
  return owners;
}

/** `--reviewer` values: `@login` and `@org/team` can be requested on GitHub; plain names are only recorded. */
export function splitReviewers(values: readonly string[]): Omit<Owners, 'emails' | 'all'> & { names: string[] } {
  const out = { users: [] as string[], teams: [] as string[], names: [] as string[] };
  for (const value of values) {
    const v = value.trim();
    const team = /^@[\w.-]+\/([\w.-]+)$/.exec(v);
    if (team) out.teams.push(team[1]!);
    else if (/^@[\w-]+$/.test(v)) out.users.push(v.slice(1));
    else if (v) out.names.push(v);
  }
  return out;
}
