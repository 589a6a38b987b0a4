import type { UiStrings } from './en.ts';
import { ar } from './ar.ts';
import { el } from './el.ts';
import { en } from './en.ts';
import { fa } from './fa.ts';
import { he } from './he.ts';
import { id } from './id.ts';
import { tr } from './tr.ts';
import { ur } from './ur.ts';

/** Every bundled dictionary, by tag (languages.ts names them). */
export const DICTIONARIES: Readonly<Record<string, UiStrings>> = { ar, el, en, fa, he, id, tr, ur };
