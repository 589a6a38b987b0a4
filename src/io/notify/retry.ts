/**
 * Retries with exponential backoff (1 s, 2 s, 4 s by default), for what is worth retrying:
 * HTTP 408, 429 and 5xx, network errors, and SMTP's temporary 4xx replies. A server's
 * `Retry-After` (RFC 9110 §10.2.3: seconds, or an HTTP date) is honoured; one asking for
 * longer than `maxDelayMs` ends this run's attempts, and the next run tries again.
 */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per request. */
  timeoutMs: number;
}

/** `KABAR_NOTIFY_RETRY_DELAY_MS` and `KABAR_NOTIFY_TIMEOUT_MS` (milliseconds) change the first retry's delay and the per-request timeout. */
export function retryPolicy(env: Readonly<Record<string, string | undefined>>): RetryPolicy {
  const ms = (value: string | undefined, fallback: number, min: number) => {
    const n = Number(value);
    return value !== undefined && value.trim() !== '' && Number.isFinite(n) && n >= min ? n : fallback;
  };
  return { attempts: 4, baseDelayMs: ms(env.KABAR_NOTIFY_RETRY_DELAY_MS, 1000, 0), maxDelayMs: 60_000, timeoutMs: ms(env.KABAR_NOTIFY_TIMEOUT_MS, 20_000, 1) };
}

export type AttemptResult = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs?: number };

export interface RetryOutcome {
  ok: boolean;
  attempts: number;
  error?: string;
}

export async function withRetries(policy: RetryPolicy, attempt: () => Promise<AttemptResult>, sleep: (ms: number) => Promise<void> = defaultSleep): Promise<RetryOutcome> {
  let last = '';
  for (let n = 1; n <= policy.attempts; n++) {
    const result = await attempt();
    if (result.ok) return { ok: true, attempts: n };
    last = result.error;
    if (!result.retry || n === policy.attempts) return { ok: false, attempts: n, error: n > 1 ? `${last} (after ${n} attempts)` : last };
    const delay = result.retryAfterMs ?? policy.baseDelayMs * 2 ** (n - 1);
    if (delay > policy.maxDelayMs) return { ok: false, attempts: n, error: `${last}; the server asks to wait ${Math.round(delay / 1000)} s, so the next run retries` };
    await sleep(delay);
  }
  return { ok: false, attempts: policy.attempts, error: last };
}

/** `Retry-After` in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
