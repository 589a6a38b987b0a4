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
function remarkHtmlAsText() {
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

/** Markdown → sanitised HTML. Memoised: the same update is rendered for the page, feeds and API. */
export function renderMarkdown(markdown: string): string {
  let html = cache.get(markdown);
  if (html === undefined) {
    html = String(processor.processSync(markdown)).trim();
    cache.set(markdown, html);
  }
  return html;
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
