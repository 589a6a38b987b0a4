import type { ComponentStatus } from '../content/schema.ts';
import { feedWords } from '../feeds/strings.ts';
import type { PageStatus, StatusModel } from '../model/types.ts';
import { escapeXml } from '../text-safety.ts';

/**
 * Badge fills. White 11px text needs a contrast of at least 4.5:1 (WCAG AA),
 * so every fill is a darker shade than shields.io's bright defaults.
 */
export const BADGE_COLOURS = {
  label: '#555555',
  operational: '#1a7f37',
  degraded: '#8a5a00',
  partial: '#b5400c',
  major: '#c0182a',
  maintenance: '#0b63c4',
} as const;

export type BadgeColour = (typeof BADGE_COLOURS)[keyof typeof BADGE_COLOURS];

const COMPONENT_COLOUR: Record<ComponentStatus, BadgeColour> = {
  operational: BADGE_COLOURS.operational,
  degraded_performance: BADGE_COLOURS.degraded,
  partial_outage: BADGE_COLOURS.partial,
  major_outage: BADGE_COLOURS.major,
  under_maintenance: BADGE_COLOURS.maintenance,
};

const PAGE_COLOUR: Record<PageStatus['key'], BadgeColour> = {
  operational: BADGE_COLOURS.operational,
  degraded: BADGE_COLOURS.degraded,
  minor: BADGE_COLOURS.degraded,
  partial: BADGE_COLOURS.partial,
  major: BADGE_COLOURS.major,
  maintenance: BADGE_COLOURS.maintenance,
};

/** Approximate advance widths of Verdana at 11px, the font shields-style badges use. */
function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code > 0x2e80) width += 11;
    else if (/[ilj.,:;|!'`\s]/.test(ch)) width += 3.9;
    else if (/[frtI()[\]{}\-/]/.test(ch)) width += 4.9;
    else if (/[mwMW@%]/.test(ch)) width += 10.3;
    else if (/[A-Z]/.test(ch)) width += 7.6;
    else width += 6.8;
  }
  return Math.ceil(width);
}


/** A flat, shields-like SVG badge with a `<title>` and `aria-label` for screen readers. */
export function renderBadge(label: string, message: string, colour: BadgeColour): string {
  const pad = 6;
  const lw = textWidth(label) + 2 * pad;
  const mw = textWidth(message) + 2 * pad;
  const width = lw + mw;
  const name = escapeXml(`${label}: ${message}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${name}">`,
    `<title>${name}</title>`,
    `<g shape-rendering="crispEdges"><rect width="${lw}" height="20" fill="${BADGE_COLOURS.label}"/><rect x="${lw}" width="${mw}" height="20" fill="${colour}"/></g>`,
    `<g fill="#ffffff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${lw / 2}" y="14">${escapeXml(label)}</text>`,
    `<text x="${lw + mw / 2}" y="14">${escapeXml(message)}</text>`,
    `</g>`,
    `</svg>`,
    '',
  ].join('\n');
}

/** The page's roll-up status, labelled with the site name. */
export function buildPageBadge(model: StatusModel, locale: string): string {
  const { t } = feedWords(locale, model.config.ui[locale]);
  return renderBadge(model.config.name, t(`page.${model.page.key}`), PAGE_COLOUR[model.page.key]);
}

export function buildComponentBadge(model: StatusModel, locale: string, componentId: string): string {
  const state = model.components.find((c) => c.config.id === componentId);
  if (!state) throw new Error(`unknown component "${componentId}" (expected one of: ${model.components.map((c) => c.config.id).join(', ')})`);
  const { t } = feedWords(locale, model.config.ui[locale]);
  return renderBadge(state.config.name[locale] ?? componentId, t(`component.${state.status}`), COMPONENT_COLOUR[state.status]);
}
