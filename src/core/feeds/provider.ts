/**
 * The page names the third party at fault; feeds, the API and calendars are
 * re-posted by bots and read out of context, so there the provider is "a
 * third-party provider" (see docs: take responsibility, name the third party
 * carefully). Whole-word, case-insensitive, in any text we publish off-page.
 */
export function withGenericProvider(text: string, provider: string | undefined, generic: string): string {
  const name = provider?.trim();
  if (!name) return text;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sentenceStart = /(^|[.!?]\s+)$/;
  return text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu'), (_match, offset: number) =>
    sentenceStart.test(text.slice(0, offset)) ? generic.charAt(0).toLocaleUpperCase() + generic.slice(1) : generic,
  );
}
