import { formatProblem } from '../core/problems.ts';
import { previewIncident } from '../core/scaffold/preview.ts';
import { pullRequestText, type ScaffoldAction } from '../core/scaffold/pull-request.ts';
import type { Scaffold } from '../core/scaffold/content.ts';
import { UsageError } from './options.ts';
import { createPullRequest } from './pull-request.ts';
import { RefusedError, validateScaffold, writeScaffold, type RepoState } from './write-content.ts';

/** Runs a command body, mapping refusals to exit 1 and usage errors to exit 2 with one clear message. */
export async function runCommand(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message.startsWith('kabar ') ? error.message : `kabar ${name}: ${error.message}`);
      process.exitCode = 2;
    } else if (error instanceof RefusedError) {
      console.error(`kabar ${name}: ${error.message}`);
      process.exitCode = 1;
    } else {
      throw error;
    }
  }
}

export interface WriteOptions {
  pr?: boolean;
  locale?: string;
  /**
   * In a terminal: show what customers will see and ask before writing. Returns
   * false to write nothing (the command then says so and exits 130, like Ctrl-C).
   */
  confirm?: (preview: string) => Promise<boolean>;
}

/** Validates and writes a scaffold, prints the paths and the customer preview, and opens the PR with `--pr`. */
export async function writeAndReport(state: RepoState, scaffold: Scaffold, action: ScaffoldAction, options: WriteOptions): Promise<void> {
  const checked = validateScaffold(state, scaffold);
  const preview = action === 'translate' ? undefined : previewIncident(checked.incident, checked.model);
  if (options.confirm && preview !== undefined && !(await options.confirm(preview))) {
    console.error(`kabar ${action}: cancelled; nothing was written.`);
    process.exitCode = 130;
    return;
  }
  await writeScaffold(state, scaffold);
  const written = checked;
  const paths = scaffold.files.map((f) => f.path);
  console.log(`Wrote ${paths.length} file${paths.length === 1 ? '' : 's'}:`);
  for (const p of paths) console.log(`  ${p}`);
  if (preview !== undefined && !options.confirm) {
    console.log('\nCustomers will see:\n');
    console.log(preview.replace(/^/gm, '  '));
  }
  if (written.warnings.length > 0) {
    console.log('\nCommunication warnings:');
    for (const w of written.warnings) console.log(`  ${formatProblem(w)}`);
  }
  if (!options.pr) return;
  console.log('');
  const text = pullRequestText(action, written.incident, written.model, paths, scaffold.updateName, options.locale);
  const incidentDir = `incidents/${scaffold.incidentId}`;
  const incident = state.files.filter((f) => f.path.startsWith(`${incidentDir}/`));
  const outcome = await createPullRequest(state.root, { incidentDir, written: paths, incident }, text, process.env);
  for (const line of outcome.lines) console.log(line);
  if (outcome.failure) {
    for (const line of outcome.failure) console.error(line);
    process.exitCode = 1;
  }
}
