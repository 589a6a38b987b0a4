import { renderRecurringMarkdown } from '../markdown.ts';
import { isolateBidi } from '../text-safety.ts';
import type { Incident, LocalizedText, StatusModel, Update } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { formatDateTime } from '../view/format.ts';
import { updateStatusWords } from '../view/status-words.ts';
import { incidentPath, postmortemPath } from '../view/page-paths.ts';
import { withGenericProvider } from './provider.ts';
import { feedWords, type FeedWords } from './strings.ts';
import { announcedDate, chooseFeedEntries, postmortemDate, type FeedItemKind, type FeedScope } from './entries.ts';

export { FEED_LIMIT, feedUpdated, type FeedItemKind, type FeedScope } from './entries.ts';

/** One feed entry, format-neutral: `title` is plain text, `contentHtml` sanitised HTML. */
export interface FeedItem {
  /** RFC 4151 tag URI, the same in every build. */
  id: string;
  kind: FeedItemKind;
  incidentId: string;
  title: string;
  /** Absolute URL of the update's anchor (or the postmortem page). */
  link: string;
  /** Epoch ms the entry was posted. */
  date: number;
  contentHtml: string;
}

/**
 * Every update of every incident and maintenance becomes its own entry (so
 * subscribers see each update, not only the first post), plus one when
 * maintenance is announced without a `scheduled` update and one when a
 * postmortem is published. Newest first, ties broken by id, then cut to `limit`.
 */
export function buildFeedItems(model: StatusModel, locale: string, urls: SiteUrls, scope: FeedScope = {}): FeedItem[] {
  const words = feedWords(locale, model.config.ui[locale]);
  const authority = new URL(urls.absolute(locale)).hostname;
  return chooseFeedEntries(model, authority, scope).map((c) => {
    const ctx: EntryContext = { model, locale, urls, words, incident: c.incident, tag: c.tag };
    if (c.kind === 'announced') return announcedItem(ctx);
    if (c.kind === 'postmortem') return postmortemItem(ctx);
    return updateItem(ctx, c.incident.updates[c.index!]!, c.index!);
  });
}

interface EntryContext {
  model: StatusModel;
  locale: string;
  urls: SiteUrls;
  words: FeedWords;
  incident: Incident;
  tag: string;
}

function updateItem(ctx: EntryContext, update: Update, index: number): FeedItem {
  const { incident, words, locale } = ctx;
  const parts = [markdownHtml(ctx, update.message)];
  if (update.transitions.length > 0) {
    const rows = update.transitions.map((tr) => {
      const name = ctx.model.config.components.find((c) => c.id === tr.component)?.name[locale] ?? tr.component;
      return `<li>${escapeHtml(name)}: ${escapeHtml(words.t(`component.${tr.to}`))}</li>`;
    });
    parts.push(`<p><strong>${escapeHtml(words.f('affected'))}</strong></p><ul>${rows.join('')}</ul>`);
  }
  if (index === 0) parts.push(...openingParts(ctx));
  return {
    id: `${ctx.tag}${encodeURIComponent(update.id)}`,
    kind: 'update',
    incidentId: incident.id,
    title: `[${updateStatusWords(incident, update.status, words.t)}] ${plainTitle(ctx)}`,
    link: `${ctx.urls.absolute(locale, incidentPath(incident.id))}#update-${encodeURIComponent(update.id)}`,
    date: update.at,
    contentHtml: parts.join('\n'),
  };
}

function announcedItem(ctx: EntryContext): FeedItem {
  const { incident, words, locale } = ctx;
  const parts = incident.description ? [markdownHtml(ctx, incident.description)] : [];
  parts.push(...openingParts(ctx));
  return {
    id: `${ctx.tag}announced`,
    kind: 'announced',
    incidentId: incident.id,
    title: `[${words.f('announced')}] ${plainTitle(ctx)}`,
    link: ctx.urls.absolute(locale, incidentPath(incident.id)),
    date: announcedDate(incident),
    contentHtml: parts.join('\n'),
  };
}

function postmortemItem(ctx: EntryContext): FeedItem {
  const { incident, words, locale, model } = ctx;
  const pm = incident.postmortem!;
  const date = postmortemDate(model, incident);
  return {
    id: `${ctx.tag}postmortem`,
    kind: 'postmortem',
    incidentId: incident.id,
    // The incident's own title: the postmortem's default title already says "Postmortem".
    title: `[${words.f('postmortem')}] ${plainTitle(ctx)}`,
    link: ctx.urls.absolute(locale, postmortemPath(incident.id)),
    date,
    contentHtml: markdownHtml(ctx, pm.body),
  };
}

/** What a reader needs on the first entry: the window, who is affected, a workaround, the generic cause. */
function openingParts(ctx: EntryContext): string[] {
  const { incident, words, locale, model } = ctx;
  const parts: string[] = [];
  if (incident.type === 'maintenance' && incident.scheduledFor !== undefined && incident.scheduledUntil !== undefined) {
    const zone = model.config.timeZone;
    const window = words.f('window', { start: formatDateTime(incident.scheduledFor, locale, zone), end: formatDateTime(incident.scheduledUntil, locale, zone) });
    parts.push(`<p>${escapeHtml(window)}</p>`);
  }
  // A maintenance's components change only when its window opens; until then the announcement says what is planned.
  const planned = Object.entries(incident.plannedComponents ?? {});
  if (planned.length > 0) {
    const rows = planned.map(([id, status]) => `<li>${escapeHtml(model.config.components.find((c) => c.id === id)?.name[locale] ?? id)}: ${escapeHtml(words.t(`component.${status}`))}</li>`);
    parts.push(`<p><strong>${escapeHtml(words.f('affected'))}</strong></p><ul>${rows.join('')}</ul>`);
  }
  if (incident.impactStatement) parts.push(`<p><strong>${escapeHtml(words.f('impact'))}:</strong> ${escapeHtml(generic(ctx, incident.impactStatement[locale]?.text ?? ''))}</p>`);
  if (incident.workaround) parts.push(`<p><strong>${escapeHtml(words.f('workaround'))}:</strong></p>${markdownHtml(ctx, incident.workaround)}`);
  if (incident.provider) parts.push(`<p>${escapeHtml(words.f('causedBy'))}</p>`);
  return parts;
}

/** The incident's title, isolated when it could reorder the "[Status] " before it. */
function plainTitle(ctx: EntryContext): string {
  return isolateBidi(generic(ctx, ctx.incident.title[ctx.locale]?.text ?? ctx.incident.id));
}

function generic(ctx: EntryContext, text: string): string {
  return withGenericProvider(text, ctx.incident.provider, ctx.words.f('provider'));
}

/** Text still in the default locale is marked with its language, as on the page, for screen readers and translators. */
function markdownHtml(ctx: EntryContext, text: LocalizedText): string {
  const local = text[ctx.locale];
  const html = renderRecurringMarkdown(generic(ctx, local?.text ?? ''), ctx.urls.absolute(ctx.locale, incidentPath(ctx.incident.id)));
  return local?.untranslated ? `<div lang="${escapeHtml(local.lang)}">${html}</div>` : html;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
