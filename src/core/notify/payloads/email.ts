import { escapeHtml } from '../../feeds/items.ts';
import { renderEmailMarkdown } from '../email-html.ts';
import { escapeMarkdown, markdownToText } from '../markdown-text.ts';
import type { NotifyMessage } from '../message.ts';
import { notifyWords } from '../strings.ts';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  /** Extra header fields, beyond From, To, Subject and Date. */
  headers: Record<string, string>;
}

/**
 * An email to a list, in the locale's language: plain text and a simple HTML body with the
 * same content (no images, no tracking, no styles that clients strip anyway).
 * - `Message-ID` comes from the delivery id, so a retried send is recognisably the same message;
 * - `References` is one id per incident and locale, so mail clients thread an incident's updates;
 * - `Auto-Submitted: auto-generated` (RFC 3834) keeps vacation replies from answering the list.
 */
export function emailContent(message: NotifyMessage, deliveryId: string, domain: string): EmailContent {
  const n = notifyWords(message.locale, message.ui);
  const link = n(message.kind === 'postmortem.published' ? 'readPostmortem' : 'view');
  const manage = `${message.pageUrl}#get-updates`;
  const facts = [...message.components.map((c) => ({ label: c.name, value: c.label })), ...message.facts.map((f) => ({ label: f.label, value: f.value }))];
  const text = [
    `${message.label}: ${message.title}`,
    n('posted', { time: message.atText }),
    message.summaryNote ?? '',
    message.untranslatedNote ? `(${message.untranslatedNote})` : '',
    markdownToText(message.body),
    facts.map((f) => `${f.label}: ${f.value}`).join('\n'),
    `${link}: ${message.url}`,
    `-- \n${n('footer', { site: message.siteName })}\n${n('manage')}: ${manage}`,
  ].filter(Boolean).join('\n\n');
  const bodyHtml = renderEmailMarkdown(message.body);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(message.locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject(message))}</title></head><body>`,
    `<p><strong>${escapeHtml(message.label)}</strong> · ${escapeHtml(n('posted', { time: message.atText }))}</p>`,
    `<h1>${escapeHtml(message.title)}</h1>`,
    message.summaryNote ? `<p>${escapeHtml(message.summaryNote)}</p>` : '',
    message.untranslatedNote ? `<p><em>${escapeHtml(message.untranslatedNote)}</em></p>` : '',
    bodyHtml === '' ? '' : message.bodyLang === message.locale ? bodyHtml : `<div lang="${escapeHtml(message.bodyLang)}">${bodyHtml}</div>`,
    facts.length === 0 ? '' : `<ul>${facts.map((f) => `<li><strong>${escapeHtml(f.label)}:</strong> ${escapeHtml(f.value)}</li>`).join('')}</ul>`,
    `<p><a href="${escapeHtml(message.url)}">${escapeHtml(link)}</a></p>`,
    `<hr><p><small>${escapeHtml(n('footer', { site: message.siteName }))} <a href="${escapeHtml(manage)}">${escapeHtml(n('manage'))}</a></small></p>`,
    '</body></html>',
  ].filter(Boolean).join('\n');
  return {
    subject: subject(message),
    text: `${text}\n`,
    html: `${html}\n`,
    headers: {
      'Message-ID': `<${deliveryId}@${domain}>`,
      References: `<${encodeURIComponent(message.incidentId)}.${message.locale}@${domain}>`,
      'Content-Language': message.locale,
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** `[Site] Resolved: Checkout errors`, Statuspage's subject shape. */
export function subject(message: NotifyMessage): string {
  return `[${message.siteName}] ${message.label}: ${message.title}`.replace(/[\r\n]+/g, ' ');
}

/**
 * The email Buttondown sends to the newsletter's subscribers (https://docs.buttondown.com/api-emails-create):
 * Markdown, which Buttondown renders (raw HTML included) and wraps with its own unsubscribe
 * footer. So the message goes as safe Markdown: raw HTML as text, images as their description,
 * links only to `http(s)` addresses, and every other field escaped.
 * `status: about_to_send` sends it now instead of saving a draft.
 */
export function buttondownEmail(message: NotifyMessage): { subject: string; body: string; status: 'about_to_send' } {
  const n = notifyWords(message.locale, message.ui);
  const facts = [...message.components.map((c) => ({ label: c.name, value: c.label })), ...message.facts];
  const md = escapeMarkdown;
  const body = [
    `**${md(message.label)}** · ${md(n('posted', { time: message.atText }))}`,
    message.summaryNote ? md(message.summaryNote) : '',
    message.untranslatedNote ? `_${md(message.untranslatedNote)}_` : '',
    markdownToText(message.body, 'markdown'),
    facts.map((f) => `- **${md(f.label)}:** ${md(f.value)}`).join('\n'),
    `[${md(n(message.kind === 'postmortem.published' ? 'readPostmortem' : 'view'))}](${message.url})`,
  ].filter(Boolean).join('\n\n');
  return { subject: subject(message), body, status: 'about_to_send' };
}
