import type { Text } from '../model/types.ts';
import { formatDateTime, formatRelative } from './format.ts';
import { lookKind, STATUS_SHAPES } from './status-look.ts';

/**
 * The small pieces pages repeat for every incident and day (a status label, a time, a title), as
 * strings: StatusIcon.astro, StatusLabel.astro, Time.astro and LocalText.astro write these, and
 * the lists call them directly, since a component's page holds hundreds and an Astro component
 * costs each an instance, a template and an async step. Escaped as Astro escapes: text
 * (`& < > ' "`) and attribute values (`& "`).
 */

const TEXT_SPECIAL = /[&<>'"]/g;
const TEXT_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };

/** Text in an element. */
export const escapeText = (text: string): string => text.replace(TEXT_SPECIAL, (c) => TEXT_ENTITY[c]!);

/** An attribute's value, within double quotes. */
export const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** StatusIcon.astro: a shape per kind of status, so status never depends on colour alone. */
export function statusIconHtml(status: string): string {
  const kind = lookKind(status);
  return `<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"></circle><path d="${escapeAttribute(STATUS_SHAPES[kind])}" fill="${kind === 'part' ? 'currentColor' : 'none'}" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path></svg>`;
}

/** StatusLabel.astro: icon and words together. */
export const statusLabelHtml = (status: string, label: string): string => `<span class="st s-${escapeAttribute(status)}">${statusIconHtml(status)}${escapeText(label)}</span>`;

export interface TimeSettings {
  locale: string;
  /** The site's zone. */
  timeZone: string;
  /** The build's clock, for relative times. */
  now: number;
}

/** Time.astro: `local` (the site's zone, re-rendered in the reader's by the page script), `rel` ("12 minutes ago") or `utc`. */
export function timeHtml(ms: number, { locale, timeZone, now }: TimeSettings, kind: 'local' | 'rel' | 'utc' = 'local'): string {
  const iso = new Date(ms).toISOString();
  if (kind === 'rel') return `<time datetime="${iso}" data-rel title="${escapeAttribute(formatDateTime(ms, locale, timeZone))}">${escapeText(formatRelative(ms, now, locale))}</time>`;
  const text = escapeText(formatDateTime(ms, locale, kind === 'utc' ? 'UTC' : timeZone));
  return kind === 'local' ? `<time datetime="${iso}" data-local>${text}</time>` : `<time datetime="${iso}">${text}</time>`;
}

/**
 * LocalText.astro for a plain text (a title): isolated in `<bdi>`, marked with its language where
 * that is not the page's, and followed by the "not translated yet" note (`untranslated`, in the
 * page's words) when it is the default locale's.
 */
export function localTextHtml(text: Text | undefined, locale: string, untranslated: string): string {
  if (!text) return '';
  const lang = text.lang !== locale ? ` lang="${escapeAttribute(text.lang)}"` : '';
  const note = text.untranslated ? ` <small class="untr" lang="${escapeAttribute(locale)}">${escapeText(untranslated)}</small>` : '';
  return `<bdi${lang}>${escapeText(text.text)}</bdi>${note}`;
}
