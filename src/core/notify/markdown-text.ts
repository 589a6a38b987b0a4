import type { List, PhrasingContent, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * Markdown as the text a channel shows: `plain` for email text bodies and Mastodon,
 * `slack` for Slack's mrkdwn (https://api.slack.com/reference/surfaces/formatting: `*bold*`,
 * `_italic_`, `<url|text>`, and `&`, `<`, `>` escaped). Structure survives (paragraphs, list
 * items, links with their address); raw HTML is kept as the text it is, as on the page.
 */
export type TextDialect = 'plain' | 'slack';

const parser = unified().use(remarkParse).use(remarkGfm).freeze();

export function markdownToText(markdown: string, dialect: TextDialect = 'plain'): string {
  const tree = parser.parse(markdown);
  return blocks(tree.children, dialect).trim();
}

function blocks(nodes: readonly RootContent[], d: TextDialect): string {
  return nodes.map((n) => block(n, d)).filter((s) => s !== '').join('\n\n');
}

function block(node: RootContent, d: TextDialect): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.children, d);
    case 'heading':
      return d === 'slack' ? `*${inline(node.children, d)}*` : inline(node.children, d);
    case 'list':
      return list(node, d);
    case 'blockquote':
      return blocks(node.children, d).replace(/^/gm, d === 'slack' ? '&gt; ' : '> ');
    case 'code':
      return d === 'slack' ? `\`\`\`${escape(node.value, d)}\`\`\`` : node.value;
    case 'thematicBreak':
      return '---';
    case 'html':
      return escape(node.value, d);
    case 'table':
      return node.children.map((row) => row.children.map((cell) => inline(cell.children, d)).join(' | ')).join('\n');
    default:
      return 'children' in node ? blocks(node.children as RootContent[], d) : 'value' in node ? escape(String(node.value), d) : '';
  }
}

function list(node: List, d: TextDialect): string {
  return node.children
    .map((item, i) => {
      const marker = node.ordered ? `${(node.start ?? 1) + i}.` : d === 'slack' ? '•' : '-';
      const text = item.children.map((c) => block(c, d)).join('\n');
      return `${marker} ${text.replace(/\n/g, '\n  ')}`;
    })
    .join('\n');
}

function inline(nodes: readonly PhrasingContent[], d: TextDialect): string {
  return nodes.map((n) => phrase(n, d)).join('');
}

function phrase(node: PhrasingContent, d: TextDialect): string {
  switch (node.type) {
    case 'text':
    case 'html':
      return escape(node.value, d);
    case 'strong':
      return d === 'slack' ? `*${inline(node.children, d)}*` : inline(node.children, d);
    case 'emphasis':
      return d === 'slack' ? `_${inline(node.children, d)}_` : inline(node.children, d);
    case 'delete':
      return d === 'slack' ? `~${inline(node.children, d)}~` : inline(node.children, d);
    case 'inlineCode':
      return d === 'slack' ? `\`${escape(node.value, d)}\`` : node.value;
    case 'break':
      return '\n';
    case 'link': {
      const text = inline(node.children, d);
      // Only links a reader can follow safely; anything else (javascript:, data:) stays text.
      if (!/^(https?:|mailto:)/i.test(node.url)) return text;
      if (d === 'slack') return `<${node.url.replace(/[|>]/g, encodeURIComponent)}|${text.replace(/[|>]/g, ' ')}>`;
      return text === node.url || `mailto:${text}` === node.url ? text : `${text} (${node.url})`;
    }
    case 'image':
      return escape(node.alt ?? '', d);
    default:
      return 'children' in node ? inline(node.children as PhrasingContent[], d) : 'value' in node ? escape(String(node.value), d) : '';
  }
}

function escape(text: string, d: TextDialect): string {
  return d === 'slack' ? escapeSlack(text) : text;
}

/** Slack's escaping (`&`, `<`, `>`): what is left cannot form `<!channel>`, `<@U…>` or `<url|text>`. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to at most `max` characters (code points), at a word boundary when one is near, ending in "…". */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const space = cut.search(/\s\S*$/);
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
