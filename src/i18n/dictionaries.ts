import type { UiStrings } from './en.ts';
import { bn } from './bn.ts';
import { en } from './en.ts';
import { fil } from './fil.ts';
import { hi } from './hi.ts';
import { hu } from './hu.ts';
import { id } from './id.ts';
import { ms } from './ms.ts';
import { ro } from './ro.ts';
import { sw } from './sw.ts';
import { ta } from './ta.ts';

/** Every bundled dictionary, by tag (languages.ts names them). */
export const DICTIONARIES: Readonly<Record<string, UiStrings>> = { bn, en, fil, hi, hu, id, ms, ro, sw, ta };
