import { stringify } from 'yaml';

/**
 * Renders content files the way a person would write them: frontmatter fields in
 * the documented order, undefined fields left out, the message as the body.
 */
export function renderMarkdownFile(fields: Record<string, unknown>, body = ''): string {
  const data = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined && !(isEmptyObject(v))));
  const yaml = Object.keys(data).length === 0 ? '' : stringify(data, { lineWidth: 0 });
  const text = body.trim();
  return `---\n${yaml}---\n${text ? `${text}\n` : ''}`;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
