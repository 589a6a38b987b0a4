import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { ContentFile, IncidentSource } from '../core/content/types.ts';
import { validateContent } from '../core/content/validate-repo.ts';
import { buildStatusModel } from '../core/model/build-model.ts';
import type { Incident, StatusModel } from '../core/model/types.ts';
import { formatProblem, sortProblems, type Problem } from '../core/problems.ts';
import type { Scaffold } from '../core/scaffold/content.ts';
import { loadSiteConfig } from '../io/load-config.ts';
import { readContentFiles } from '../io/read-content.ts';
import { refuseSymlinks, SymlinkedPathError } from '../io/repo-paths.ts';
import { suggest } from '../core/zod-problems.ts';
import { UsageError } from './options.ts';

/** The repository as the writing commands see it before they write. */
export interface RepoState {
  root: string;
  config: SiteConfig;
  files: ContentFile[];
  incidents: IncidentSource[];
  now: number;
}

/** Refusals: invalid content or an unusable repository. Exit status 1, the message lists the problems. */
export class RefusedError extends Error {}

/** A write through a symlink, refused (SymlinkedPathError) as the user's error: one line, nothing changed. */
export function refusedIfSymlinked(error: unknown): never {
  throw error instanceof SymlinkedPathError ? new RefusedError(`${error.message}. Nothing was changed.`) : error;
}

/** Refuses, before anything is written, to write any of `paths` (inside the repository) through a symlink. */
export const refuseSymlinkedWrites = (root: string, paths: readonly string[]): Promise<void> => refuseSymlinks(root, paths).catch(refusedIfSymlinked);

export async function loadRepoState(root: string, now: number): Promise<RepoState> {
  const [configResult, { files }] = await Promise.all([loadSiteConfig(root), readContentFiles(root)]);
  if (!configResult.config) {
    throw new RefusedError(`the site config has errors, so nothing was written:\n${configResult.problems.map(formatProblem).join('\n')}\n(fix them, then run "kabar check")`);
  }
  const { incidents } = validateContent(files, configResult.config, now);
  return { root, config: configResult.config, files, incidents, now };
}

/** The incident with this id, or a refusal naming the close ones. */
export function findIncident(state: RepoState, id: string): IncidentSource {
  const incident = state.incidents.find((i) => i.id === id);
  if (incident) return incident;
  // Under pressure, the slug alone is enough when only one incident has it.
  const bySlug = state.incidents.filter((i) => i.id.slice('YYYY-MM-DD-'.length) === id);
  if (bySlug.length === 1) return bySlug[0]!;
  const broken = state.files.some((f) => f.path.startsWith(`incidents/${id}/`));
  if (broken) throw new RefusedError(`incidents/${id}/ has errors, so it cannot be updated (run "kabar check" to see them)`);
  const ids = similarIncidentIds(state.incidents.map((i) => i.id), id);
  throw new UsageError(`no incident "${id}" in incidents/ (${ids.length ? `did you mean ${ids.map((i) => `"${i}"`).join(' or ')}? ` : ''}run "kabar list --all" to see the ids)`);
}

/** Ids the user probably meant: containing what was typed, or a near miss of the id or of its slug (`card-paymnets`). */
export function similarIncidentIds(ids: readonly string[], typed: string): string[] {
  const slug = (id: string) => id.slice('YYYY-MM-DD-'.length);
  const containing = ids.filter((i) => i.includes(typed) || typed.includes(slug(i)));
  if (containing.length > 0) return containing.slice(0, 3);
  const bySlug = suggest(typed, ids.map(slug));
  const near = suggest(typed, ids) ?? ids.find((i) => slug(i) === bySlug);
  return near ? [near] : [];
}

export interface Written {
  model: StatusModel;
  incident: Incident;
  warnings: Problem[];
}

/**
 * Validates the repository with the new files exactly as `kabar check` would, and
 * returns what customers will see. Refuses (nothing is written) when the new
 * content has errors or a file exists already; `writeScaffold` then creates them.
 */
export function validateScaffold(state: RepoState, scaffold: Scaffold): Written {
  const newPaths = new Set(scaffold.files.map((f) => f.path));
  const clash = state.files.find((f) => newPaths.has(f.path));
  if (clash) throw new RefusedError(`${clash.path} exists already; nothing was written (Kabar never overwrites a file)`);
  const combined = [...state.files, ...scaffold.files];
  const content = validateContent(combined, state.config, state.now);
  const dir = `incidents/${scaffold.incidentId}/`;
  const concerns = (p: Problem) => newPaths.has(p.file) || p.file.startsWith(dir);
  const before = new Set(validateContent(state.files, state.config, state.now).problems.filter((p) => p.severity === 'error').map(formatProblem));
  const errors = sortProblems(content.problems.filter((p) => p.severity === 'error' && (concerns(p) || !before.has(formatProblem(p)))));
  if (errors.length > 0) {
    throw new RefusedError(`the new content would be invalid, so nothing was written:\n${errors.map(formatProblem).join('\n')}`);
  }
  const model = buildStatusModel(content.incidents, state.config, state.now);
  const incident = model.byId.get(scaffold.incidentId);
  if (!incident) throw new Error(`internal: ${scaffold.incidentId} missing from the model after validation`);
  return { model, incident, warnings: sortProblems(content.problems.filter((p) => p.severity === 'warning' && concerns(p))) };
}

/** Creates the scaffold's files exclusively: an existing file is never replaced. */
export async function writeScaffold(state: RepoState, scaffold: Scaffold): Promise<void> {
  await refuseSymlinkedWrites(state.root, scaffold.files.map((f) => f.path));
  for (const file of scaffold.files) {
    const absolute = path.join(state.root, file.path);
    await mkdir(path.dirname(absolute), { recursive: true });
    try {
      await writeFile(absolute, file.text, { encoding: 'utf8', flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new RefusedError(`${file.path} appeared while writing; it was left as it is (Kabar never overwrites a file)`);
      throw error;
    }
  }
}

/** `validateScaffold`, then `writeScaffold`: for callers that show nothing in between. */
export async function validateAndWrite(state: RepoState, scaffold: Scaffold): Promise<Written> {
  const written = validateScaffold(state, scaffold);
  await writeScaffold(state, scaffold);
  return written;
}
