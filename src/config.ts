/**
 * `kabar/config`: what a status repository's `kabar.config.ts` imports. Nothing else
 * here, so loading the config loads no dependency.
 */
import type { SiteConfigInput } from './core/config/schema.ts';

export type { SiteConfigInput };

/** Identity helper that gives `kabar.config.ts` its types and editor completion. */
export function defineConfig(config: SiteConfigInput): SiteConfigInput {
  return config;
}
