import type { SiteConfig } from '../config/normalize.ts';
import type { ContentFile } from '../content/types.ts';
import { INCIDENTS_DIR, validateContent } from '../content/validate-repo.ts';
import { formatProblem, sortProblems, type Problem } from '../problems.ts';
import type { ReportEntry } from './model.ts';
import type { PlannedIncident } from './plan.ts';

/**
 * Validates the repository as it would be after the import, with the rules of
 * `kabar check`. An incident whose files would bring an error is left out (reported
 * with the errors), and the rest validated again, until what remains passes.
 * Returns how many communication warnings the imported incidents will show.
 */
export function dropInvalid(incidents: PlannedIncident[], files: readonly ContentFile[], config: SiteConfig, now: number, notes: ReportEntry[]): number {
  const baseline = validateContent(files, config, now).problems;
  const baselineErrors = new Set(baseline.filter((p) => p.severity === 'error').map(formatProblem));
  const warningsIn = (problems: Problem[]) => {
    const dirs = new Set(incidents.filter((i) => i.outcome !== 'skipped').map((i) => `${INCIDENTS_DIR}/${i.id}/`));
    return problems.filter((p) => p.severity === 'warning' && dirs.has(p.file.split('/').slice(0, 2).join('/') + '/')).length;
  };
  for (;;) {
    const active = incidents.filter((i) => i.outcome !== 'skipped');
    const touched = active.flatMap((i) => i.files.filter((f) => f.action === 'create' || f.action === 'update' || f.action === 'remove'));
    if (touched.length === 0) return warningsIn(baseline);
    const replaced = new Map(touched.map((f) => [f.path, f]));
    const combined = [
      ...files.filter((f) => !replaced.has(f.path)),
      ...touched.filter((f) => f.action !== 'remove').map(({ path, text }) => ({ path, text })),
    ];
    const all = validateContent(combined, config, now).problems;
    const problems = all.filter((p) => p.severity === 'error' && (replaced.has(p.file) || !baselineErrors.has(formatProblem(p))));
    const bad = active.filter((i) => i.files.some((f) => replaced.has(f.path)) && problems.some((p) => p.file.startsWith(`${INCIDENTS_DIR}/${i.id}/`)));
    if (bad.length === 0) return warningsIn(all);
    for (const incident of bad) {
      incident.outcome = 'skipped';
      const own: Problem[] = sortProblems(problems.filter((p) => p.file.startsWith(`${INCIDENTS_DIR}/${incident.id}/`)));
      notes.push({ kind: 'skipped', subject: incident.label, message: `its files would not pass "kabar check", so nothing of it was written:\n${own.map((p) => `  ${formatProblem(p)}`).join('\n')}` });
    }
  }
}
