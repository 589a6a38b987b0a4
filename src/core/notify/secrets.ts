/**
 * Rules for the secrets channels read, and for the addresses built from them. A secret's value
 * (or any URL built from it) must never reach a message: the log, the `::error` annotation, the
 * workflow summary and the ledger branch are all readable by more people than the secret is. So
 * every problem found here names the variable, never quotes the value.
 */

/** Channels read only variables with this prefix: the notify workflow passes only those secrets. */
export const SECRET_PREFIX = 'KABAR_NOTIFY_';

/** Variables kabar notify reads for itself: never a channel's secret. */
export const SETTINGS_VARIABLES: readonly string[] = ['KABAR_NOTIFY_SECRETS', 'KABAR_NOTIFY_RETRY_DELAY_MS', 'KABAR_NOTIFY_TIMEOUT_MS'];

/** Whether a channel may read this variable. */
export const isSecretVariable = (name: string): boolean => name.startsWith(SECRET_PREFIX) && !SETTINGS_VARIABLES.includes(name);

/** Plain http is allowed only to this machine (local receivers in tests and trials). */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Whether an endpoint may be posted to: https, or http to this machine. */
export function isSafeEndpoint(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

const parse = (value: string): URL | undefined => {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
};

/** The URL in `variable` (a webhook address), or why it cannot be used — without quoting it. */
export function webhookEndpoint(value: string, variable: string): { url: string } | { error: string } {
  const url = parse(value);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return { error: `${variable} is not a URL (expected an https:// address such as the one the service shows; its value is not shown)` };
  if (url.username || url.password) return { error: `${variable} holds a login (user:password@) in its URL, which is refused (expected the address alone; its value is not shown)` };
  if (!isSafeEndpoint(url)) return { error: `${variable} is not an https:// address (plain http is allowed only to 127.0.0.1 or localhost; its value is not shown)` };
  return { url: url.href };
}

/** Why a token sent in a header cannot be used, if it cannot: the runtime's error would quote the header, token and all. */
export function tokenProblem(value: string, variable: string): string | undefined {
  return /^[\x21-\x7e]+$/.test(value) ? undefined : `${variable} holds characters a token never has (expected the token alone: printable ASCII, no spaces or line breaks; its value is not shown)`;
}

/** What nodemailer needs, read from the SMTP URL in a variable, so the URL string itself never reaches it. */
export interface SmtpServer {
  host: string;
  port?: number;
  /** TLS from the start (`smtps:`); otherwise STARTTLS. */
  secure: boolean;
  /** STARTTLS is required, except to this machine. */
  requireTLS: boolean;
  auth?: { user: string; pass: string };
}

export function smtpServer(value: string, variable: string): { server: SmtpServer } | { error: string } {
  const expected = `expected smtps://user:password@smtp.example.com:465 or smtp://user:password@smtp.example.com:587; its value is not shown`;
  const url = parse(value);
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname) return { error: `${variable} is not a URL of an SMTP server (${expected})` };
  let auth: SmtpServer['auth'];
  try {
    if (url.username) auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  } catch {
    return { error: `${variable} has a login that is not correctly %-encoded (${expected})` };
  }
  const secure = url.protocol === 'smtps:';
  return { server: { host: url.hostname.replace(/^\[|\]$/g, ''), ...(url.port && { port: Number(url.port) }), secure, requireTLS: !secure && !isLoopbackHost(url.hostname), ...(auth && { auth }) } };
}

/**
 * `text` with every secret, and the parts of a URL secret that are secret on their own (login,
 * password), replaced: a receiver or a library may quote them back in an error.
 */
export function scrubSecrets(text: string, values: readonly (string | undefined)[]): string {
  const parts = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    parts.add(value);
    const url = parse(value);
    if (url) {
      parts.add(url.href);
      for (const part of [url.username, url.password, url.pathname.length > 1 ? url.pathname : '', url.search]) {
        if (part.length < 4) continue;
        parts.add(part);
        try {
          parts.add(decodeURIComponent(part));
        } catch {
          // Not %-encoded text: the raw part is replaced above.
        }
      }
    }
  }
  let scrubbed = text;
  for (const part of [...parts].sort((a, b) => b.length - a.length)) scrubbed = scrubbed.split(part).join('[secret]');
  return scrubbed;
}
