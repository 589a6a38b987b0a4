import { describe, expect, it } from 'vitest';
import { logoOutputName } from '../../src/core/config/schema.ts';
import { normalizeSiteConfig } from '../../src/core/config/normalize.ts';

const base = { name: 'Shop', timeZone: 'UTC', locales: [{ tag: 'en', label: 'English' }], components: [{ id: 'api', name: 'API' }] };
const source = "export default {\n  name: 'Shop',\n  logo: 'x',\n};\n";

describe('site config: logo', () => {
  it.each([
    ['https://cdn.example.com/logo.png', 'a URL (expected a file in the repository, e.g. logo.svg: the page must not depend on another host during an outage)'],
    ['logo.bmp', 'not an image file name (expected .svg, .png, .webp, .avif, .jpg, .jpeg or .gif)'],
  ])('refuses %s', (logo, message) => {
    const result = normalizeSiteConfig({ ...base, logo }, 'kabar.config.ts', source);
    expect(result.config).toBeUndefined();
    expect(result.problems.map((p) => [p.line, p.field, p.message])).toEqual([[3, 'logo', message]]);
  });

  it.each([
    ['logo.svg', 'logo.svg'],
    ['brand/Shop Logo.PNG', 'logo.png'],
    ['/assets/mark.jpeg', 'logo.jpeg'],
  ])('serves %s as %s', (logo, served) => {
    expect(normalizeSiteConfig({ ...base, logo }, 'kabar.config.ts', source).config?.logo).toBe(logo);
    expect(logoOutputName(logo)).toBe(served);
  });
});

describe('site config: fields renamed in a release', () => {
  const renamedSource = "export default {\n  components: [\n    { id: 'api', name: 'API', uptime: false },\n  ],\n};\n";

  it('reads the old name with a warning that names the new field and the release, and never changes the input', () => {
    const input = { ...base, components: [{ id: 'api', name: 'API', uptime: false }] };
    const result = normalizeSiteConfig(input, 'kabar.config.ts', renamedSource);
    expect(result.config?.components[0]?.uptimeBar).toBe(false);
    expect(result.problems).toEqual([
      { file: 'kabar.config.ts', line: 3, field: 'components[0].uptime', severity: 'warning', message: 'renamed to "uptimeBar" in Kabar 0.2.0 (expected "uptimeBar": rename the field; "uptime" stops working in Kabar 1.0.0)' },
    ]);
    expect(input.components[0]).toEqual({ id: 'api', name: 'API', uptime: false });
  });

  it('refuses the old and the new name together: which one wins would be a guess', () => {
    const result = normalizeSiteConfig({ ...base, components: [{ id: 'api', name: 'API', uptime: false, uptimeBar: true }] }, 'kabar.config.ts', renamedSource);
    expect(result.config).toBeUndefined();
    expect(result.problems.map((p) => [p.field, p.severity, p.message])).toEqual([
      ['components[0].uptime', 'error', 'renamed to "uptimeBar" in Kabar 0.2.0, and both are set (expected only "uptimeBar": delete "uptime")'],
    ]);
  });

  it('once removed, the old name is an error that still says what it became', async () => {
    const { applyRenames, RENAMED_CONFIG_FIELDS } = await import('../../src/core/config/renamed-fields.ts');
    const { issuesToProblems } = await import('../../src/core/zod-problems.ts');
    const removed = RENAMED_CONFIG_FIELDS.map((r) => ({ ...r, removed: true as const }));
    expect(applyRenames({ components: [{ uptime: false }] }, removed).uses).toEqual([]);
    const problems = issuesToProblems([{ code: 'unrecognized_keys', keys: ['uptime'], path: ['components', 0], message: '', input: {} }], 'kabar.config.ts', () => 3, [], removed);
    expect(problems.map((p) => p.message)).toEqual(['renamed to "uptimeBar" in Kabar 0.2.0 and removed in 1.0.0 (expected "uptimeBar": rename the field)']);
  });
});
