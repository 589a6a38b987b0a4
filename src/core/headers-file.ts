/**
 * `_headers`: the response headers file that Netlify and Cloudflare Pages read from a site's
 * root (one block per URL pattern, indented `Name: value` lines; `*` matches the rest of a
 * path, `:name` one segment). GitHub Pages ignores it, and already sends
 * `Access-Control-Allow-Origin: *` for every file. `kabar preview` and `kabar dev` apply it
 * as those hosts do, so the widget can be tried from another origin locally.
 */

export interface HeaderRule {
  pattern: string;
  headers: [name: string, value: string][];
}

/**
 * How long browsers and CDNs may keep any file of a status site: a minute. During an incident a
 * reader must see the next update soon after it is published, on every host alike. (Kabar
 * inlines its styles and scripts, so there are no fingerprinted assets to cache for longer.)
 */
export const CACHE_CONTROL = 'public, max-age=60';

/**
 * The headers every host serves a status site with, from this one place: the `_headers` file
 * (Netlify, Cloudflare Pages, `kabar preview`) and each object's metadata in an S3 bucket.
 * Every file: a short cache, no content sniffing, no full URLs in Referer. The JSON API and the
 * widget script: readable from any origin (the `<kabar-status>` widget, dashboards).
 * `prefixes` are the root-relative paths of each locale's site (`/`, `/id/`, `/status/id/`).
 */
export function statusSiteHeaderRules(prefixes: readonly string[]): HeaderRule[] {
  const root = [...prefixes].sort((a, b) => a.length - b.length)[0] ?? '/';
  const open: HeaderRule['headers'] = [['Access-Control-Allow-Origin', '*']];
  return [
    {
      pattern: `${root}*`,
      headers: [
        ['Cache-Control', CACHE_CONTROL],
        ['X-Content-Type-Options', 'nosniff'],
        ['Referrer-Policy', 'strict-origin-when-cross-origin'],
      ],
    },
    ...prefixes.flatMap((prefix) => [
      { pattern: `${prefix}api/v2/*`, headers: open },
      { pattern: `${prefix}embed.js`, headers: open },
    ]),
  ];
}

export function renderHeadersFile(rules: readonly HeaderRule[]): string {
  const lines = [
    '# Response headers for hosts that read this file (Netlify, Cloudflare Pages), written by Kabar:',
    '# a short cache for every file; pages on other sites may read the status API and load the',
    '# status widget (docs/embed.md, docs/deploy.md).',
  ];
  for (const rule of rules) lines.push(rule.pattern, ...rule.headers.map(([name, value]) => `  ${name}: ${value}`));
  return `${lines.join('\n')}\n`;
}

export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^\s/.test(raw)) {
      rules.push({ pattern: line, headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** Every header of every rule whose pattern matches `pathname`, in file order (as the hosts combine them). */
export function headersFor(rules: readonly HeaderRule[], pathname: string): [string, string][] {
  return rules.filter((r) => patternRegExp(r.pattern).test(pathname)).flatMap((r) => r.headers);
}

function patternRegExp(pattern: string): RegExp {
  const path = pattern.replace(/^https?:\/\/[^/]+/, '');
  const body = path
    .split(/(\*|:[A-Za-z]\w*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') && part.length > 1 ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}
