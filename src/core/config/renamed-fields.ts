/**
 * Fields renamed in a release. An old name keeps working (with a warning that names the
 * new field and the release) until `removedIn`; after that its entry stays here so the
 * error still says what it became. The list is the upgrade guide `kabar check` reads out.
 */
export interface RenamedField {
  /** Where the old field sits; `*` stands for any list index: `['components', '*', 'uptime']`. */
  path: readonly string[];
  /** The new name, in the same object. */
  to: string;
  /** The release that renamed it. */
  since: string;
  /** The release from which the old name is an error. */
  removedIn: string;
  /** Set in that release: the old name is no longer read, and its error still names the new one. */
  removed?: true;
}

export const RENAMED_CONFIG_FIELDS: readonly RenamedField[] = [
  { path: ['components', '*', 'uptime'], to: 'uptimeBar', since: '0.2.0', removedIn: '1.0.0' },
];

export interface RenamedFieldUse {
  /** Concrete path of the old field, e.g. `['components', 3, 'uptime']`. */
  path: PropertyKey[];
  rename: RenamedField;
  /** Both the old and the new name are set: which one wins would be a guess. */
  conflict: boolean;
}

const oldName = (rename: RenamedField): string => rename.path.at(-1)!;

/** The warning (or error, once removed) for a use of an old name. */
export function renamedFieldMessage(use: RenamedFieldUse, removed = false): string {
  const { to, since, removedIn } = use.rename;
  const old = oldName(use.rename);
  if (use.conflict) return `renamed to "${to}" in Kabar ${since}, and both are set (expected only "${to}": delete "${old}")`;
  if (removed) return `renamed to "${to}" in Kabar ${since} and removed in ${removedIn} (expected "${to}": rename the field)`;
  return `renamed to "${to}" in Kabar ${since} (expected "${to}": rename the field; "${old}" stops working in Kabar ${removedIn})`;
}

/**
 * Returns a copy of `value` with every old name moved to its new one (the input is never
 * changed), and where each old name was found.
 */
export function applyRenames(value: unknown, renames: readonly RenamedField[]): { value: unknown; uses: RenamedFieldUse[] } {
  const uses: RenamedFieldUse[] = [];
  let out = value;
  for (const rename of renames) {
    if (!rename.removed) out = renameAt(out, rename, 0, [], uses);
  }
  return { value: out, uses };
}

function renameAt(node: unknown, rename: RenamedField, depth: number, at: PropertyKey[], uses: RenamedFieldUse[]): unknown {
  const key = rename.path[depth]!;
  const last = depth === rename.path.length - 1;
  if (key === '*') {
    if (!Array.isArray(node)) return node;
    return node.map((item, i) => renameAt(item, rename, depth + 1, [...at, i], uses));
  }
  if (!node || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) return node;
  const record = node as Record<string, unknown>;
  if (!last) return { ...record, [key]: renameAt(record[key], rename, depth + 1, [...at, key], uses) };
  const conflict = Object.hasOwn(record, rename.to);
  uses.push({ path: [...at, key], rename, conflict });
  const { [key]: moved, ...rest } = record;
  return conflict ? rest : { ...rest, [rename.to]: moved };
}

/** The removed rename behind an unknown field at `path`, if it is an old name. */
export function removedRenameAt(path: readonly PropertyKey[], renames: readonly RenamedField[]): RenamedFieldUse | undefined {
  const rename = renames.find((r) => r.removed && r.path.length === path.length && r.path.every((k, i) => (k === '*' ? typeof path[i] === 'number' : k === path[i])));
  return rename && { path: [...path], rename, conflict: false };
}
