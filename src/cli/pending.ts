import type { ContentFile, IncidentSource } from '../core/content/types.ts';
import { validateContent } from '../core/content/validate-repo.ts';
import { fetchBranch, filesAt, git, remoteBranches, remoteDefaultBranch, remoteUrl, showFile } from '../io/git.ts';
import { findIncident, type RepoState } from './write-content.ts';

const REMOTE = 'origin';
/** `kabar/<incident-id>-<update name>[-<four letters>]`, as --pr names branches (lowercased). */
const PR_BRANCH = /^kabar\/(\d{4}-\d{2}-\d{2}-[a-z0-9-]+?)-(\d{4}-\d{2}-\d{2}t\d{4}(?:\d{2})?z(?:-\d+)?)(?:-[a-z]{4})?$/;

/**
 * Paths already used where this checkout cannot see them: on the remote's default branch (not
 * pulled yet) and in other people's open `kabar/` branches, whose names carry the incident id
 * and update name. New names avoid them, so two pull requests never add the same file.
 */
export async function pathsTakenElsewhere(root: string): Promise<string[]> {
  if (!(await remoteUrl(root, REMOTE))) return [];
  const taken: string[] = [];
  const base = await remoteDefaultBranch(root, REMOTE);
  if (base) {
    const ref = await fetchBranch(root, REMOTE, base).catch(() => undefined);
    if (ref) taken.push(...(await filesAt(root, ref, 'incidents')));
  }
  for (const branch of await remoteBranches(root, REMOTE, 'kabar/')) {
    const match = PR_BRANCH.exec(branch);
    if (match) taken.push(`incidents/${match[1]}/${match[2]!.replace('t', 'T').replace(/z(?=(-\d+)?$)/, 'Z')}.md`);
  }
  return taken;
}

/**
 * The incident, from the working tree or, when its own pull request is not merged yet, from the
 * local `kabar/` branch that pull request came from: an update can then be posted (with --pr)
 * before the first one is merged. Its files join the state (in memory only, never the tree).
 */
export async function findIncidentOrPending(state: RepoState, id: string): Promise<{ incident: IncidentSource; branch?: string }> {
  try {
    return { incident: findIncident(state, id) };
  } catch (notHere) {
    const refs = (await git(state.root, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads/kabar/']).catch(() => '')).split('\n').filter(Boolean);
    for (const branch of refs) {
      const paths = await filesAt(state.root, branch, 'incidents');
      const dir = paths.map((p) => p.split('/')[1]!).find((d) => d === id || d.slice('YYYY-MM-DD-'.length) === id);
      if (!dir || state.files.some((f) => f.path.startsWith(`incidents/${dir}/`))) continue;
      const files: ContentFile[] = [];
      for (const path of paths.filter((p) => p.startsWith(`incidents/${dir}/`))) files.push({ path, text: await showFile(state.root, branch, path) });
      const incident = validateContent([...state.files, ...files], state.config, state.now).incidents.find((i) => i.id === dir);
      if (!incident) continue;
      state.files.push(...files);
      state.incidents.push(incident);
      return { incident, branch };
    }
    throw notHere;
  }
}
