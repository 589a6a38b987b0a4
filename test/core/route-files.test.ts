import { describe, expect, it } from 'vitest';
import { outputFile, requestPath, routePathname, type RouteShape } from '../../src/core/build/route-files.ts';

/** A route as Astro's manifest describes it: `[...lang]/incidents/[id]` and friends. */
function route(type: 'page' | 'endpoint', source: string, pattern: RegExp): RouteShape {
  const segments = source.split('/').map((segment) => {
    const dynamic = /^\[(.+)\]$/.exec(segment);
    return [dynamic ? { content: dynamic[1]!, dynamic: true, spread: dynamic[1]!.startsWith('...') } : { content: segment, dynamic: false, spread: false }];
  });
  return { type, segments, pattern };
}

const incident = route('page', '[...lang]/incidents/[id]', /^(?:\/(.*?))?\/incidents\/([^/]+?)\/$/);
const home = route('page', '[...lang]', /^(?:\/(.*?))?\/$/);
const notFound = route('page', '[...lang]/404', /^(?:\/(.*?))?\/404\/$/);
const rss = route('endpoint', '[...lang]/history.rss', /^(?:\/(.*?))?\/history\.rss$/);
const file = route('endpoint', '[...lang]/[file]', /^(?:\/(.*?))?\/([^/]+?)\/$/);

describe('where a compiled route writes its pages', () => {
  it('drops a spread parameter left undefined, as Astro does (the default locale of a single site)', () => {
    expect(routePathname(incident, { lang: undefined, id: '2026-11-20-db' })).toBe('/incidents/2026-11-20-db');
    expect(routePathname(incident, { lang: 'status.example.com', id: 'x' })).toBe('/status.example.com/incidents/x');
    expect(routePathname(home, { lang: undefined })).toBe('/');
    expect(routePathname(home, { lang: 'id' })).toBe('/id');
  });

  it('writes pages as directories, the 404 page as 404.html, and files under their own name', () => {
    expect(outputFile(incident, '/status.example.com/incidents/x')).toBe('status.example.com/incidents/x/index.html');
    expect(outputFile(home, '/')).toBe('index.html');
    expect(outputFile(notFound, '/404')).toBe('404.html');
    expect(outputFile(notFound, '/status.example.co.id/404')).toBe('status.example.co.id/404.html');
    expect(outputFile(rss, '/id/history.rss')).toBe('id/history.rss');
    expect(outputFile(file, '/status.example.com/_headers')).toBe('status.example.com/_headers');
  });

  it('asks for a file route with the trailing slash its matcher wants, and for an .rss without one', () => {
    expect(requestPath(rss, '/history.rss')).toBe('/history.rss');
    expect(requestPath(file, '/status.example.com/logo.png')).toBe('/status.example.com/logo.png/');
    expect(requestPath(incident, '/incidents/x')).toBe('/incidents/x/');
  });

  it('keeps # and ? in a parameter from ending the path, and refuses a missing parameter', () => {
    expect(routePathname(incident, { lang: undefined, id: 'a#b?c' })).toBe('/incidents/a%23b%3Fc');
    expect(() => routePathname(incident, { lang: undefined })).toThrow(/missing route parameter "id"/);
  });
});
