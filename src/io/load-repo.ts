import type { SiteConfig } from '../core/config/normalize.ts';
import type { IncidentSource } from '../core/content/types.ts';
import { validateContent } from '../core/content/validate-repo.ts';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { StatusModel } from '../core/model/types.ts';
import { sortProblems, type Problem } from '../core/problems.ts';
import { loadSiteConfig } from './load-config.ts';
import { readContentFiles } from './read-content.ts';

export interface LoadedRepo {
  config?: SiteConfig;
  incidents: IncidentSource[];
  /** Present only when there are no errors. */
  model?: StatusModel;
  problems: Problem[];
  errorCount: number;
  warningCount: number;
}

/** Reads and validates a status repository, and builds its model when it is valid. */
export async function loadRepo(root: string, now: number): Promise<LoadedRepo> {
  const [configResult, files] = await Promise.all([loadSiteConfig(root), readContentFiles(root)]);
  const problems = [...configResult.problems];
  let incidents: IncidentSource[] = [];
  let model: StatusModel | undefined;
  if (configResult.config) {
    const content = validateContent(files, configResult.config, now);
    problems.push(...content.problems);
    incidents = content.incidents;
  }
  const errorCount = problems.filter((p) => p.severity === 'error').length;
  if (configResult.config && errorCount === 0) model = buildStatusModel(incidents, configResult.config, now);
  return {
    ...(configResult.config && { config: configResult.config }),
    incidents,
    ...(model && { model }),
    problems: sortProblems(problems),
    errorCount,
    warningCount: problems.length - errorCount,
  };
}
