/**
 * Text Kabar writes into GitHub pull request bodies and comments. Parts of it come from
 * untrusted places (alerts, imported pages), and GitHub both limits and renders that text.
 */

/** GitHub refuses a pull request, issue or comment body over 65 536 characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/**
 * `text` cut after its last whole line that leaves room for `note(omittedLines)` (on a line of
 * its own) within `limit` characters; `text` itself when it fits.
 */
export function truncateLines(text: string, limit: number, note: (omitted: number) => string): string {
  if (text.length <= limit) return text;
  const lines = text.split('\n');
  // Length of lines[0 .. kept) joined with newlines, kept up to date as lines are dropped from the end.
  let length = text.length;
  for (let kept = lines.length - 1; kept >= 0; kept--) {
    length -= lines[kept]!.length + (kept > 0 ? 1 : 0);
    const tail = note(lines.length - kept);
    if ((kept > 0 ? length + 1 : 0) + tail.length <= limit) return `${kept > 0 ? `${lines.slice(0, kept).join('\n')}\n` : ''}${tail}`;
  }
  return note(lines.length).slice(0, Math.max(0, limit));
}

/** A body GitHub accepts: cut at a line end, with `note` saying where the rest is. */
export const fitGitHubBody = (body: string, note: (omitted: number) => string): string => truncateLines(body, GITHUB_BODY_LIMIT, note);

/** What an HTML entity for `@` spells: GitHub decodes it before it looks for mentions. */
const AT_ENTITY = /&(?:#0*64|#x0*40|commat);/gi;
/** An `@` that GitHub may read as a mention (`@user`, `@org/team`): any not inside a word or an e-mail address. */
const MENTION = /(?<![A-Za-z0-9])@(?=[A-Za-z0-9])/g;
/** Markdown's image opener `![`, and the backslashes before it (an odd number escapes the `!`). */
const IMAGE = /(\\*)!\[/g;
/** HTML elements that load something from elsewhere when GitHub renders them, and the backslashes before them. */
const REMOTE_TAG = /(\\*)<(?=\/?\s*(?:img|image|picture|source|video|audio|svg|iframe|object|embed)\b)/gi;
const ZERO_WIDTH_SPACE = '\u200B';
const escaped = (backslashes: string) => backslashes.length % 2 === 1;

/**
 * Untrusted text made inert for a GitHub pull request body or comment: a mention notifies no
 * one (a zero-width space follows its `@`; "@oncall" still reads as written), a Markdown image
 * becomes a plain link (`\![alt](url)`: the `!` is shown, nothing is loaded), and an `<img>`
 * (or `<picture>`, `<video>`…) shows as text. Apply it to each piece of untrusted text after
 * escaping it for its place; Kabar's own markup is left alone.
 */
export function neutralizeForGitHub(text: string): string {
  return text
    .replace(AT_ENTITY, '@')
    .replace(MENTION, `@${ZERO_WIDTH_SPACE}`)
    .replace(IMAGE, (all, slashes: string) => (escaped(slashes) ? all : `${slashes}\\![`))
    .replace(REMOTE_TAG, (all, slashes: string) => (escaped(slashes) ? all : `${slashes}&lt;`));
}

/** A fenced code block that no line of `text` can close: its fence is longer than any run of backticks inside (CommonMark §4.5). */
export function fencedCode(text: string, info = ''): string {
  const fence = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}${info}\n${text}\n${fence}`;
}
