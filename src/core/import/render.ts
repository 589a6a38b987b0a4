import type { ComponentStatus } from '../content/schema.ts';
import type { ContentFile } from '../content/types.ts';
import { INCIDENTS_DIR } from '../content/validate-repo.ts';
import { deriveUpdateName, formatTimestamp } from '../scaffold/ids.ts';
import { renderMarkdownFile } from '../scaffold/render.ts';
import type { SourceIncident } from './model.ts';

/**
 * One fitted incident as the files `kabar new`, `kabar update`, `kabar resolve`,
 * `kabar translate` and `kabar postmortem` would have written: the same renderer,
 * field order, site-zone timestamps and update names (`2026-11-20T1005Z.md`, UTC),
 * and `<name>.<locale>.md` translations for `locales` (the site's other languages).
 */
export function renderIncidentFiles(incident: SourceIncident, id: string, componentIds: ReadonlyMap<string, string>, timeZone: string, locales: readonly string[] = []): ContentFile[] {
  const dir = `${INCIDENTS_DIR}/${id}`;
  const ts = (ms: number) => formatTimestamp(ms, timeZone);
  const mapped = <S extends ComponentStatus>(components: Record<string, S> | undefined): Record<string, S> | undefined => {
    if (!components) return undefined;
    const out: Record<string, S> = {};
    for (const [key, status] of Object.entries(components)) out[componentIds.get(key) ?? key] = status;
    return out;
  };
  const files: ContentFile[] = [
    {
      path: `${dir}/index.md`,
      text: renderMarkdownFile(
        {
          title: oneLine(incident.title),
          ...(incident.type === 'maintenance' && { type: 'maintenance' }),
          severity: incident.severity,
          started: incident.type === 'incident' && incident.started !== undefined ? ts(incident.started) : undefined,
          window: incident.window && { start: ts(incident.window.start), end: ts(incident.window.end) },
          components: mapped(incident.components),
        },
        incident.body ?? '',
      ),
    },
  ];
  for (const locale of locales) {
    const text = incident.translations?.[locale];
    if (text?.title || text?.body) files.push({ path: `${dir}/index.${locale}.md`, text: renderMarkdownFile({ title: text.title && oneLine(text.title) }, text.body ?? '') });
  }
  const names: string[] = [];
  for (const update of incident.updates) {
    const name = deriveUpdateName(update.at, names);
    names.push(name);
    files.push({
      path: `${dir}/${name}.md`,
      text: renderMarkdownFile({ at: ts(update.at), status: update.status, components: mapped(update.components) }, update.body),
    });
    for (const locale of locales) {
      const text = update.translations?.[locale]?.trim();
      if (text) files.push({ path: `${dir}/${name}.${locale}.md`, text: renderMarkdownFile({}, text) });
    }
  }
  const pm = incident.postmortem;
  if (pm) {
    files.push({
      path: `${dir}/postmortem.md`,
      text: renderMarkdownFile({ status: pm.published !== undefined ? 'published' : 'draft', published: pm.published !== undefined ? ts(pm.published) : undefined }, pm.body),
    });
  }
  return files;
}

/** Titles are one line of frontmatter; a source may hold line breaks in them. */
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();
