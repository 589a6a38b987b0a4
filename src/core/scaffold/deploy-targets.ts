import type { SiteConfig } from '../config/normalize.ts';

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

export interface DeployPlan {
  /** Goes to this repository's GitHub Pages. */
  pages: DeployTarget;
  /** Every other locale domain: each pushed to its own repository. */
  others: DeployTarget[];
}

export const deployVariableSlug = (domain: string): string => domain.toUpperCase().replace(/[^A-Z0-9]+/g, '_');

/**
 * Where each built site goes. With a domain per locale, the build writes one
 * directory per domain: the default locale's domain is this repository's Pages
 * site and the others are separate targets. Without domains there is a single
 * site (`site/`) for Pages.
 */
export function planDeploy(config: SiteConfig, singleSiteDir = 'site'): DeployPlan {
  const perDomain = config.locales.every((l) => l.domain);
  if (!perDomain) return { pages: { dir: singleSiteDir, slug: deployVariableSlug(singleSiteDir) }, others: [] };
  const targets = config.locales.map((l) => ({ dir: l.domain!, domain: l.domain!, locale: l.tag, slug: deployVariableSlug(l.domain!) }));
  return { pages: targets[0]!, others: targets.slice(1) };
}
