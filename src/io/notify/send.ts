import { createTransport, type Transporter } from 'nodemailer';
import type { Delivery, HttpDelivery, SmtpDelivery } from '../../core/notify/deliveries.ts';
import { webhookSignature } from '../../core/notify/payloads/webhook.ts';
import { isSecretVariable, scrubSecrets, smtpServer, tokenProblem, webhookEndpoint } from '../../core/notify/secrets.ts';
import { parseRetryAfter, withRetries, type AttemptResult, type RetryOutcome, type RetryPolicy } from './retry.ts';

export type SecretLookup = (name: string) => string | undefined;

/**
 * Secrets come only from the environment: the process's own variables, then the JSON object
 * in `KABAR_NOTIFY_SECRETS` (the notify workflow passes the repository's `KABAR_NOTIFY_*`
 * Actions secrets that way, since a reusable workflow cannot name secrets it does not know in
 * advance). Only `KABAR_NOTIFY_*` names are ever read, so a config change cannot point a
 * channel at another secret (the deploy token). Empty values count as unset.
 */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): SecretLookup {
  let bundle: Record<string, unknown> = {};
  try {
    const parsed: unknown = env.KABAR_NOTIFY_SECRETS ? JSON.parse(env.KABAR_NOTIFY_SECRETS) : {};
    if (parsed && typeof parsed === 'object') bundle = parsed as Record<string, unknown>;
  } catch {
    // An unreadable bundle is as good as none: the channel reports its variable as unset.
  }
  const usable = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return (name) => (isSecretVariable(name) ? (usable(env[name]) ?? usable(bundle[name])) : undefined);
}

export interface Sender {
  send(delivery: Delivery): Promise<RetryOutcome>;
  close(): void;
}

/** Sends deliveries; one SMTP connection pool per server URL, reused across a channel's events. */
export function createSender(secrets: SecretLookup, policy: RetryPolicy, userAgent: string): Sender {
  const mailers = new Map<string, Transporter>();
  return {
    send: async (delivery) => {
      const outcome = delivery.transport === 'http' ? await sendHttp(delivery, secrets, policy, userAgent) : await sendMail(delivery, secrets, policy, mailers);
      // Whatever a receiver or a library quoted back, the secrets this delivery used never leave in an error.
      const used = delivery.transport === 'http' ? ['env' in delivery.target ? delivery.target.env : undefined, delivery.auth?.env, delivery.signWith] : [delivery.env];
      return outcome.error === undefined ? outcome : { ...outcome, error: scrubSecrets(outcome.error, used.map((name) => (name ? secrets(name) : undefined))) };
    },
    close: () => {
      for (const mailer of mailers.values()) mailer.close();
    },
  };
}

async function sendHttp(delivery: HttpDelivery & Delivery, secrets: SecretLookup, policy: RetryPolicy, userAgent: string): Promise<RetryOutcome> {
  let url = 'url' in delivery.target ? delivery.target.url : '';
  if ('env' in delivery.target) {
    const value = secrets(delivery.target.env);
    if (!value) return { ok: false, attempts: 0, error: `${delivery.target.env} is not set` };
    // Checked before any request: an address that can never work is not retried, and is never quoted.
    const endpoint = webhookEndpoint(value, delivery.target.env);
    if ('error' in endpoint) return { ok: false, attempts: 0, error: endpoint.error };
    url = endpoint.url;
  }
  const headers: Record<string, string> = { 'User-Agent': userAgent, ...delivery.headers };
  if (delivery.auth) {
    const token = secrets(delivery.auth.env) ?? '';
    const problem = tokenProblem(token, delivery.auth.env);
    if (problem) return { ok: false, attempts: 0, error: problem };
    headers.Authorization = `${delivery.auth.scheme} ${token}`;
  }
  if (delivery.signWith) headers['X-Kabar-Signature-256'] = webhookSignature(delivery.body, secrets(delivery.signWith) ?? '');
  return withRetries(policy, async (): Promise<AttemptResult> => {
    let response: Response;
    try {
      // A redirect is a failure, as Statuspage treats it: following one would re-send the body elsewhere.
      response = await fetch(url, { method: 'POST', headers, body: delivery.body, redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs) });
    } catch (error) {
      // A request that could not even be made (a TypeError without a network cause) quotes what it was given: never shown.
      if (error instanceof TypeError && !(error as { cause?: unknown }).cause) return { ok: false, retry: false, error: 'the request could not be made from the channel\'s settings' };
      return { ok: false, retry: true, error: networkMessage(error) };
    }
    // Only the start of the answer is read (the rest is cancelled), under the same timeout as the request.
    const text = await readStart(response, RESPONSE_READ_LIMIT).catch(() => '');
    if (response.ok) return { ok: true };
    const retry = response.status === 408 || response.status === 429 || response.status >= 500;
    const detail = text.trim().replace(/\s+/g, ' ').slice(0, 200);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return { ok: false, retry, error: `HTTP ${response.status}${detail ? `: ${detail}` : ''}`, ...(retryAfterMs !== undefined && { retryAfterMs }) };
  });
}

async function sendMail(delivery: SmtpDelivery & Delivery, secrets: SecretLookup, policy: RetryPolicy, mailers: Map<string, Transporter>): Promise<RetryOutcome> {
  const url = secrets(delivery.env);
  if (!url) return { ok: false, attempts: 0, error: `${delivery.env} is not set` };
  let mailer = mailers.get(url);
  if (!mailer) {
    // Parsed here and given to nodemailer as options: a URL string it parses itself can end up, password and all, in a warning.
    const parsed = smtpServer(url, delivery.env);
    if ('error' in parsed) return { ok: false, attempts: 0, error: parsed.error };
    mailer = createTransport({ ...parsed.server, connectionTimeout: policy.timeoutMs, greetingTimeout: policy.timeoutMs, socketTimeout: policy.timeoutMs });
    mailers.set(url, mailer);
  }
  const { 'Message-ID': messageId, ...headers } = delivery.email.headers;
  const transport = mailer;
  return withRetries(policy, async (): Promise<AttemptResult> => {
    try {
      await transport.sendMail({ from: delivery.from, to: delivery.to, subject: delivery.email.subject, text: delivery.email.text, html: delivery.email.html, ...(messageId && { messageId }), headers });
      return { ok: true };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // SMTP 4xx replies are temporary (RFC 5321 §4.2.1); 5xx are permanent.
      const retry = code === undefined || (code >= 400 && code < 500);
      return { ok: false, retry, error: `SMTP ${code ?? 'connection'}: ${networkMessage(error)}` };
    }
  });
}

/** How much of a receiver's answer is read: enough for an error message, never a flood. */
export const RESPONSE_READ_LIMIT = 64 * 1024;

/** The first `limit` bytes of a response's body, as text; the rest is never downloaded. */
async function readStart(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = cause?.code ? `${error.message} (${cause.code})` : error.message;
  return message.split('\n')[0]!.slice(0, 200);
}
