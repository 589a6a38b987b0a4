import { buildFeed, type FeedDocument } from '../core/feeds/render.ts';
import { getSiteContext } from './context.ts';

const documents = new Map<string, FeedDocument>();

/** A feed's entries, chosen and rendered once per build for its three formats (Atom, RSS, JSON Feed). */
export async function feedDocument(locale: string, component?: string): Promise<FeedDocument> {
  const key = `${locale}\0${component ?? ''}`;
  let doc = documents.get(key);
  if (!doc) {
    const { model, urls } = await getSiteContext();
    doc = buildFeed(model, locale, urls, component === undefined ? {} : { component });
    documents.set(key, doc);
  }
  return doc;
}
