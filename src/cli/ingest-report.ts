import type { ProposalKind } from '../core/ingest/key.ts';
import type { Proposal } from '../core/ingest/plan.ts';
import { formatProblem } from '../core/problems.ts';
import { previewIncident } from '../core/scaffold/preview.ts';
import type { Written } from './write-content.ts';

/** What `kabar ingest` wrote, what customers would see once it is merged, and what a person should check. */
export function reportWritten(proposal: Proposal, written: Written, kind: ProposalKind): void {
  const paths = proposal.scaffold.files.map((f) => f.path);
  const what = kind === 'draft' ? 'Drafted a new incident' : kind === 'monitoring' ? 'Proposed a monitoring update (the alert resolved)' : 'Proposed an investigating update (the alert fires again)';
  console.log(`${what}; wrote ${paths.length} file${paths.length === 1 ? '' : 's'}:`);
  for (const p of paths) console.log(`  ${p}`);
  console.log('\nCustomers will see, once merged:\n');
  console.log(previewIncident(written.incident, written.model).replace(/^/gm, '  '));
  if (kind === 'draft') {
    console.log(`\nSeverity ${proposal.impact.severity}, from ${proposal.impact.severityFrom}.`);
    if (Object.keys(proposal.impact.components).length === 0) console.log('No alert label matched a component: add the affected ones (and a rule under alerts.components in kabar.config.ts).');
  }
  if (written.warnings.length > 0) {
    console.log('\nCommunication warnings:');
    for (const w of written.warnings) console.log(`  ${formatProblem(w)}`);
  }
}
