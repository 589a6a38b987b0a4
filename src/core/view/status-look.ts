/**
 * How a status looks, wherever it is drawn (the pages, the embeddable widget, the iframe
 * page): a shape per kind of status, so meaning never depends on colour alone, and the
 * colours of the site's palette. One source, so a status looks the same everywhere.
 */

export type LookKind = 'ok' | 'warn' | 'part' | 'down' | 'mnt';

/** SVG path (16×16 viewBox, inside a circle of radius 7) per kind. */
export const STATUS_SHAPES: Readonly<Record<LookKind, string>> = {
  ok: 'M4 8.5l3 3 5-7',
  warn: 'M8 3v6M8 11.5v1.5',
  part: 'M8 2a6 6 0 0 1 0 12z',
  down: 'M4.5 4.5l7 7M11.5 4.5l-7 7',
  mnt: 'M5 11l6-6M9.5 3.5l3 3M3.5 9.5l3 3',
};

/**
 * The kind of a component status (`partial_outage`), a page key (`partial`) or a
 * Statuspage indicator (`major`): anything unknown looks like an outage, never like "fine".
 */
export function lookKind(status: string): LookKind {
  if (status === 'operational' || status === 'none' || status === 'resolved') return 'ok';
  if (status === 'degraded_performance' || status === 'minor' || status === 'degraded') return 'warn';
  if (status === 'partial_outage' || status === 'major' || status === 'partial') return 'part';
  if (status === 'under_maintenance' || status === 'maintenance') return 'mnt';
  return 'down';
}

/** How an incident of this Statuspage impact looks: one without customer impact still shows that something is going on. */
export const impactLook = (impact: string): LookKind => (impact === 'none' ? 'warn' : lookKind(impact));

/** The icon as inline SVG markup, hidden from assistive technology: the words next to it carry the meaning. */
export function statusIconSvg(kind: LookKind): string {
  const fill = kind === 'part' ? 'currentColor' : 'none';
  return `<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.5"></circle><path d="${STATUS_SHAPES[kind]}" fill="${fill}" stroke="currentColor" stroke-width="2" stroke-linecap="round"></path></svg>`;
}

/**
 * The site's palette (src/styles/site.css), light and dark: text, background, lines, links
 * and one colour per kind. Checked by axe in the browser tests for 4.5:1 text contrast.
 */
export const PALETTE = {
  light: { bg: '#fff', fg: '#1b1b1b', muted: '#595959', line: '#d8dadd', card: '#f6f7f8', link: '#0b57d0', ok: '#1a7f37', warn: '#855d00', part: '#b04a00', down: '#c0262d', mnt: '#1f5fbf' },
  dark: { bg: '#121314', fg: '#ececec', muted: '#b4b4b4', line: '#3a3d40', card: '#1c1e20', link: '#8ab4f8', ok: '#4cc26a', warn: '#e2b93b', part: '#f0924a', down: '#ff7b7b', mnt: '#86b1ff' },
} as const;

/** `--name:light-dark(light,dark)` declarations: one set that follows the element's `color-scheme` (CSS Color 5). */
export function lightDarkVars(only: readonly PaletteColour[]): string {
  return only.map((name) => `--${name}:light-dark(${PALETTE.light[name]},${PALETTE.dark[name]})`).join(';');
}

/**
 * One colour per look for surfaces whose background is not known in advance (the widget sits
 * on any host page, light or dark): each keeps 3:1 non-text contrast (WCAG 1.4.11) against both
 * white and the dark palette's background.
 */
export const MID_TONES: Readonly<Record<LookKind, string>> = { ok: '#2e9e4f', warn: '#b8860b', part: '#d2691e', down: '#e0464b', mnt: '#4a7fd9' };

export type PaletteColour = keyof (typeof PALETTE)['light'];

/** `--name:value` declarations of one scheme of the palette (or of the colours named), for a style sheet. */
export function paletteVars(scheme: keyof typeof PALETTE, only?: readonly PaletteColour[]): string {
  return Object.entries(PALETTE[scheme])
    .filter(([name]) => !only || only.includes(name as PaletteColour))
    .map(([name, value]) => `--${name}:${value}`)
    .join(';');
}
