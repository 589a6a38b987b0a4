import type { Impact } from '../model/types.ts';
import { impactLook, lightDarkVars, MID_TONES, type LookKind } from '../view/status-look.ts';

/** The impacts an active incident or maintenance has in the Statuspage API, which the widget styles by. */
export const WIDGET_IMPACTS: readonly Impact[] = ['none', 'minor', 'major', 'critical', 'maintenance'];

/**
 * The widget's style sheet, inside its shadow root: the host page's CSS cannot reach it, and
 * it resets everything inherited but the host's font. Light and dark follow the reader's
 * system (`color-scheme: light dark`, so `light-dark()` picks by `prefers-color-scheme`)
 * unless the element says `theme="light"` or `theme="dark"`; status colours are mid-tones
 * that read on both. Classes are an incident's impact (or `ok`). Terse on purpose: it counts
 * towards the widget's 2 KB.
 */
export function widgetStyleSheet(): string {
  const byLook = new Map<LookKind, string[]>([['ok', ['ok']]]);
  for (const impact of WIDGET_IMPACTS) byLook.set(impactLook(impact), [...(byLook.get(impactLook(impact)) ?? []), impact]);
  const colours = [...byLook].map(([look, classes]) => `${classes.map((c) => `.${c}`).join(',')}{--c:${MID_TONES[look]}}`);
  const filled = [...byLook].filter(([look]) => look === 'part').flatMap(([, classes]) => classes.map((c) => `.${c} path`));
  return [
    `:host{all:initial;display:inline-block;max-width:100%;font:inherit;color-scheme:light dark;${lightDarkVars(['bg', 'fg', 'link'])}}`,
    ':host([theme=light]){color-scheme:light}:host([theme=dark]){color-scheme:dark}:host([variant=banner]){display:block}:host([hidden]){display:none}',
    'a{color:var(--link)}',
    '.pill,.row{display:flex;gap:.4em;align-items:center;box-sizing:border-box;max-width:100%;padding:.2em .6em;border:1px solid #8888;border-radius:2em;background:var(--bg);color:var(--fg)}',
    '.pill{display:inline-flex;font-size:.875em;text-decoration:none}.pill span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.dot{padding:.25em}',
    '.row{margin:0 0 .4em;padding:.5em .8em;border-inline-start:.4em solid var(--c);border-radius:.3em}',
    `svg{flex:none;width:1.2em;height:1.2em;color:var(--c);fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round}circle{stroke-width:1.5}${filled.join(',')}{fill:currentColor}`,
    colours.join(''),
  ].join('');
}
