import { fitGitHubBody } from '../github-markdown.ts';
import type { PullRequestText } from '../scaffold/pull-request.ts';
import { SOURCE_NAMES } from './model.ts';
import type { ImportPlan } from './plan.ts';

/**
 * `kabar import --pr`: the import is reviewed like any other change to the page. The
 * pull request's description is the import report itself, so reviewers read what was
 * skipped, changed or lost where they approve it.
 */
export function importPullRequestText(plan: ImportPlan, report: string, reportFile: string, files: readonly string[]): PullRequestText {
  const live = plan.incidents.filter((i) => i.outcome !== 'skipped');
  const incidents = live.filter((i) => i.type === 'incident').length;
  const created = live.filter((i) => i.outcome === 'created').length;
  const what = `${incidents} incident${incidents === 1 ? '' : 's'} and ${live.length - incidents} maintenance`;
  const title = created === live.length ? `Import the history of ${SOURCE_NAMES[plan.history.source]}: ${what}` : `Update the history imported from ${SOURCE_NAMES[plan.history.source]}: ${what}`;
  // Source text in the report is inert already (md() in report.ts); only its length is left to fit.
  const body = fitGitHubBody(report, (omitted) => `\n… (${omitted} more lines are in \`${reportFile}\`)\n`);
  return {
    title,
    body,
    labels: ['import'],
    branch: `kabar/import-${plan.history.source}`,
    commitMessage: `${title}\n\nFrom ${plan.history.origin}, read through ${plan.history.via}; what did not survive is in ${reportFile}.\n${files.length} files.\n`,
  };
}
