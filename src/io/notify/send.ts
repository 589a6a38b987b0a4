import { createTransport, type Transporter } from 'nodemailer';
import type { Delivery, HttpDelivery, SmtpDelivery } from '../../core/notify/deliveries.ts';
import { webhookSignature } from '../../core/notify/payloads/webhook.ts';
import { parseRetryAfter, withRetries, type AttemptResult, type RetryOutcome, type RetryPolicy } from './retry.ts';

export type SecretLookup = (name: string) => string | undefined;

/**
 * Secrets come only from the environment: the process's own variables, then the JSON object
 * in `KABAR_NOTIFY_SECRETS` (the deploy workflow passes the repository's Actions secrets that
 * way, since a reusable workflow cannot name secrets it does not know in advance). Empty
 * values count as unset.
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
  return (name) => usable(env[name]) ?? usable(bundle[name]);
}

export interface Sender {
  send(delivery: Delivery): Promise<RetryOutcome>;
  close(): void;
}

/** Sends deliveries; one SMTP connection pool per server URL, reused across a channel's events. */
export function createSender(secrets: SecretLookup, policy: RetryPolicy, userAgent: string): Sender {
  const mailers = new Map<string, Transporter>();
  return {
    send: (delivery) => (delivery.transport === 'http' ? sendHttp(delivery, secrets, policy, userAgent) : sendMail(delivery, secrets, policy, mailers)),
    close: () => {
      for (const mailer of mailers.values()) mailer.close();
    },
  };
}

async function sendHttp(delivery: HttpDelivery & Delivery, secrets: SecretLookup, policy: RetryPolicy, userAgent: string): Promise<RetryOutcome> {
  const url = 'env' in delivery.target ? secrets(delivery.target.env) : delivery.target.url;
  if (!url) return { ok: false, attempts: 0, error: `${'env' in delivery.target ? delivery.target.env : 'the address'} is not set` };
  const headers: Record<string, string> = { 'User-Agent': userAgent, ...delivery.headers };
  if (delivery.auth) headers.Authorization = `${delivery.auth.scheme} ${secrets(delivery.auth.env) ?? ''}`;
  if (delivery.signWith) headers['X-Kabar-Signature-256'] = webhookSignature(delivery.body, secrets(delivery.signWith) ?? '');
  return withRetries(policy, async (): Promise<AttemptResult> => {
    let response: Response;
    try {
      // A redirect is a failure, as Statuspage treats it: following one would re-send the body elsewhere.
      response = await fetch(url, { method: 'POST', headers, body: delivery.body, redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs) });
    } catch (error) {
      return { ok: false, retry: true, error: networkMessage(error) };
    }
    const text = await response.text().catch(() => '');
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
    try {
      mailer = createTransport({ url, connectionTimeout: policy.timeoutMs, greetingTimeout: policy.timeoutMs, socketTimeout: policy.timeoutMs });
    } catch (error) {
      return { ok: false, attempts: 0, error: `${delivery.env} is not an SMTP URL such as smtps://user:password@smtp.example.com:465 (${networkMessage(error)})` };
    }
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

function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = cause?.code ? `${error.message} (${cause.code})` : error.message;
  return message.split('\n')[0]!.slice(0, 200);
}
