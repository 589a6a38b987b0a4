import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { NewComponent, NewGroup, RegroupedComponent } from '../../core/import/components.ts';
import { editConfigSource } from '../../core/import/config-edit.ts';
import type { SiteConfig } from '../../core/config/normalize.ts';
import { formatProblem } from '../../core/problems.ts';
import { loadSiteConfig } from '../load-config.ts';

export type PreparedConfig = { ok: true; text: string } | { ok: false; reason: string };

/**
 * The config file's text with the new groups and components, or why it cannot be
 * edited safely. The edit is checked the way Kabar reads it: the edited text is
 * written beside the config under a temporary name (so its imports resolve the
 * same way), loaded and validated, and must hold exactly the old entries followed
 * by the new ones, each regrouped component in its group. The temporary file is removed before returning.
 */
export async function prepareConfigEdit(root: string, file: string, before: SiteConfig, groups: readonly NewGroup[], components: readonly NewComponent[], regrouped: readonly RegroupedComponent[] = []): Promise<PreparedConfig> {
  const source = await readFile(path.join(root, file), 'utf8');
  const edited = editConfigSource(source, groups, components, regrouped);
  if (!edited.ok) return edited;
  const probe = `${file.replace(/(\.[cm]?[jt]s)$/, '')}.import-check-${randomBytes(4).toString('hex')}${path.extname(file)}`;
  try {
    await writeFile(path.join(root, probe), edited.text, { encoding: 'utf8', flag: 'wx' });
    const loaded = await loadSiteConfig(root, probe);
    if (!loaded.config) {
      const errors = loaded.problems.filter((p) => p.severity === 'error').map((p) => formatProblem({ ...p, file }));
      return { ok: false, reason: `the edited file would not load (${errors.join('; ')})` };
    }
    const ids = (list: readonly { id: string }[]) => list.map((e) => e.id).join(',');
    const wantGroups = ids([...before.groups, ...groups]);
    const wantComponents = ids([...before.components, ...components]);
    if (ids(loaded.config.groups) !== wantGroups || ids(loaded.config.components) !== wantComponents) {
      return { ok: false, reason: 'the edited file does not read back as the old entries followed by the new ones (its lists may be built in code)' };
    }
    const wrongGroup = [...components, ...regrouped].find((c) => loaded.config.components.find((k) => k.id === c.id)?.group !== c.group);
    if (wrongGroup) return { ok: false, reason: `the edited file puts "${wrongGroup.id}" in another group than planned` };
    return { ok: true, text: edited.text };
  } finally {
    await rm(path.join(root, probe), { force: true });
  }
}
