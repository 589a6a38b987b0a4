import type { Root } from 'mdast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { remarkHtmlAsText } from '../markdown.ts';

/** An image is shown as its description: a remote image in mail tells the sender who opened it, and when. */
function remarkImagesAsText() {
  return (tree: Root) => {
    visit(tree, (node) => node.type === 'image' || node.type === 'imageReference', (node) => {
      const image = node as unknown as { type: string; alt?: string | null; value?: string };
      const alt = image.alt ?? '';
      for (const key of Object.keys(image)) if (key !== 'position') delete (image as Record<string, unknown>)[key];
      Object.assign(image, { type: 'text', value: alt });
    });
  };
}

/** The page's allow-list, without images, and links only to `http(s)` addresses. */
const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((tag) => tag !== 'img'),
  protocols: { ...defaultSchema.protocols, href: ['http', 'https'] },
};

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkHtmlAsText).use(remarkImagesAsText).use(remarkRehype).use(rehypeSanitize, schema).use(rehypeStringify).freeze();

/**
 * Markdown → HTML for a message in a mailbox: the page's pipeline (raw HTML shown as text,
 * GitHub's allow-list), and no images at all (no tracking pixel, nothing loaded from anywhere),
 * and links only to `http(s)` addresses.
 */
export function renderEmailMarkdown(markdown: string): string {
  return String(processor.processSync(markdown)).trim();
}
