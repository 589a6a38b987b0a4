import { parseMarkdownFile } from '../../core/content/frontmatter.ts';
import type { StatusModel } from '../../core/model/types.ts';
import { isDateOnly } from '../../core/notify/events.ts';
import { commitsOf, showFile } from '../git.ts';

/**
 * When each postmortem dated by day only (`published: 2026-12-05`) became published: the time of
 * the oldest commit of the unbroken run of commits, up to HEAD, in which its file says
 * `status: published`. Only postmortems whose day ended after `since` are looked up (older
 * ones are never sent); those git cannot date are left out.
 */
export async function postmortemPublishTimes(root: string, model: StatusModel, since: number): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for (const incident of model.incidents) {
    const pm = incident.postmortem;
    if (!pm || !isDateOnly(pm.published) || Date.parse(`${pm.published}T23:59:59Z`) + 14 * 3_600_000 < since) continue;
    let became: number | undefined;
    for (const { commit, at } of await commitsOf(root, pm.file)) {
      const text = await showFile(root, commit, `./${pm.file}`).catch(() => undefined);
      const parsed = text === undefined ? undefined : parseMarkdownFile(pm.file, text);
      if (!parsed?.ok || parsed.doc.data.status !== 'published') break;
      became = at;
    }
    if (became !== undefined) times.set(incident.id, became);
  }
  return times;
}
