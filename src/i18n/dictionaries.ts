import type { UiStrings } from './en.ts';
import { cs } from './cs.ts';
import { en } from './en.ts';
import { id } from './id.ts';
import { pl } from './pl.ts';
import { ru } from './ru.ts';
import { sk } from './sk.ts';
import { sr } from './sr.ts';
import { uk } from './uk.ts';

/** Every bundled dictionary, by tag (languages.ts names them). */
export const DICTIONARIES: Readonly<Record<string, UiStrings>> = { en, cs, id, pl, ru, sk, sr, uk };
