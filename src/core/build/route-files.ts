/**
 * Where a compiled route's pages go: the pathname its `getStaticPaths` parameters give it, the
 * URL the page is rendered at, and the file it is written to. These are Astro's static-build
 * rules (directory format, trailing slash always), applied by Kabar's own renderer
 * (src/build/render-child.ts), which renders the routes compiled once instead of starting Astro.
 */

export interface RouteSegmentPart {
  content: string;
  dynamic: boolean;
  spread: boolean;
}

export interface RouteShape {
  type: string;
  segments: RouteSegmentPart[][];
  /** Astro's matcher of the route's URLs (for an endpoint without an extension, it wants the trailing slash). */
  pattern: RegExp;
}

/** Astro keeps `#` and `?` in a parameter from ending the path. */
const paramText = (value: string) => value.normalize().replace(/#/g, '%23').replace(/\?/g, '%3F');

/** The route's pathname for these parameters: a spread parameter left undefined drops its segment, as in Astro. */
export function routePathname(route: Pick<RouteShape, 'segments'>, params: Readonly<Record<string, string | number | undefined>>): string {
  const parts: string[] = [];
  for (const segment of route.segments) {
    const text = segment
      .map((part) => {
        if (!part.dynamic) return part.content;
        const value = params[part.spread ? part.content.slice(3) : part.content];
        if (value === undefined && !part.spread) throw new Error(`missing route parameter "${part.content}"`);
        return value === undefined ? '' : paramText(String(value));
      })
      .join('');
    if (text !== '') parts.push(text);
  }
  return `/${parts.join('/')}`;
}

/** The URL path the page is rendered at: pages end in a slash; so do files whose route matches only with one. */
export function requestPath(route: RouteShape, pathname: string): string {
  const withSlash = pathname.endsWith('/') ? pathname : `${pathname}/`;
  return route.type === 'page' || !route.pattern.test(pathname) ? withSlash : pathname;
}

/** The file a pathname is written to, relative to the output: `<path>/index.html` for pages (a 404 page as `404.html`, which hosts look for), the path itself for files. */
export function outputFile(route: Pick<RouteShape, 'type'>, pathname: string): string {
  const relative = pathname.replace(/^\/+/, '');
  if (route.type !== 'page') return relative;
  if (relative === '404' || relative.endsWith('/404')) return `${relative}.html`;
  return relative === '' ? 'index.html' : `${relative}/index.html`;
}
