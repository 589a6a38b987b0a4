import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { headersFor, parseHeadersFile, renderHeadersFile, statusSiteHeaderRules } from '../../src/core/headers-file.ts';
import { renderWidgetScript, widgetSettings } from '../../src/core/embed/widget-script.ts';
import { WIDGET_IMPACTS, widgetStyleSheet } from '../../src/core/embed/widget-style.ts';
import { PAGE_DESCRIPTIONS } from '../../src/core/model/status-rank.ts';
import { lookKind, MID_TONES, PALETTE } from '../../src/core/view/status-look.ts';
import { en } from '../../src/i18n/en.ts';
import { id } from '../../src/i18n/id.ts';

const source = readFileSync(new URL('../../src/embed/kabar-status.js', import.meta.url), 'utf8');

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = (hex.length === 4 ? [...hex.slice(1)].map((c) => c + c) : hex.slice(1).match(/../g)!).map((x) => parseInt(x, 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

describe('the widget’s build-time settings', () => {
  it.each([['en', en], ['id', id]] as const)('holds every word it can show, in %s', (locale, ui) => {
    const settings = widgetSettings(locale);
    expect(settings.lang).toBe(locale);
    expect(settings.t).toEqual({
      [PAGE_DESCRIPTIONS.operational]: ui['page.operational'],
      operational: ui['component.operational'],
      details: ui['embed.details'],
      investigating: ui['status.investigating'],
      identified: ui['status.identified'],
      monitoring: ui['status.monitoring'],
      in_progress: ui['status.in_progress'],
      verifying: ui['status.verifying'],
    });
    // An icon for all-is-well and for every impact the API can give an active incident.
    expect(Object.keys(settings.i).sort()).toEqual(['ok', ...WIDGET_IMPACTS].sort());
  });

  it('is called by the script it completes, which is plain JavaScript', () => {
    const script = renderWidgetScript(source, 'en');
    expect(script.endsWith(`(${JSON.stringify(widgetSettings('en'))});\n`)).toBe(true);
    expect(() => new Script(script)).not.toThrow();
  });

  it('styles every impact and keeps status colours legible on light and dark pages (3:1, WCAG 1.4.11)', () => {
    const css = widgetStyleSheet();
    for (const impact of ['ok', ...WIDGET_IMPACTS]) expect(css).toMatch(new RegExp(`\\.${impact}[,{]`));
    for (const colour of Object.values(MID_TONES)) {
      expect(contrast(colour, PALETTE.light.bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, PALETTE.dark.bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, PALETTE.dark.card)).toBeGreaterThanOrEqual(3);
    }
    // Text and links keep 4.5:1 on their scheme's background.
    for (const scheme of ['light', 'dark'] as const) {
      expect(contrast(PALETTE[scheme].fg, PALETTE[scheme].bg)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(PALETTE[scheme].link, PALETTE[scheme].bg)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('uses the site’s palette (src/styles/site.css), so an embed looks like the page', () => {
    const css = readFileSync(new URL('../../src/styles/site.css', import.meta.url), 'utf8');
    const vars = (block: string) => Object.fromEntries([...block.matchAll(/--([a-z]+):(#[0-9a-f]+)/g)].map((m) => [m[1], m[2]]));
    const light = vars(/^:root\{[^}]*\}/m.exec(css)![0]);
    const dark = vars(/prefers-color-scheme:dark\)\{:root\{[^}]*\}/.exec(css)![0]);
    const rename: Record<string, string> = { warn: 'deg', down: 'maj' };
    for (const [scheme, site] of [['light', light], ['dark', dark]] as const) {
      for (const [name, value] of Object.entries(PALETTE[scheme])) expect(value, `${scheme} ${name}`).toBe(site[rename[name] ?? name]);
    }
  });

  it('looks like an outage for anything it does not know, never like all is well', () => {
    expect(['operational', 'none'].map(lookKind)).toEqual(['ok', 'ok']);
    expect(['major_outage', 'critical', 'postmortem', ''].map(lookKind)).toEqual(['down', 'down', 'down', 'down']);
  });
});

describe('the _headers file', () => {
  it('round-trips, comments and blank lines aside', () => {
    const rules = statusSiteHeaderRules(['/', '/id/']);
    expect(parseHeadersFile(renderHeadersFile(rules))).toEqual(rules);
  });

  it.each([
    ['/api/v2/*', '/api/v2/summary.json', true],
    ['/api/v2/*', '/api/v2/incidents/unresolved.json', true],
    ['/api/v2/*', '/api/v3/summary.json', false],
    ['/embed.js', '/embed.js', true],
    ['/embed.js', '/embedXjs', false],
    ['/components/:id/badge.svg', '/components/api/badge.svg', true],
    ['/components/:id/badge.svg', '/components/a/b/badge.svg', false],
    ['https://status.example.com/*', '/anything', true],
  ])('%s matches %s: %s', (pattern, pathname, matches) => {
    expect(headersFor([{ pattern, headers: [['X', '1']] }], pathname)).toEqual(matches ? [['X', '1']] : []);
  });

  it('applies every matching rule, in file order', () => {
    const rules = parseHeadersFile('/*\n  A: 1\n# comment\n/api/*\n  B: 2\n  C: x: y\n');
    expect(headersFor(rules, '/api/x')).toEqual([['A', '1'], ['B', '2'], ['C', 'x: y']]);
  });
});
