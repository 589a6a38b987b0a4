import { renderWidgetScript } from '../core/embed/widget-script.ts';
import type { UiOverrides } from '../i18n/index.ts';
import widgetSource from '../embed/kabar-status.js?raw';

/**
 * `embed.js` for a locale: the widget called with the locale's settings. The widget's source is
 * minified once, when the pages are compiled (src/build/renderer-compile.ts), so it stays under
 * its 2 KB gzipped budget with no minifier at build time. UTF-8 as written: escaping every
 * non-ASCII letter of a translation would only add bytes.
 */
export function widgetScript(locale: string, overrides?: UiOverrides): string {
  return renderWidgetScript(widgetSource, locale, overrides);
}
