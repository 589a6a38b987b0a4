import { createHash } from 'node:crypto';
import type { SiteConfig } from '../core/config/normalize.ts';
import type { IncidentSource } from '../core/content/types.ts';
import { reusablePageKeys, type LocaleOutput, type ReusablePage } from '../core/build/page-keys.ts';
import type { StatusModel } from '../core/model/types.ts';
import { buildSiteView } from '../core/view/site-view.ts';
import { engineIdentity, readManifest, stillThere, type BuildManifest } from '../io/build-cache.ts';

export interface ReuseInputs {
  model: StatusModel;
  incidents: readonly IncidentSource[];
  /** Incidents' versions where they are known already (their directories' hashes). */
  versions?: ReadonlyMap<string, string>;
  out: string;
  cacheDir: string;
  /** Render everything (`kabar build --full`). */
  full: boolean;
  perDomain: boolean;
  /** Directory of the single site inside the output. */
  singleSiteDir: string;
  /** What every page shares besides the config: base path, origin, form targets. */
  shared: Record<string, unknown>;
}

export interface ReusePlan {
  /** The pages taken from the previous output instead of rendered. */
  reused: ReusablePage[];
  /** Their files, relative to the output. */
  files: string[];
  /** What to record once the build is in place (but its unkeyed files, known once rendered). */
  manifest: BuildManifest;
  /** Every file of the previous output, as its manifest lists them (when there is one to reuse from). */
  previousFiles: string[];
  /** Why nothing is reused, when nothing is. */
  fullBecause?: string;
}

/** Where each locale's pages go in the output. */
export function localeOutputs(config: SiteConfig, perDomain: boolean, singleSiteDir: string): LocaleOutput[] {
  const tags = config.locales.map((l) => l.tag);
  return config.locales.map((l) => ({
    locale: l.tag,
    dir: perDomain ? l.domain! : l.tag === config.defaultLocale ? singleSiteDir : `${singleSiteDir}/${l.tag}`,
    ...(perDomain ? { siteLocales: [l.tag] } : l.tag === config.defaultLocale && { siteLocales: tags }),
  }));
}

/**
 * Which pages of the previous output this build can take over: those whose key (everything they
 * are rendered from, engine and settings included) is unchanged and whose file is still there.
 * Without a manifest for this output, with `--full`, or after an upgrade or a config change,
 * nothing is reused, and the build is a full one.
 */
export async function planReuse(inputs: ReuseInputs): Promise<ReusePlan> {
  const { model, config } = { model: inputs.model, config: inputs.model.config };
  const settings = createHash('sha256').update(JSON.stringify({ config, ...inputs.shared })).digest('base64url');
  const keys = reusablePageKeys(model, buildSiteView(model), inputs.incidents, localeOutputs(config, inputs.perDomain, inputs.singleSiteDir), { engine: await engineIdentity(), settings }, inputs.versions);
  const manifest: BuildManifest = { version: 2, out: inputs.out, keys: Object.fromEntries([...keys].map(([file, page]) => [file, page.key])), unkeyed: [] };
  const previous = inputs.full ? undefined : await readManifest(inputs.cacheDir, inputs.out);
  if (!previous) return { reused: [], files: [], manifest, previousFiles: [], fullBecause: inputs.full ? '--full' : 'no earlier build of this output to reuse' };
  const files = [...keys].filter(([file, page]) => previous.keys[file] === page.key && stillThere(inputs.out, file)).map(([file]) => file);
  const previousFiles = [...Object.keys(previous.keys), ...previous.unkeyed];
  return { reused: files.map((f) => keys.get(f)!), files, manifest, previousFiles, ...(files.length === 0 && { fullBecause: 'nothing unchanged since the last build (an upgrade or a config change renders everything)' }) };
}
