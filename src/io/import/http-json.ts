/**
 * GET a JSON document from a source's API with the failures an import must explain:
 * unreachable hosts, 401/403/404 (each with what to check), rate limits (Statuspage
 * answers 420 or 429; waited out a few times, as its Retry-After asks, then given
 * up on), other statuses, and bodies that are not JSON. Every failure is an
 * ImportSourceError whose message names the URL and the fix; the import then
 * writes nothing.
 */
export class ImportSourceError extends Error {
  override name = 'ImportSourceError';
}

export interface ErrorHints {
  /** What the source is called in messages, e.g. "Statuspage". */
  source: string;
  401: string;
  403: string;
  404: string;
}

export interface JsonOptions {
  headers?: Record<string, string>;
  /** Rate-limit retries before giving up. */
  retries?: number;
  /** Longest wait for one Retry-After, in ms. */
  maxWaitMs?: number;
  timeoutMs?: number;
  /** Largest body read; a larger one is an error. */
  maxBytes?: number;
}

/** The largest answer an import reads from one request (a whole Statuspage history page is a few MB). */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The body as text, read up to `maxBytes` (then the rest is cancelled and it is an error), and a
 * body cut off by the connection an error too: never a partial document taken for a whole one.
 */
async function boundedText(response: Response, shown: string, source: string, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        await response.body?.cancel().catch(() => {});
        throw new ImportSourceError(`${source} answered ${shown} with more than ${maxBytes / 1024 / 1024} MiB, more than an import reads: check the address`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ImportSourceError) throw error;
    throw new ImportSourceError(`${source}'s answer from ${shown} was cut off after ${size} bytes (${(error as Error).message}): run the import again`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function getJson(url: string, hints: ErrorHints, options: JsonOptions = {}): Promise<unknown> {
  const { retries = 5, maxWaitMs = 30_000, timeoutMs = 60_000, maxBytes = MAX_RESPONSE_BYTES } = options;
  const shown = redact(url);
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json', 'user-agent': 'kabar-import', ...options.headers }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const cause = error as Error & { cause?: { code?: string; message?: string } };
      const why = cause.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause.cause?.code ?? cause.cause?.message ?? cause.message);
      throw new ImportSourceError(`could not reach ${hints.source} at ${shown} (${why}): check the network connection and the address`);
    }
    if (response.status === 420 || response.status === 429) {
      const wait = retryAfterMs(response.headers.get('retry-after'), attempt);
      await response.body?.cancel();
      if (attempt < retries && wait <= maxWaitMs) {
        await new Promise((resolve) => setTimeout(resolve, wait));
        continue;
      }
      throw new ImportSourceError(`${hints.source} is rate-limiting these requests (${response.status} at ${shown}, still after ${attempt + 1} tries): wait a minute and run the import again`);
    }
    const text = await boundedText(response, shown, hints.source, maxBytes);
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      throw new ImportSourceError(`${hints.source} answered ${response.status} ${response.statusText || ''} for ${shown}${detail(text)}: ${hints[response.status]}`.replace(/ {2,}/g, ' '));
    }
    if (!response.ok) throw new ImportSourceError(`${hints.source} answered ${response.status} ${response.statusText} for ${shown}${detail(text)}: try again later`);
    try {
      return JSON.parse(text);
    } catch {
      throw new ImportSourceError(`${hints.source} answered ${shown} with something that is not JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…): check the address`);
    }
  }
}

/**
 * Seconds or an HTTP date (RFC 9110 §10.2.3). Without one, 1, 2, 4, 8, 16 s: Statuspage
 * allows a key one request a second over a rolling minute, so a long import that
 * outruns it waits for the window to move on.
 */
function retryAfterMs(value: string | null, attempt: number): number {
  const backoff = 1000 * 2 ** attempt;
  if (value === null) return backoff;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? backoff : Math.max(0, at - Date.now());
}

function detail(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const message = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : undefined;
    return message ? ` ("${message.slice(0, 200)}")` : '';
  } catch {
    return '';
  }
}

/** URLs never carry secrets here, but a user-typed one might: hide any password and key-like query. */
const redact = (url: string): string => url.replace(/\/\/[^/@]*@/, '//').replace(/([?&](?:api_key|key|token)=)[^&]*/gi, '$1…');
