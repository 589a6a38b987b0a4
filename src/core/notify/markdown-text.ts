import type { List, PhrasingContent, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/**
 * Markdown as the text a channel shows: `plain` for email text bodies and Mastodon,
 * `slack` for Slack's mrkdwn (https://api.slack.com/reference/surfaces/formatting: `*bold*`,
 * `_italic_`, `<url|text>`, and `&`, `<`, `>` escaped), `markdown` for services that render
 * Markdown themselves (Teams, Buttondown): Markdown again, but only what is safe to hand over
 * — emphasis, lists, code, and links to `http(s)` addresses; images become their description
 * and raw HTML its text, so no remote image (tracking pixel) or script reaches a reader.
 * Structure survives (paragraphs, list items, links with their address); raw HTML is kept as
 * the text it is, as on the page.
 */
export type TextDialect = 'plain' | 'slack' | 'markdown';

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
      return d === 'slack' ? `*${inline(node.children, d)}*` : d === 'markdown' ? `**${inline(node.children, d)}**` : inline(node.children, d);
    case 'list':
      return list(node, d);
    case 'blockquote':
      return blocks(node.children, d).replace(/^/gm, d === 'slack' ? '&gt; ' : '> ');
    case 'code':
      return d === 'slack' ? `\`\`\`${escape(node.value, d)}\`\`\`` : d === 'markdown' ? fenced(node.value) : node.value;
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
      return d === 'slack' ? `*${inline(node.children, d)}*` : d === 'markdown' ? `**${inline(node.children, d)}**` : inline(node.children, d);
    case 'emphasis':
      return d === 'slack' || d === 'markdown' ? `_${inline(node.children, d)}_` : inline(node.children, d);
    case 'delete':
      return d === 'slack' ? `~${inline(node.children, d)}~` : d === 'markdown' ? `~~${inline(node.children, d)}~~` : inline(node.children, d);
    case 'inlineCode':
      return d === 'slack' ? `\`${escape(node.value, d)}\`` : d === 'markdown' ? codeSpan(node.value) : node.value;
    case 'break':
      return d === 'markdown' ? '  \n' : '\n';
    case 'link': {
      const text = inline(node.children, d);
      // Only links a reader can follow safely; anything else (javascript:, data:) stays text.
      if (!/^(https?:|mailto:)/i.test(node.url)) return text;
      if (d === 'slack') return `<${node.url.replace(/[|>]/g, encodeURIComponent)}|${text.replace(/[|>]/g, ' ')}>`;
      if (d === 'markdown') return /^https?:/i.test(node.url) ? `[${text}](${node.url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})` : text;
      return text === node.url || `mailto:${text}` === node.url ? text : `${text} (${node.url})`;
    }
    case 'image':
    case 'imageReference':
      return escape(node.alt ?? '', d);
    default:
      return 'children' in node ? inline(node.children as PhrasingContent[], d) : 'value' in node ? escape(String(node.value), d) : '';
  }
}

function escape(text: string, d: TextDialect): string {
  return d === 'slack' ? escapeSlack(text) : d === 'markdown' ? escapeMarkdown(text) : text;
}

/**
 * Plain text that a Markdown renderer shows as written: no emphasis, link, image, autolink,
 * HTML tag or entity, list or quote. Backslash escapes (CommonMark's, which Python-Markdown
 * shares for these characters), and entities for `<` and `&`, which every renderer decodes.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/<(?=[a-z/!?])/gi, '&lt;')
    .replace(/^(\s*)([-+>=#])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** An inline code span whose fence is longer than any run of backticks inside it. */
function codeSpan(value: string): string {
  const fence = '`'.repeat(Math.max(0, ...[...value.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any run of backticks inside it. */
function fenced(value: string): string {
  const fence = '`'.repeat(Math.max(2, ...[...value.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return `${fence}\n${value}\n${fence}`;
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
