import type { Locale, SiteConfig } from '../config/normalize.ts';
import { hostLabel, type DeployHost } from '../config/deploy-schema.ts';

export interface DeployTarget {
  /** Directory inside the build output, e.g. `status.example.co.id`. */
  dir: string;
  domain?: string;
  locale?: string;
  /**
   * Suffix of the repository variable naming where this domain deploys:
   * `KABAR_DEPLOY_REPO_<slug>` (`status.example.co.id` → `STATUS_EXAMPLE_CO_ID`).
   */
  slug: string;
}

/** One built site and one host it is published to by `kabar publish` (every host but GitHub Pages). */
export interface HostDeploy {
  dir: string;
  domain?: string;
  locale?: string;
  /** `s3:status-acme`, `netlify:acme-status`: what `kabar publish --to` names. */
  label: string;
  host: Exclude<DeployHost, { to: 'github-pages' }>;
}

export interface DeployPlan {
  /** Goes to this repository's GitHub Pages: the default locale's site, when its hosts include GitHub Pages. */
  pages?: DeployTarget;
  /** Every other locale domain published with GitHub Pages: each pushed to its own repository. */
  others: DeployTarget[];
  /** Every site's other hosts (Cloudflare Pages, Netlify, S3), each published by `kabar publish`. */
  hosts: HostDeploy[];
}

/** Where a locale's site is published: its own `deploy`, else the site's, else GitHub Pages. */
export const hostsOf = (config: Pick<SiteConfig, 'deploy'>, locale?: Pick<Locale, 'deploy'>): DeployHost[] => locale?.deploy ?? config.deploy ?? [{ to: 'github-pages' }];

export const deployVariableSlug = (domain: string): string => domain.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * Where each built site goes. With a domain per locale, the build writes one
 * directory per domain: with GitHub Pages as a host, the default locale's domain is this
 * repository's Pages site and the others are pushed to repositories of their own. Without
 * domains there is a single site (`site/`). Every other host is published by `kabar publish`.
 */
export function planDeploy(config: SiteConfig, singleSiteDir = 'site'): DeployPlan {
  const perDomain = config.locales.every((l) => l.domain);
  const sites: { target: DeployTarget; hosts: DeployHost[] }[] = perDomain
    ? config.locales.map((l) => ({ target: { dir: l.domain!, domain: l.domain!, locale: l.tag, slug: deployVariableSlug(l.domain!) }, hosts: hostsOf(config, l) }))
    : [{ target: { dir: singleSiteDir, slug: deployVariableSlug(singleSiteDir) }, hosts: hostsOf(config) }];
  const onPages = (site: (typeof sites)[number]) => site.hosts.some((h) => h.to === 'github-pages');
  const [first, ...rest] = sites;
  return {
    ...(onPages(first!) && { pages: first!.target }),
    others: rest.filter(onPages).map((s) => s.target),
    hosts: sites.flatMap((s) =>
      s.hosts.flatMap((host) => (host.to === 'github-pages' ? [] : [{ dir: s.target.dir, ...(s.target.domain && { domain: s.target.domain }), ...(s.target.locale && { locale: s.target.locale }), label: hostLabel(host), host }])),
    ),
  };
}
