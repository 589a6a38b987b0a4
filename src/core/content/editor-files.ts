/**
 * Files that editors and operating systems leave beside the ones a person edits: swap and lock
 * files, backups, the temporary file of a save by rename, folder metadata. They are nobody's
 * content, come and go while a file is open, and must not fail `kabar check` nor start a rebuild
 * in `kabar dev`. One list, by file name, for every reader of `incidents/` and for the
 * `.gitignore` that `kabar init` writes. Anything else that is not content is still reported.
 */

/** Exact names, compared ignoring case (Windows writes `Thumbs.db` and `thumbs.db` alike). */
const NAMES = ['.DS_Store', 'Thumbs.db', 'ehthumbs.db', 'desktop.ini', '.directory'];

/** By shape: [pattern for `.gitignore`, the same as a regular expression on the name]. */
const SHAPES: readonly (readonly [string, RegExp])[] = [
  ['*~', /~$/], // backups: vim, emacs, gedit (index.md~)
  ['\\#*#', /^#.*#$/], // emacs auto-save (escaped: a .gitignore line starting with # is a comment)
  ['.#*', /^\.#/], // emacs lock
  ['*.sw[a-px]', /\.sw[a-px]$/], // vim swap files (.index.md.swp, .swo, …; .swx while vim probes)
  ['*.kate-swp', /\.kate-swp$/], // Kate
  ['*.tmp', /\.tmp$/i], // a save by rename writes index.md.tmp first
  ['*___jb_tmp___', /___jb_tmp___$/], // JetBrains' save by rename
  ['*___jb_old___', /___jb_old___$/],
  ['.goutputstream-*', /^\.goutputstream-/], // GNOME's save by rename
  ['.~lock.*#', /^\.~lock\..*#$/], // LibreOffice lock
  ['._*', /^\._/], // macOS metadata on volumes that cannot keep it
  ['~$*', /^~\$/], // Microsoft Office owner files
];

const MARKDOWN_SHAPES = /^(?:\.#|\._|~\$|\.goutputstream-)/;

const LOWER_NAMES = new Set(NAMES.map((n) => n.toLowerCase()));

/**
 * Vim checks it may write in a directory by creating and deleting a file named 4913 (or 5036,
 * 5159, … when that exists: it adds 123 until the name is free).
 */
function isVimProbe(name: string): boolean {
  if (!/^\d{4,9}$/.test(name)) return false;
  const n = Number(name);
  return n >= 4913 && (n - 4913) % 123 === 0;
}

/** The file, by its name alone (no directory), is an editor's or the operating system's, not content. */
export function isEditorOrSystemFile(name: string): boolean {
  // Most names are Markdown files: of the shapes above, only these prefixes can end in ".md" (a long history has 70 000 of them).
  if (name.endsWith('.md')) return MARKDOWN_SHAPES.test(name);
  return LOWER_NAMES.has(name.toLowerCase()) || isVimProbe(name) || SHAPES.some(([, shape]) => shape.test(name));
}

/** The same files as `.gitignore` lines (vim's probe only as its first name: it is deleted at once). */
export const EDITOR_FILE_IGNORES: readonly string[] = [...NAMES, '4913', ...SHAPES.map(([pattern]) => pattern)];
