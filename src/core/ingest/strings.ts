import { useTranslations, type UiKey, type UiOverrides } from '../../i18n/index.ts';

/**
 * The neutral wording of drafts (`draft.*` in the dictionaries), in the default locale's
 * language: it says what is known (a problem, which components) and nothing an alert cannot
 * know (cause, impact, time to fix). `{components}` is the affected components' names.
 * `alerts.messages` in the config replaces them.
 */
export type DraftText = UiKey extends infer K ? (K extends `draft.${infer D}` ? D : never) : never;

/** A draft's words in a locale's language, `{components}` left to fill. */
export function draftStrings(locale: string, overrides?: UiOverrides): (kind: DraftText) => string {
  const t = useTranslations(locale, overrides);
  return (kind) => t(`draft.${kind}`);
}
