/**
 * A problem found in a user's files. Errors stop the build; warnings are
 * communication advice that `kabar check --strict` turns into failures.
 */
export interface Problem {
  /** Repository-relative path with forward slashes, e.g. `incidents/2026-11-20-api/index.md`. */
  file: string;
  /** 1-based line in `file`; 1 when the problem concerns the file as a whole. */
  line: number;
  /** The field (dotted path) or aspect concerned, e.g. `components.api`, `frontmatter`, `file`. */
  field: string;
  /** What is wrong and what was expected, written so that it names the fix. */
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(problem: Problem): string {
  const where = `${problem.file}:${problem.line}: ${problem.field}:`;
  return problem.severity === 'warning' ? `${where} warning: ${problem.message}` : `${where} ${problem.message}`;
}

/** Stable order: by file, then line, then field, errors before warnings at the same place. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.field.localeCompare(b.field) ||
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      a.message.localeCompare(b.message),
  );
}

/** Thrown by the build when content has errors, so nothing half-built is published. */
export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    super(
      `Kabar found ${errors.length} error${errors.length === 1 ? '' : 's'} in the content; nothing was built:\n` +
        errors.map(formatProblem).join('\n'),
    );
    this.name = 'ContentError';
    this.problems = problems;
  }
}
