import { neutralizeForGitHub } from '../github-markdown.ts';
import { SOURCE_NAMES, type ReportEntry, type ReportKind } from './model.ts';
import { hashText, type ImportPlan, type PlannedIncident } from './plan.ts';

/** What happened to kabar.config.ts. */
export type ConfigOutcome = { kind: 'unchanged' } | { kind: 'edited'; file: string } | { kind: 'dry-run'; file: string; edit: 'edit' | 'manual' };

export const IMPORT_REPORT_PATH = 'import-report.md';

/**
 * Where the report goes: import-report.md, rewritten by each import, unless a file of
 * that name is not one an import wrote (or was edited since): that one is never
 * overwritten, and the report goes to import-report-2.md, -3, … instead.
 * `existing` holds the texts of those names that exist; `recorded` the hashes imports wrote.
 */
export function reportPath(existing: ReadonlyMap<string, string>, recorded: Readonly<Record<string, string>>): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? IMPORT_REPORT_PATH : IMPORT_REPORT_PATH.replace(/\.md$/, `-${n}.md`);
    const text = existing.get(name);
    if (text === undefined || recorded[name] === hashText(text)) return name;
  }
}

/**
 * import-report.md: what was created, what was skipped and why, and what the
 * source held that Kabar could not keep, so nobody has to diff two status pages
 * to find out what an import lost.
 */
export function renderImportReport(plan: ImportPlan, config: ConfigOutcome, now: number, command: string): string {
  const { history } = plan;
  const counts = countFiles(plan);
  const byOutcome = (o: PlannedIncident['outcome']) => plan.incidents.filter((i) => i.outcome === o).length;
  const live = plan.incidents.filter((i) => i.outcome !== 'skipped');
  const lines: string[] = [
    `# Import from ${SOURCE_NAMES[history.source]}`,
    '',
    `Source: ${md(history.origin)}, read through ${history.via}. Imported ${new Date(now).toISOString().replace('.000Z', 'Z')} by \`${command}\`.`,
    'Times are written in the site time zone; the source times they come from are kept to the second.',
    '',
    '| | |',
    '|---|---:|',
    `| Incidents | ${live.filter((i) => i.type === 'incident').length} |`,
    `| Maintenance | ${live.filter((i) => i.type === 'maintenance').length} |`,
    `| Updates | ${live.reduce((n, i) => n + i.updates, 0)} |`,
    `| Postmortems | ${live.filter((i) => i.postmortem).length} |`,
    `| Created / updated / unchanged | ${byOutcome('created')} / ${byOutcome('updated')} / ${byOutcome('unchanged')} |`,
    `| Skipped | ${byOutcome('skipped') + plan.notes.filter((n) => n.kind === 'skipped' && !plan.incidents.some((i) => i.label === n.subject)).length} |`,
    `| Files written / removed | ${counts.write} / ${counts.remove} |`,
    `| Files kept as someone edited them | ${counts.kept} |`,
    '',
  ];

  const sections: [ReportKind, string, string][] = [
    ['lost', 'What the source had that Kabar does not keep', 'Left out of every imported file.'],
    ['skipped', 'Skipped', 'Not imported, and why.'],
    ['changed', 'Changed to fit Kabar', 'Imported, but not exactly as the source had it.'],
    ['note', 'Notes', ''],
  ];
  for (const [kind, title, intro] of sections) {
    const entries = plan.notes.filter((n) => n.kind === kind);
    if (entries.length === 0) continue;
    lines.push(`## ${title}`, '');
    if (intro) lines.push(intro, '');
    for (const entry of entries) lines.push(entryLine(entry));
    lines.push('');
  }

  const kept = plan.incidents.flatMap((i) => (i.outcome === 'skipped' ? [] : i.files.filter((f) => f.action === 'edited' || f.action === 'deleted' || f.action === 'foreign')));
  if (kept.length > 0) {
    lines.push('## Files left as they are', '', 'The source has something else for these files; they were not overwritten.', '');
    for (const f of kept) lines.push(`- \`${f.path}\`: ${KEPT[f.action as 'edited' | 'deleted' | 'foreign']}`);
    lines.push('');
  }

  lines.push('## Components and groups', '');
  const { newGroups, newComponents, regrouped } = plan.mapping;
  if (newGroups.length === 0 && newComponents.length === 0 && regrouped.length === 0) lines.push('Every component and group was already in the config.');
  else {
    const where = config.kind === 'edited' ? `Added to ${config.file}` : config.kind === 'dry-run' ? `To add to ${config.file}` : 'Added';
    if (newGroups.length > 0) lines.push(`${where}, groups: ${newGroups.map((g) => `${md(g.name)} (\`${g.id}\`)`).join(', ')}.`, '');
    if (newComponents.length > 0) lines.push(`${where}, components: ${newComponents.map((c) => `${md(c.name)} (\`${c.id}\`)`).join(', ')}.`, '');
    if (regrouped.length > 0) {
      const put = config.kind === 'dry-run' ? 'To put in their group' : 'Put in their group';
      lines.push(`${put} (an earlier import added them without one): ${regrouped.map((c) => `${md(c.name)} (\`${c.id}\`) → \`${c.group}\``).join(', ')}.`);
    }
  }
  const matched = [...plan.mapping.components].filter(([, id]) => !newComponents.some((c) => c.id === id));
  if (matched.length > 0) {
    const names = new Map(history.components.map((c) => [c.key, c.name]));
    lines.push('', `Already in the config: ${matched.map(([key, id]) => `${md(names.get(key) ?? key)} → \`${id}\``).join(', ')}.`);
  }
  lines.push('');

  if (plan.incidents.length > 0) {
    lines.push('## Incidents and maintenance', '', '| Kabar id | Source | Updates | Postmortem | Outcome |', '|---|---|---:|---|---|');
    for (const i of plan.incidents) lines.push(`| \`${i.id}\` | ${md(i.label)} | ${i.updates} | ${i.postmortem ? 'yes' : ''} | ${i.outcome} |`);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

const KEPT: Record<'edited' | 'deleted' | 'foreign', string> = {
  edited: 'edited since the last import; the source\'s version was not written',
  deleted: 'deleted since the last import; not brought back',
  foreign: 'exists, but no import wrote it; left as it is',
};

function entryLine(entry: ReportEntry): string {
  const [first, ...rest] = entry.message.split('\n');
  const head = entry.subject ? `- **${md(entry.subject)}**: ${md(first!)}` : `- ${capitalise(md(first!))}`;
  return [head, ...rest.map((l) => `  ${neutralizeForGitHub(l)}`)].join('\n');
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Text from a source, safe inside the report (which is also the pull request's description):
 * on one line, no HTML (a title's `<script>` stays text), no table cell breaks, no live
 * mention or image. Emphasis characters are left alone so that names like
 * STATUSPAGE_API_KEY read as written.
 */
export function md(text: string): string {
  return neutralizeForGitHub(text.replace(/\r?\n/g, ' ').replace(/([\\<>|])/g, '\\$1'));
}

function countFiles(plan: ImportPlan): Record<'write' | 'remove' | 'kept', number> {
  const kept = plan.incidents.filter((i) => i.outcome !== 'skipped').flatMap((i) => i.files).filter((f) => f.action === 'edited' || f.action === 'deleted' || f.action === 'foreign').length;
  return { write: plan.writes.length, remove: plan.removes.length, kept };
}
