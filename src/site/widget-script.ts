import { transform } from 'esbuild';
import { renderWidgetScript } from '../core/embed/widget-script.ts';
import type { UiOverrides } from '../i18n/index.ts';
import widgetSource from '../embed/kabar-status.js?raw';

/**
 * `embed.js` for a locale: the widget called with the locale's settings, minified by esbuild
 * (the compiler Astro's Vite already brings) so it stays under its 2 KB gzipped budget.
 * UTF-8 as written: escaping every non-ASCII letter of a translation would only add bytes.
 */
export async function widgetScript(locale: string, overrides?: UiOverrides): Promise<string> {
  const { code } = await transform(renderWidgetScript(widgetSource, locale, overrides), { minify: true, target: 'es2022', charset: 'utf8', legalComments: 'none' });
  return code;
}
