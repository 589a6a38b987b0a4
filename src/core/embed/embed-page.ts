import { createHash } from 'node:crypto';
import { escapeHtml } from '../feeds/items.ts';
import type { Incident, StatusModel, Text } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { incidentPath } from '../view/page-paths.ts';
import { worstImpactFirst } from '../model/status-rank.ts';
import { impactLook, lookKind, paletteVars, statusIconSvg } from '../view/status-look.ts';
import { textDirection, useTranslations } from '../../i18n/index.ts';

const STYLE = [
  `:root{color-scheme:light dark;${paletteVars('light')}}`,
  `@media (prefers-color-scheme:dark){:root{${paletteVars('dark')}}}`,
  'body{margin:0;padding:.5rem;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}',
  'a{color:var(--link)}a:focus-visible{outline:2px solid var(--link);outline-offset:2px}',
  'h1{display:flex;align-items:center;gap:.5rem;margin:0 0 .5rem;font-size:1rem}',
  'ul{list-style:none;margin:0;padding:0}',
  '.row{display:flex;gap:.5rem;align-items:flex-start;margin:0 0 .4rem;padding:.5rem .7rem;background:var(--card);border:1px solid var(--line);border-inline-start:.35rem solid var(--c);border-radius:.3rem}',
  'svg{width:1.1em;height:1.1em;flex:none;color:var(--c)}.row svg{margin-top:.2em}',
  '.ok{--c:var(--ok)}.warn{--c:var(--warn)}.part{--c:var(--part)}.down{--c:var(--down)}.mnt{--c:var(--mnt)}',
].join('');

/** `sha256-…` of a `<style>` element's text, as a Content-Security-Policy names it (CSP Level 3, hash-source). */
export const cspHash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page other sites put in an `<iframe>` (`embed/`, and `components/<id>/embed/` for one
 * component): the status and what is going on now, rendered at build time. It has no
 * JavaScript at all, and its own Content-Security-Policy allows nothing but its one style
 * sheet (by hash), so it works under the strictest policy. Links open outside the frame.
 */
export function renderEmbedPage(model: StatusModel, locale: string, urls: SiteUrls, componentId?: string): string {
  const t = useTranslations(locale, model.config.ui[locale]);
  const component = componentId === undefined ? undefined : model.components.find((c) => c.config.id === componentId);
  if (componentId !== undefined && !component) throw new Error(`no component "${componentId}"`);
  const status = component ? component.status : model.page.key;
  const headline = component ? `${component.config.name[locale] ?? component.config.id}: ${t(`component.${component.status}`)}` : t(`page.${model.page.key}`);
  const now = [...model.activeIncidents.filter((i) => i.type === 'incident'), ...model.activeMaintenance];
  // The worst first, as the page's own headline: a minor incident opened later must not hide an outage.
  const active = worstImpactFirst([...new Set(now)].filter((i) => !componentId || i.componentIds.includes(componentId)));
  const title = t('embed.title', { name: model.config.name });
  const row = (incident: Incident) => {
    const look = impactLook(incident.impact);
    const name = incident.title[locale];
    return `<li class="row ${look}">${statusIconSvg(look)}<span><a href="${escapeHtml(urls.href(locale, incidentPath(incident.id)))}"${langOf(name, locale)}>${escapeHtml(name?.text ?? incident.id)}</a> ${escapeHtml(t(`status.${incident.status}`))}</span></li>`;
  };
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}" dir="${textDirection(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspHash(STYLE)}; base-uri 'none'; form-action 'none'">`,
    '<meta name="robots" content="noindex">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    '<base target="_blank">',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    // Labelled: inside a host page it is a second main landmark, told apart by its name.
    `<main aria-label="${escapeHtml(title)}">`,
    `<h1 class="${lookKind(status)}">${statusIconSvg(lookKind(status))}<a href="${escapeHtml(urls.href(locale))}" title="${escapeHtml(t('embed.open'))}">${escapeHtml(headline)}</a></h1>`,
    ...(active.length > 0 ? [`<ul>${active.map(row).join('')}</ul>`] : []),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function langOf(text: Text | undefined, locale: string): string {
  return text && text.lang !== locale ? ` lang="${escapeHtml(text.lang)}"` : '';
}
