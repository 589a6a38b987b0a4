import { normalizeSiteConfig, type SiteConfig } from '../../src/core/config/normalize.ts';
import type { SiteConfigInput } from '../../src/core/config/schema.ts';
import { validateContent } from '../../src/core/content/validate-repo.ts';
import { buildStatusModel } from '../../src/core/model/build-model.ts';
import type { StatusModel } from '../../src/core/model/types.ts';
import type { Problem } from '../../src/core/problems.ts';

/** A small two-locale config used by the unit tests. */
export const testConfigInput: SiteConfigInput = {
  name: 'Test',
  timeZone: 'UTC',
  locales: [
    { tag: 'en', label: 'English' },
    { tag: 'id', label: 'Bahasa Indonesia' },
  ],
  groups: [{ id: 'core', name: { en: 'Core', id: 'Inti' } }],
  components: [
    { id: 'api', name: 'API', group: 'core' },
    { id: 'web', name: { en: 'Website', id: 'Situs web' }, group: 'core' },
    { id: 'db', name: 'Database' },
  ],
  regions: [{ id: 'eu', name: 'Europe' }],
};

export function testConfig(overrides: Partial<SiteConfigInput> = {}): SiteConfig {
  const result = normalizeSiteConfig({ ...testConfigInput, ...overrides }, 'kabar.config.ts', '');
  if (!result.config) throw new Error(`bad test config: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** Frontmatter + body as a file's text. Values are written as YAML flow scalars or nested blocks as given. */
export function md(frontmatter: string, body = ''): string {
  return `---\n${frontmatter.trim()}\n---\n${body}\n`;
}

export type Files = Record<string, string>;

export function validate(files: Files, now: number, config = testConfig()): { problems: Problem[]; errors: Problem[] } & ReturnType<typeof validateContent> {
  const result = validateContent(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    config,
    now,
  );
  return { ...result, errors: result.problems.filter((p) => p.severity === 'error') };
}

/** Validates and builds the model, failing loudly on any validation error. */
export function model(files: Files, now: number, config = testConfig()): StatusModel {
  const result = validate(files, now, config);
  if (result.errors.length > 0) throw new Error(`fixture has errors:\n${result.errors.map((e) => `${e.file}:${e.line}: ${e.field}: ${e.message}`).join('\n')}`);
  return buildStatusModel(result.incidents, config, now);
}

export const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad time ${iso}`);
  return ms;
};
