import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';

/**
 * Raw HTML in a message is shown as the text it is, not dropped: nothing the
 * team writes is silently hidden, and nothing it writes can run.
 */
export function remarkHtmlAsText() {
  return (tree: import('mdast').Root) => {
    visit(tree, 'html', (node) => {
      (node as unknown as { type: string }).type = 'text';
    });
  };
}

/**
 * One Markdown pipeline for every output (pages, feeds, API). Content comes
 * from pull requests, so the result is also sanitised with GitHub's allow-list
 * (rehype-sanitize's default schema), which removes `javascript:` links.
 */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkHtmlAsText).use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

const cache = new Map<string, string>();
/** Texts of what every build renders again (the feeds' entries). */
const recurring = new Set<string>();

/** Markdown → sanitised HTML. Memoised: the same update is rendered for the page, feeds and API. */
export function renderMarkdown(markdown: string, base?: string): string {
  let html = cache.get(markdown);
  if (html === undefined) {
    html = String(processor.processSync(markdown)).trim();
    cache.set(markdown, html);
  }
  return base === undefined ? html : resolveRelativeLinks(html, base);
}

/**
 * renderMarkdown for what every build renders again, most of it unchanged (a feed's 50 newest
 * entries): remembered (recurringMarkdown), so the next build of the same engine need not.
 */
export function renderRecurringMarkdown(markdown: string, base?: string): string {
  recurring.add(markdown);
  return renderMarkdown(markdown, base);
}

/** The recurring texts rendered so far, with their HTML (before links are resolved). */
export function recurringMarkdown(): [markdown: string, html: string][] {
  return [...recurring].map((markdown) => [markdown, cache.get(markdown)!]);
}

/** Takes HTML that this same pipeline rendered from these texts (an earlier build's recurringMarkdown) as rendered. */
export function seedRenderedMarkdown(rendered: Iterable<readonly [markdown: string, html: string]>): void {
  for (const [markdown, html] of rendered) if (!cache.has(markdown)) cache.set(markdown, html);
}

const RELATIVE_LINK = /(<(?:a|img)\b[^>]*?\s(?:href|src)=")(?![a-z][a-z0-9+.-]*:|\/|#)([^"]*)"/gi;

/**
 * Relative links in content (`../2026-10-01-api-errors/`, as postmortems write related incidents)
 * mean "relative to the incident's page". The same text is shown on other pages (the
 * postmortem's, the home page) and in feeds, so each output resolves them against the
 * incident page's URL: root-relative (`/incidents/<id>/`) on the site, absolute in feeds.
 */
export function resolveRelativeLinks(html: string, base: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:/i.test(base);
  const origin = absolute ? base : `http://relative.invalid${base.startsWith('/') ? '' : '/'}${base}`;
  return html.replace(RELATIVE_LINK, (_match, start: string, href: string) => {
    const url = new URL(href.replace(/&amp;/g, '&'), origin);
    const resolved = absolute ? url.href : `${url.pathname}${url.search}${url.hash}`;
    return `${start}${resolved.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`;
  });
}

/** Markdown → plain text (for titles, previews, badges, `<meta>` descriptions). */
export function markdownToPlainText(markdown: string): string {
  return renderMarkdown(markdown)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
