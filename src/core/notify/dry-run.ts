import type { Delivery } from './deliveries.ts';

/**
 * `kabar notify --dry-run`: every request as it would go out — where (the variable holding
 * the address, never its value), the headers and the exact body — oldest first per channel.
 */
export function renderDryRun(deliveries: readonly { channel: string; delivery: Delivery }[]): string {
  if (deliveries.length === 0) return '';
  const blocks = deliveries.map(({ channel, delivery }) => {
    const m = delivery.message;
    const head = `${channel}: ${m.eventId} (${m.kind}, ${new Date(m.at).toISOString()}, ${m.locale})`;
    if (delivery.transport === 'smtp') {
      const headers = Object.entries(delivery.email.headers).map(([k, v]) => `${k}: ${v}`);
      return [
        head,
        `  SMTP through the server in $${delivery.env}, from ${delivery.from} to ${delivery.to.join(', ')}`,
        `  Subject: ${delivery.email.subject}`,
        ...headers.map((h) => `  ${h}`),
        '',
        delivery.email.text.trimEnd().replace(/^/gm, '  '),
        '  (and the same as HTML; --format json shows it)',
      ].join('\n');
    }
    const target = 'env' in delivery.target ? `the URL in $${delivery.target.env}` : delivery.target.url;
    const headers = [
      ...Object.entries(delivery.headers).map(([k, v]) => `${k}: ${v}`),
      ...(delivery.auth ? [`Authorization: ${delivery.auth.scheme} <$${delivery.auth.env}>`] : []),
      ...(delivery.signWith ? [`X-Kabar-Signature-256: sha256=<HMAC-SHA256 of the body with $${delivery.signWith}>`] : []),
    ];
    const body = JSON.stringify(JSON.parse(delivery.body), null, 2);
    return [head, `  POST ${target}`, ...headers.map((h) => `  ${h}`), '', body.replace(/^/gm, '  ')].join('\n');
  });
  return `${blocks.join('\n\n')}\n\n`;
}
