import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { EDITOR_FILE_IGNORES, isEditorOrSystemFile } from '../../src/core/content/editor-files.ts';

const EDITOR_FILES = ['.index.md.swp', '.index.md.swo', '.index.md.swx', '.swp', '4913', '5036', 'index.md~', '#index.md#', '.#index.md', 'index.md.tmp', 'index.md.TMP', 'index.md___jb_tmp___', 'index.md___jb_old___', '.goutputstream-AB12CD', '.index.md.kate-swp', '.~lock.index.md#', '~$notes.docx', '._index.md', '.DS_Store', 'Thumbs.db', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', 'Desktop.ini', '.directory'];
const CONTENT_OR_STRAY = ['index.md', '2026-11-20T1005Z.md', 'index.id.md', 'postmortem.md', 'notes.txt', 'graph.png', '4914', '2026', 'README.md', '.gitkeep', 'index.md.bak', 'swp.md'];

describe('editor and operating system files', () => {
  it('are told by name; content and other stray files are not', () => {
    expect(EDITOR_FILES.filter((name) => !isEditorOrSystemFile(name))).toEqual([]);
    expect(CONTENT_OR_STRAY.filter(isEditorOrSystemFile)).toEqual([]);
  });

  it('are what the .gitignore lines ignore (but vim probes beyond 4913, deleted at once, and case variants)', () => {
    const rules = ignore().add([...EDITOR_FILE_IGNORES]);
    expect(EDITOR_FILES.filter((name) => !['5036', 'thumbs.db', 'Desktop.ini', 'index.md.TMP'].includes(name) && !rules.ignores(name))).toEqual([]);
    expect(CONTENT_OR_STRAY.filter((name) => rules.ignores(name))).toEqual([]);
  });
});
