import { Feed, type Item } from 'feed';
import type { StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { stripForbiddenChars } from '../text-safety.ts';
import { componentPath } from '../view/page-paths.ts';
import { buildFeedItems, escapeHtml, feedUpdated, type FeedItem, type FeedScope } from './items.ts';
import { feedWords } from './strings.ts';

/** Everything the three formats share: one item list, rendered three ways. */
export interface FeedDocument {
  /** Stable feed id: the absolute URL of the page the feed belongs to. */
  id: string;
  title: string;
  description: string;
  language: string;
  /** The HTML page the feed mirrors (the site, or a component's page). */
  homeUrl: string;
  links: { rss: string; atom: string; json: string };
  author: { name: string; link: string };
  /** Newest entry's time, not the build clock, so rebuilds are byte-identical. */
  updated: number;
  items: FeedItem[];
}

export function buildFeed(model: StatusModel, locale: string, urls: SiteUrls, scope: FeedScope = {}): FeedDocument {
  const { config } = model;
  const words = feedWords(locale, config.ui[locale]);
  const component = scope.component ? config.components.find((c) => c.id === scope.component) : undefined;
  if (scope.component && !component) throw new Error(`unknown component "${scope.component}" (expected one of: ${config.components.map((c) => c.id).join(', ')})`);
  const base = component ? componentPath(component.id) : '';
  const items = buildFeedItems(model, locale, urls, scope);
  const subject = component ? `${config.name}: ${component.name[locale]}` : config.name;
  return {
    id: urls.absolute(locale, base),
    title: `${subject} — ${words.f('history')}`,
    description: component?.description?.[locale] ?? `${subject} — ${words.f('history')}`,
    language: locale,
    homeUrl: urls.absolute(locale, base),
    links: { rss: urls.absolute(locale, `${base}history.rss`), atom: urls.absolute(locale, `${base}history.atom`), json: urls.absolute(locale, `${base}feed.json`) },
    author: { name: config.name, link: urls.absolute(locale) },
    updated: feedUpdated(model, items),
    items,
  };
}

/**
 * The `feed` library writes titles and content into CDATA sections but splits
 * only the first `]]>`; `]]&gt;` means the same in HTML and cannot end a
 * CDATA section, so every occurrence is neutralised here.
 */
const cdataSafe = (html: string): string => html.replace(/]]>/g, ']]&gt;');

function toFeed(doc: FeedDocument): Feed {
  const feed = new Feed({
    id: doc.id,
    title: doc.title,
    description: doc.description,
    language: doc.language,
    link: doc.homeUrl,
    feedLinks: doc.links,
    // RFC 4287 §4.1.1: a feed needs an author unless every entry has one.
    author: doc.author,
    updated: new Date(doc.updated),
    generator: 'Kabar',
  });
  for (const item of doc.items) feed.addItem(toLibraryItem(item));
  return feed;
}

/**
 * Titles are HTML-escaped: Atom declares them `type="html"`, and RSS readers
 * treat titles as HTML too, so "<script>" must arrive as text, not markup.
 */
function toLibraryItem(item: FeedItem): Item {
  return {
    id: item.id,
    guid: item.id,
    title: cdataSafe(escapeHtml(item.title)),
    link: item.link,
    date: new Date(item.date),
    content: cdataSafe(item.contentHtml),
  };
}

/** The `feed` library cannot set `xml:lang` (RFC 4287 §2); readers use it to pick fonts and direction. */
export function renderAtom(doc: FeedDocument): string {
  const lang = doc.language.replace(/[^A-Za-z0-9-]/g, '');
  return stripForbiddenChars(toFeed(doc).atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`));
}

/** RSS readers look for the entry's HTML in `<description>`, Atom's in `<content>`. */
export function renderRss(doc: FeedDocument): string {
  const feed = new Feed({ ...toFeed(doc).options, feedLinks: { rss: doc.links.rss } });
  for (const item of doc.items) {
    const { content, ...rest } = toLibraryItem(item);
    feed.addItem({ ...rest, description: content });
  }
  return stripForbiddenChars(feed.rss2());
}

interface JsonFeedItem {
  id: string;
  url: string;
  title: string;
  content_html: string;
  date_published: string;
}

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). The `feed` library
 * writes version 1; this adds what 1.1 changed (`authors`, `language`) and
 * puts back plain-text titles, since JSON needs no HTML escaping.
 */
export function renderJsonFeed(doc: FeedDocument): string {
  const v1 = JSON.parse(toFeed(doc).json1()) as { items: unknown[]; author?: unknown } & Record<string, unknown>;
  const { author: _author, items: _items, ...rest } = v1;
  const out = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: doc.language,
    authors: [{ name: doc.author.name, url: doc.author.link }],
    items: doc.items.map(
      (item): JsonFeedItem => ({
        id: item.id,
        url: item.link,
        title: item.title,
        content_html: item.contentHtml,
        date_published: new Date(item.date).toISOString(),
      }),
    ),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
