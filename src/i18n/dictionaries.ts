import type { UiStrings } from './en.ts';
import { ar } from './ar.ts';
import { da } from './da.ts';
import { de } from './de.ts';
import { el } from './el.ts';
import { en } from './en.ts';
import { fa } from './fa.ts';
import { fi } from './fi.ts';
import { he } from './he.ts';
import { id } from './id.ts';
import { ja } from './ja.ts';
import { ko } from './ko.ts';
import { nb } from './nb.ts';
import { nl } from './nl.ts';
import { sv } from './sv.ts';
import { th } from './th.ts';
import { tr } from './tr.ts';
import { ur } from './ur.ts';
import { vi } from './vi.ts';
import { zhHans } from './zh-Hans.ts';
import { zhHant } from './zh-Hant.ts';

/** Every bundled dictionary, by tag (languages.ts names them). */
export const DICTIONARIES: Readonly<Record<string, UiStrings>> = {
  ar,
  da,
  de,
  el,
  en,
  fa,
  fi,
  he,
  id,
  ja,
  ko,
  nb,
  nl,
  sv,
  th,
  tr,
  ur,
  vi,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
};
