import type { SiteConfig } from './config/normalize.ts';

/**
 * Where each locale's pages live. With domains, every locale is its own site
 * (`https://status.example.co.id/`); without, the default locale is at the root
 * and others under `/<tag>/`. A base path (`/status/`) prefixes everything.
 */
export interface SiteUrls {
  /** True when every locale is served on its own domain (one build per locale). */
  perDomain: boolean;
  /** Root-relative href for a page path in a locale, e.g. href('id', 'incidents/x/') → '/id/incidents/x/' (or '/incidents/x/' on its own domain). */
  href(locale: string, path?: string): string;
  /** Absolute URL, for canonical links, hreflang, feeds and the API. */
  absolute(locale: string, path?: string): string;
}

export interface SiteUrlOptions {
  /** Base path the site is served under, e.g. `/status/`; default `/`. */
  base?: string;
  /** Origin for single-domain hosting (no locale domains), e.g. `https://example.github.io`. */
  siteUrl?: string;
}

export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '/').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

export function createSiteUrls(config: SiteConfig, options: SiteUrlOptions = {}): SiteUrls {
  const base = normalizeBase(options.base);
  const perDomain = config.locales.every((l) => l.domain);
  const fallbackOrigin = (options.siteUrl ?? 'http://localhost:4321').replace(/\/+$/, '');
  const prefix = (locale: string) => (perDomain || locale === config.defaultLocale ? '' : `${locale}/`);
  const origin = (locale: string) => {
    const domain = config.locales.find((l) => l.tag === locale)?.domain;
    return perDomain && domain ? `https://${domain}` : fallbackOrigin;
  };
  const clean = (path: string) => path.replace(/^\/+/, '');
  const href = (locale: string, path = '') => `${base}${prefix(locale)}${clean(path)}`;
  return {
    perDomain,
    href,
    absolute: (locale, path = '') => `${origin(locale)}${href(locale, path)}`,
  };
}
