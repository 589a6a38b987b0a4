import type { UiStrings } from './en.ts';
import { da } from './da.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fi } from './fi.ts';
import { id } from './id.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { nb } from './nb.ts';
import { nl } from './nl.ts';
import { sv } from './sv.ts';
import { th } from './th.ts';
import { vi } from './vi.ts';
import { zhHans } from './zh-Hans.ts';
import { zhHant } from './zh-Hant.ts';

/** Every bundled dictionary, by tag (languages.ts names them). */
export const DICTIONARIES: Readonly<Record<string, UiStrings>> = {
  da,
  de,
  en,
  fi,
  id,
  ja,
  ko,
  nb,
  nl,
  sv,
  th,
  vi,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
};
