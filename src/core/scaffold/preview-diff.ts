import type { Incident, StatusModel } from '../model/types.ts';
import { formatProblem, type Problem } from '../problems.ts';
import { componentName, componentStatusWord, formatForReaders, plainText, statusWord } from './preview.ts';

/** Hidden marker that identifies Kabar's preview comment on a pull request, so it is updated rather than repeated. */
export const PREVIEW_MARKER = '<!-- kabar-preview -->';

export interface PreviewInput {
  /** The status model at the pull request's base; undefined when the base had no valid content. */
  base?: StatusModel;
  /** The model with the pull request's changes; undefined when they do not validate. */
  head?: StatusModel;
  /** Problems `kabar check` reports for the head. */
  problems: readonly Problem[];
  /** Paths the pull request changes, so warnings about untouched files stay out of the comment. */
  changedFiles: readonly string[];
}

/**
 * Markdown for the pull request comment: what the public page will show
 * differently once this is merged (new and updated incidents, component status
 * changes), plus errors and communication warnings in the changed files. Both
 * models are built with the same `now`, so only content differences show.
 */
export function renderPreviewComment({ base, head, problems, changedFiles }: PreviewInput): string {
  const out: string[] = [PREVIEW_MARKER, '## Status page preview', ''];
  const changed = new Set(changedFiles);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!head || errors.length > 0) {
    out.push(`**${errors.length} error${errors.length === 1 ? '' : 's'}: this cannot be published until fixed** (\`npx kabar check\` shows the same):`, '', '```text', ...errors.map(formatProblem), '```', '');
    return out.join('\n');
  }
  const locale = head.config.defaultLocale;
  const sections: string[] = [];

  const added = head.incidents.filter((i) => !base?.byId.has(i.id));
  for (const incident of added) sections.push(describeNew(incident, head, locale));
  for (const incident of head.incidents) {
    const before = base?.byId.get(incident.id);
    if (!before) continue;
    const text = describeChanges(before, incident, head, locale);
    if (text) sections.push(text);
  }
  for (const incident of base?.incidents ?? []) {
    if (!head.byId.has(incident.id)) sections.push(`### Removed: ${incident.title[locale]?.text ?? incident.id}\n\n\`${incident.id}\` disappears from the page and its feeds.`);
  }

  const componentRows = head.components
    .map((c) => ({ c, before: base?.components.find((b) => b.config.id === c.config.id)?.status ?? 'operational' }))
    .filter(({ c, before }) => c.status !== before)
    .map(({ c, before }) => `| ${(c.config.name[locale] ?? c.config.id).replace(/\|/g, '\\|')} | ${componentStatusWord(before)} | **${componentStatusWord(c.status)}** |`);
  if (componentRows.length > 0) sections.push(['### Component status now', '', '| Component | Before | After |', '| --- | --- | --- |', ...componentRows].join('\n'));
  if (base && base.page.description !== head.page.description) sections.push(`**Page status:** ${base.page.description} → **${head.page.description}**`);

  out.push(sections.length > 0 ? sections.join('\n\n') : 'No customer-visible changes.');
  const warnings = problems.filter((p) => p.severity === 'warning' && changed.has(p.file));
  if (warnings.length > 0) out.push('', '### Communication warnings', '', ...warnings.map((w) => `- \`${w.file}\`: **${w.field}**: ${w.message}`));
  out.push('', `<sub>Preview at ${formatForReaders(head.now, head.config.timeZone)}; updated on every push.</sub>`);
  return out.join('\n');
}

function describeNew(incident: Incident, model: StatusModel, locale: string): string {
  const kind = incident.type === 'maintenance' ? (incident.upcoming ? 'Scheduled maintenance' : 'Maintenance') : `Incident (${incident.severity})`;
  const lines = [`### New ${kind.charAt(0).toLowerCase()}${kind.slice(1)}: ${incident.title[locale]?.text ?? incident.id}`, ''];
  lines.push(`- Status: **${statusWord(incident.status)}**`);
  if (incident.scheduledFor !== undefined && incident.scheduledUntil !== undefined) lines.push(`- Window: ${formatForReaders(incident.scheduledFor, model.config.timeZone)} – ${formatForReaders(incident.scheduledUntil, model.config.timeZone)}`);
  if (incident.componentIds.length > 0) lines.push(`- Components: ${incident.componentIds.map((id) => componentName(model.config, id, locale)).join(', ')}`);
  if (incident.impactStatement) lines.push(`- Impact: ${plainText(incident.impactStatement[locale]!.text)}`);
  for (const update of incident.updates) lines.push(updateLine(update, model, locale));
  return lines.join('\n');
}

function describeChanges(before: Incident, after: Incident, model: StatusModel, locale: string): string | undefined {
  const lines: string[] = [];
  const oldUpdates = new Map(before.updates.map((u) => [u.id, u]));
  for (const update of after.updates) {
    const old = oldUpdates.get(update.id);
    if (!old) lines.push(updateLine(update, model, locale));
    else if (old.message[locale]?.text !== update.message[locale]?.text || old.status !== update.status) lines.push(`${updateLine(update, model, locale)} _(edited)_`);
  }
  if (before.title[locale]?.text !== after.title[locale]?.text) lines.push(`- Title: ~~${before.title[locale]?.text}~~ → ${after.title[locale]?.text}`);
  if (before.status !== after.status) lines.push(`- Status: ${statusWord(before.status)} → **${statusWord(after.status)}**`);
  // Drafts never reach the model, so a postmortem appears here only once it is published.
  if (!before.postmortem && after.postmortem) lines.push(`- Postmortem published as “**${after.postmortem.title[locale]?.text}**”: its own page, a link on the incident page, a feed entry`);
  else if (before.postmortem && after.postmortem && before.postmortem.body[locale]?.text !== after.postmortem.body[locale]?.text) lines.push('- Postmortem: _(edited)_');
  if (after.untranslated.length < before.untranslated.length) lines.push(`- Translations added: ${before.untranslated.filter((l) => !after.untranslated.includes(l)).join(', ')}`);
  if (lines.length === 0) return undefined;
  return [`### Updated: ${after.title[locale]?.text ?? after.id}`, '', ...lines].join('\n');
}

function updateLine(update: Incident['updates'][number], model: StatusModel, locale: string): string {
  const changes = update.transitions.map((t) => `${componentName(model.config, t.component, locale)} ${componentStatusWord(t.from)} → ${componentStatusWord(t.to)}`);
  const next = update.nextUpdate !== undefined ? ` Next update by ${formatForReaders(update.nextUpdate, model.config.timeZone)}.` : '';
  return `- **${statusWord(update.status)}** (${formatForReaders(update.at, model.config.timeZone)}): ${plainText(update.message[locale]!.text)}${next}${changes.length ? ` _${changes.join('; ')}_` : ''}`;
}
