/**
 * What `kabar doctor` expects of a status repository's workflows: the three files `kabar init`
 * writes, each calling one of Kabar's reusable workflows at the major tag of the installed Kabar.
 */
import { parse } from 'yaml';

export interface ExpectedWorkflow {
  /** Path in the status repository. */
  file: string;
  /** The reusable workflow it calls, e.g. `status-deploy.yml`. */
  calls: string;
}

export const EXPECTED_WORKFLOWS: readonly ExpectedWorkflow[] = [
  { file: '.github/workflows/kabar-pull-request.yml', calls: 'status-pull-request.yml' },
  { file: '.github/workflows/kabar-deploy.yml', calls: 'status-deploy.yml' },
  { file: '.github/workflows/kabar-ingest.yml', calls: 'status-ingest.yml' },
];

export interface WorkflowCall {
  /** `owner/repo` of the called workflow. */
  repository: string;
  /** File name under .github/workflows/. */
  workflow: string;
  /** The tag, branch or commit after `@`. */
  ref: string;
  /** The job's `with:` inputs. */
  inputs: Record<string, unknown>;
}

/** The reusable-workflow calls (`jobs.<id>.uses`) of a workflow file; an unparsable file has none. */
export function workflowCalls(text: string): WorkflowCall[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const jobs = (doc as { jobs?: unknown } | null)?.jobs;
  if (!jobs || typeof jobs !== 'object') return [];
  const calls: WorkflowCall[] = [];
  for (const job of Object.values(jobs as Record<string, unknown>)) {
    const uses = (job as { uses?: unknown } | null)?.uses;
    const match = typeof uses === 'string' ? /^([\w.-]+\/[\w.-]+)\/\.github\/workflows\/([\w.-]+)@(.+)$/.exec(uses.trim()) : null;
    if (!match) continue;
    const inputs = (job as { with?: unknown }).with;
    calls.push({ repository: match[1]!, workflow: match[2]!, ref: match[3]!, inputs: inputs && typeof inputs === 'object' ? (inputs as Record<string, unknown>) : {} });
  }
  return calls;
}
