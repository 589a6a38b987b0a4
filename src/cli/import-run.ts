import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { additionBlock, editConfigSource, regroupable } from '../core/import/config-edit.ts';
import { SOURCE_NAMES, type SourceHistory } from '../core/import/model.ts';
import { hashText, planImport } from '../core/import/plan.ts';
import { appendImport, EMPTY_RECORD, IMPORT_RECORD_PATH, parseImportRecord, recall, type ImportRecord } from '../core/import/record.ts';
import { IMPORT_REPORT_PATH, renderImportReport, reportPath, type ConfigOutcome } from '../core/import/report.ts';
import { formatProblem } from '../core/problems.ts';
import { resolveNow } from '../core/time.ts';
import { importPullRequestText } from '../core/import/pull-request.ts';
import { trackedAmong } from '../io/git.ts';
import { applyChanges } from '../io/import/apply.ts';
import { prepareConfigEdit } from '../io/import/config-file.ts';
import { ImportSourceError } from '../io/import/http-json.ts';
import { loadSiteConfig } from '../io/load-config.ts';
import { readContentFiles } from '../io/read-content.ts';
import { describeAdds, keptFiles, plural, printDryRun, printSummary } from './import-output.ts';
import { createPullRequest } from './pull-request.ts';
import { findRepoRoot } from './repo-root.ts';
import { RefusedError, refusedIfSymlinked, refuseSymlinkedWrites } from './write-content.ts';

export interface ImportOptions {
  dryRun?: boolean;
  /** Commit on a new branch, push and open a pull request. */
  pr?: boolean;
  /** False with --no-edit-config. */
  editConfig?: boolean;
  root?: string;
}

/**
 * The import, whatever the source: read the repository, read the source (a failure
 * changes nothing), plan, and write everything at once — or, with --dry-run, say
 * what would be written and write nothing.
 */
export async function runImport(command: string, options: ImportOptions, read: () => Promise<SourceHistory>): Promise<void> {
  const now = resolveNow(process.env);
  const root = findRepoRoot(options.root ?? process.cwd());
  const loaded = await loadSiteConfig(root);
  if (!loaded.config) {
    throw new RefusedError(`the site config has errors, so nothing was imported:\n${loaded.problems.filter((p) => p.severity === 'error').map(formatProblem).join('\n')}\n(fix them, then run "kabar check")`);
  }
  const [{ files }, record] = await Promise.all([readContentFiles(root), readRecord(root)]);
  let history: SourceHistory;
  try {
    history = await read();
  } catch (error) {
    if (error instanceof ImportSourceError) throw new RefusedError(`${error.message}${/[.?!]$/.test(error.message) ? '' : '.'} Nothing was changed.`);
    throw error;
  }
  const configSource = await readFile(path.join(root, loaded.file), 'utf8');
  const plan = planImport({ history, config: loaded.config, files, record, now, canRegroup: (c) => regroupable(configSource, c) });
  const { newGroups, newComponents, regrouped } = plan.mapping;
  const adds = newGroups.length + newComponents.length + regrouped.length > 0;

  let configText: string | undefined;
  let manual: string | undefined;
  if (adds && options.editConfig === false) manual = 'you asked not to edit it (--no-edit-config)';
  else if (adds && options.dryRun) {
    // A dry run writes nothing, not even the temporary copy that checks an edit; the text edit alone says whether it applies.
    const edit = editConfigSource(configSource, newGroups, newComponents, regrouped);
    if (!edit.ok) manual = edit.reason;
  } else if (adds) {
    const prepared = await prepareConfigEdit(root, loaded.file, loaded.config, newGroups, newComponents, regrouped);
    if (prepared.ok) configText = prepared.text;
    else manual = prepared.reason;
  }
  const outcome: ConfigOutcome = !adds ? { kind: 'unchanged' } : options.dryRun ? { kind: 'dry-run', file: loaded.file, edit: manual ? 'manual' : 'edit' } : { kind: 'edited', file: loaded.file };
  const report = renderImportReport(plan, outcome, now, command);
  const block = additionBlock(newGroups, newComponents, regrouped);

  if (options.dryRun) {
    printDryRun(plan, loaded.file, manual, block, report);
    return;
  }
  if (manual) {
    throw new RefusedError(
      `the imported history needs ${describeAdds(plan)} that ${loaded.file} does not have, and Kabar cannot add them safely: ${manual}. ` +
        `Add these entries to ${loaded.file} yourself, then run the import again (nothing was changed):\n\n${block}\n`,
    );
  }
  if (!plan.changes) {
    const kept = keptFiles(plan);
    console.log(`Nothing to import: this repository already holds everything ${SOURCE_NAMES[history.source]} (${history.origin}) has (${plan.incidents.filter((i) => i.outcome !== 'skipped').length} incidents and maintenance)${kept > 0 ? `, apart from ${plural(kept, 'file')} someone changed since the last import, left as ${kept === 1 ? 'it is' : 'they are'}` : ''}. Nothing was written.`);
    return;
  }
  const reportFile = reportPath(await existingReports(root), recall(record, history.source, history.origin).files);
  const entry = { ...plan.entry, files: { ...plan.entry.files, [reportFile]: hashText(report) } };
  await applyChanges(root, {
    writes: [
      ...plan.writes,
      ...(configText !== undefined ? [{ path: loaded.file, text: configText }] : []),
      { path: IMPORT_RECORD_PATH, text: appendImport(record, entry) },
      { path: reportFile, text: report },
    ],
    removes: plan.removes,
  }).catch(refusedIfSymlinked);
  printSummary(plan, configText !== undefined ? loaded.file : undefined, reportFile);
  if (!options.pr) return;
  const written = [...plan.writes.map((f) => f.path), ...(configText !== undefined ? [loaded.file] : []), IMPORT_RECORD_PATH, reportFile];
  // A removed file git never knew has nothing to commit.
  const removed = await trackedAmong(root, plan.removes).catch(() => []);
  const paths = [...written, ...removed];
  console.log('');
  const pull = await createPullRequest(root, { incidentDir: 'incidents', written, removed, replaces: true, incident: [] }, importPullRequestText(plan, report, reportFile, paths), process.env);
  for (const line of pull.lines) console.log(line);
  if (pull.failure) {
    for (const line of pull.failure) console.error(line);
    process.exitCode = 1;
  }
}

/** import-report.md, import-report-2.md, … as far as they exist. */
async function existingReports(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let n = 1; ; n++) {
    const name = n === 1 ? IMPORT_REPORT_PATH : IMPORT_REPORT_PATH.replace(/\.md$/, `-${n}.md`);
    const info = await lstat(path.join(root, name)).catch(() => undefined);
    if (info === undefined) return out;
    // Not followed if a symlink (it may lead outside): kept as a report the import did not write.
    out.set(name, info.isFile() ? await readFile(path.join(root, name), 'utf8') : '');
  }
}

async function readRecord(root: string): Promise<ImportRecord> {
  // Read from inside the repository only: the import would write it back there.
  await refuseSymlinkedWrites(root, [IMPORT_RECORD_PATH]);
  let text: string;
  try {
    text = await readFile(path.join(root, IMPORT_RECORD_PATH), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_RECORD;
    throw error;
  }
  const parsed = parseImportRecord(text);
  if (!parsed.ok) throw new RefusedError(`${IMPORT_RECORD_PATH} ${parsed.reason}: restore it from Git (the import needs it to tell your edits from its own files); nothing was changed`);
  return parsed.record;
}
