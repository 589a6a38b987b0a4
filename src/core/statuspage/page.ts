import { createHash } from 'node:crypto';
import type { StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { toIso } from '../time.ts';
import type { SpPage } from './types.ts';

/**
 * Statuspage page ids are 12 opaque characters. Ours is derived from the site
 * name, so it is the same for every locale's site and every rebuild.
 */
export function pageId(siteName: string): string {
  return createHash('sha256').update(`kabar-page:${siteName}`).digest('hex').slice(0, 12);
}

export function buildPage(model: StatusModel, locale: string, urls: SiteUrls): SpPage {
  return {
    id: pageId(model.config.name),
    name: model.config.name,
    url: urls.absolute(locale).replace(/\/$/, ''),
    time_zone: model.config.timeZone,
    // The newest update, not the build clock: output depends on content only.
    updated_at: toIso(model.lastUpdated ?? model.now),
  };
}
