import { SOURCE_NAMES } from '../core/import/model.ts';
import type { ImportPlan, PlannedIncident } from '../core/import/plan.ts';
import { IMPORT_RECORD_PATH } from '../core/import/record.ts';
import { IMPORT_REPORT_PATH } from '../core/import/report.ts';

/** What `kabar import` prints: the dry run's plan, or the summary of what it wrote. */

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeAdds(plan: ImportPlan): string {
  const { newGroups, newComponents, regrouped } = plan.mapping;
  return [
    newGroups.length > 0 && plural(newGroups.length, 'group'),
    newComponents.length > 0 && plural(newComponents.length, 'component'),
    regrouped.length > 0 && `the group of ${plural(regrouped.length, 'component')}`,
  ].filter(Boolean).join(' and ');
}

function describeSource(plan: ImportPlan): string {
  const live = plan.incidents.filter((i) => i.outcome !== 'skipped');
  const incidents = live.filter((i) => i.type === 'incident').length;
  return `${plural(incidents, 'incident')} and ${live.length - incidents} maintenance from ${SOURCE_NAMES[plan.history.source]} (${plan.history.origin}, ${plan.history.via})`;
}

function incidentLine(i: PlannedIncident): string {
  const verb = { created: 'create', updated: 'update', unchanged: 'unchanged', skipped: 'skip' }[i.outcome];
  const parts = ['index.md', plural(i.updates, 'update'), ...(i.postmortem ? ['postmortem.md'] : [])];
  const kept = i.files.filter((f) => f.action === 'edited' || f.action === 'deleted' || f.action === 'foreign').length;
  return `  ${verb.padEnd(9)} incidents/${i.id}/ (${parts.join(', ')})${kept > 0 ? `, ${plural(kept, 'file')} left as edited` : ''}`;
}

export function printDryRun(plan: ImportPlan, configFile: string, manual: string | undefined, block: string, report: string): void {
  console.log(`Dry run: nothing was written.\nWould import ${describeSource(plan)}:`);
  for (const i of plan.incidents) console.log(incidentLine(i));
  if (block) {
    console.log(manual ? `\nWould not edit ${configFile} (${manual}); these entries would have to be added by hand:` : `\nWould add to ${configFile}:`);
    console.log(block.replace(/^/gm, '  '));
  }
  console.log(`\n${IMPORT_REPORT_PATH} would say:\n`);
  console.log(report.replace(/^/gm, '  '));
}

export const keptFiles = (plan: ImportPlan) => plan.incidents.flatMap((i) => (i.outcome === 'skipped' ? [] : i.files)).filter((f) => f.action === 'edited' || f.action === 'deleted' || f.action === 'foreign').length;

export function printSummary(plan: ImportPlan, configFile: string | undefined, reportFile: string): void {
  const count = (o: PlannedIncident['outcome']) => plan.incidents.filter((i) => i.outcome === o).length;
  const kept = keptFiles(plan);
  const skippedNotes = plan.notes.filter((n) => n.kind === 'skipped').length;
  console.log(`Imported ${describeSource(plan)}.`);
  console.log(`  ${count('created')} created, ${count('updated')} updated, ${count('unchanged')} unchanged; ${plural(plan.writes.length, 'file')} written${plan.removes.length ? `, ${plan.removes.length} removed` : ''}.`);
  if (plan.warnings > 0) console.log(`  "kabar check" will show ${plural(plan.warnings, 'communication warning')} for them (such as "resolved without ever monitoring"): advice for next time, not errors.`);
  if (kept > 0) console.log(`  ${plural(kept, 'file')} someone changed since the last import ${kept === 1 ? 'was' : 'were'} left as ${kept === 1 ? 'it is' : 'they are'}.`);
  if (skippedNotes > 0) console.log(`  ${plural(skippedNotes, 'item')} skipped.`);
  if (configFile) console.log(`  Added ${describeAdds(plan)} to ${configFile}.`);
  console.log(`What was skipped, changed or lost: ${reportFile}${reportFile === IMPORT_REPORT_PATH ? '' : ` (${IMPORT_REPORT_PATH} is not one an import wrote, so it was left as it is)`}. What was imported: ${IMPORT_RECORD_PATH} (commit it: later imports and kabar notify read it).`);
  console.log('Next: "kabar check", then "kabar build" or "kabar dev" to see the page.');
}
