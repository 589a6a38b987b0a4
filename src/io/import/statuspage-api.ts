import {
  parseList,
  spComponentSchema,
  spGroupSchema,
  spIncidentSchema,
  type StatuspagePayload,
} from '../../core/import/statuspage-payload.ts';
import type { z } from 'zod';
import { getJson, ImportSourceError, type ErrorHints } from './http-json.ts';

export const DEFAULT_STATUSPAGE_API = 'https://api.statuspage.io/v1';

export type StatuspageTarget =
  /** Management API: the full history of a page, with a key from STATUSPAGE_API_KEY. */
  | { api: 'management'; apiBase: string; apiKey: string; pageId?: string }
  /** Public API v2 of a Statuspage-hosted page: the 50 newest incidents and maintenances. */
  | { api: 'public'; pageUrl: string };

/** Management API pages hold at most 100 rows (`limit` for incidents, `per_page` for the rest). */
const PAGE_SIZE = 100;
/** A runaway guard: 100 000 incidents is more than any page has. */
const MAX_PAGES = 1000;

export async function fetchStatuspage(target: StatuspageTarget): Promise<StatuspagePayload> {
  return target.api === 'management' ? fetchManagement(target) : fetchPublic(target.pageUrl);
}

async function fetchManagement(target: Extract<StatuspageTarget, { api: 'management' }>): Promise<StatuspagePayload> {
  const base = target.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `OAuth ${target.apiKey}` };
  const pageId = target.pageId ?? (await onlyPage(base, headers));
  const hints: ErrorHints = {
    source: 'Statuspage',
    401: 'the API key was refused; set STATUSPAGE_API_KEY to a key from Statuspage (your avatar → API info)',
    403: `the API key may not read page ${pageId}; use a key of a user of that page's organisation`,
    404: notTheApi(base) ?? `there is no page "${pageId}" for this key; check --page-id (Statuspage: your avatar → API info lists page ids)`,
  };
  const all = async <T>(path: string, sizeParam: 'limit' | 'per_page', schema: z.ZodType<T>, what: string): Promise<T[]> => {
    const out: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const url = `${base}/pages/${encodeURIComponent(pageId)}/${path}?${sizeParam}=${PAGE_SIZE}&page=${page}`;
      const parsed = parseList(schema, await getJson(url, hints, { headers }), what);
      if (!parsed.ok) throw new ImportSourceError(`Statuspage answered ${url} with data Kabar cannot read (${parsed.reason})`);
      out.push(...parsed.items);
      if (parsed.items.length < PAGE_SIZE) return out;
    }
    throw new ImportSourceError(`Statuspage kept answering ${path} with full pages after ${MAX_PAGES} of them; stopped`);
  };
  const incidents = await all('incidents', 'limit', spIncidentSchema, 'incidents');
  const components = await all('components', 'per_page', spComponentSchema, 'components');
  const groups = await all('component-groups', 'per_page', spGroupSchema, 'component groups');
  return { api: 'management', origin: `page ${pageId}`, incidents, maintenances: [], components, groups };
}

/**
 * Why a 404 is the address's fault rather than the page id's: the management API's paths start
 * with its version, `/v1`, and an address without it (`https://api.statuspage.io`) finds nothing.
 */
function notTheApi(base: string): string | undefined {
  const path = URL.canParse(base) ? new URL(base).pathname : base;
  if (/\/v1$/.test(path)) return undefined;
  return `--api-url ${base} is not Statuspage's management API, whose address ends in /v1 (${DEFAULT_STATUSPAGE_API}); check --api-url or KABAR_STATUSPAGE_API_URL`;
}

/** Without --page-id: the key's only page, or a list of them to choose from. */
async function onlyPage(base: string, headers: Record<string, string>): Promise<string> {
  const hints: ErrorHints = {
    source: 'Statuspage',
    401: 'the API key was refused; set STATUSPAGE_API_KEY to a key from Statuspage (your avatar → API info)',
    403: 'the API key may not list pages; pass the page id with --page-id',
    404: notTheApi(base) ?? `${base} is not Statuspage's management API; check --api-url or KABAR_STATUSPAGE_API_URL`,
  };
  const value = await getJson(`${base}/pages`, hints, { headers });
  const pages = Array.isArray(value) ? value.filter((p): p is { id: string; name?: string } => typeof p?.id === 'string') : [];
  if (pages.length === 1) return pages[0]!.id;
  if (pages.length === 0) throw new ImportSourceError('the API key can see no page; pass the page id with --page-id');
  throw new ImportSourceError(`the API key can see ${pages.length} pages; choose one with --page-id: ${pages.map((p) => `${p.id} (${p.name ?? 'unnamed'})`).join(', ')}`);
}

async function fetchPublic(pageUrl: string): Promise<StatuspagePayload> {
  const page = (/^https?:\/\//i.test(pageUrl) ? pageUrl : `https://${pageUrl}`).replace(/\/+$/, '').replace(/\/api\/v2$/, '');
  const hints: ErrorHints = {
    source: 'the status page',
    401: 'the page is private; with an API key (STATUSPAGE_API_KEY and --page-id) the import reads it through the management API',
    403: 'the page is private; with an API key (STATUSPAGE_API_KEY and --page-id) the import reads it through the management API',
    404: `${page} has no Statuspage API (/api/v2/); check --url is the address of a page hosted by Atlassian Statuspage`,
  };
  const read = async <T>(file: string, key: string, schema: z.ZodType<T>): Promise<T[]> => {
    const url = `${page}/api/v2/${file}`;
    const body = (await getJson(url, hints)) as Record<string, unknown> | null;
    const parsed = parseList(schema, body?.[key], key);
    if (!parsed.ok) throw new ImportSourceError(`${url} is not Statuspage's public API (${parsed.reason}); check --url`);
    return parsed.items;
  };
  const incidents = await read('incidents.json', 'incidents', spIncidentSchema);
  const maintenances = await read('scheduled-maintenances.json', 'scheduled_maintenances', spIncidentSchema);
  const components = await read('components.json', 'components', spComponentSchema);
  return { api: 'public', origin: page, incidents, maintenances, components, groups: [] };
}
