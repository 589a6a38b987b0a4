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
