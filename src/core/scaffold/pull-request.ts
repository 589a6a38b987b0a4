import type { Incident, StatusModel } from '../model/types.ts';
import { previewIncident, statusWord } from './preview.ts';

export type ScaffoldAction = 'new' | 'update' | 'resolve' | 'translate';

export interface PullRequestText {
  title: string;
  body: string;
  labels: string[];
  branch: string;
  commitMessage: string;
}

/**
 * Title, body, labels and branch of the pull request for a scaffolded change.
 * The title says what customers will see change, so reviewers under pressure
 * can approve from the notification alone.
 */
export function pullRequestText(action: ScaffoldAction, incident: Incident, model: StatusModel, files: readonly string[], updateName: string | undefined, locale?: string): PullRequestText {
  const title = incident.title[model.config.defaultLocale]?.text ?? incident.id;
  const kind = incident.type === 'maintenance' ? 'Maintenance' : 'Incident';
  const summary =
    action === 'new'
      ? `${kind}: ${title} (${statusWord(incident.status).toLowerCase()})`
      : action === 'translate'
        ? `Translate "${title}" into ${locale}`
        : `${statusWord(incident.updates.at(-1)?.status ?? incident.status)}: ${title}`;
  const labels = [incident.type === 'maintenance' ? 'maintenance' : 'incident', ...(incident.severity ? [incident.severity] : [])];
  const visible =
    action === 'translate'
      ? `Adds translation files for **${locale}**. Nothing changes on the page until their fields are filled in.`
      : `What customers will see once this is merged:\n\n\`\`\`text\n${previewIncident(incident, model)}\n\`\`\``;
  const body = [
    `${action === 'new' ? 'Opens' : action === 'translate' ? 'Prepares translations of' : 'Updates'} the ${kind.toLowerCase()} \`${incident.id}\`.`,
    '',
    visible,
    '',
    '**Files**',
    ...files.map((f) => `- \`${f}\``),
    '',
    '_Opened with `kabar ' + action + ' --pr`._',
  ].join('\n');
  const branch = `kabar/${incident.id}-${action === 'translate' ? `${action}-${locale}` : (updateName ?? action)}`.toLowerCase().replace(/[^a-z0-9/_-]+/g, '-');
  return { title: summary, body, labels, branch, commitMessage: `${summary}\n\nFiles:\n${files.map((f) => `  ${f}`).join('\n')}\n` };
}
