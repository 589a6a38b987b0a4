import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertsSchema, defaultAlertsConfig } from '../../src/core/config/alerts-schema.ts';
import { normalizeSiteConfig, type SiteConfig } from '../../src/core/config/normalize.ts';
import type { IncidentSource } from '../../src/core/content/types.ts';
import { alertBranchProblem, alertKey, hasContentMarker, markIndex, notAlertPull, pullRequestMarker, readPullRequestMarker } from '../../src/core/ingest/key.ts';
import { alertImpact, draftText } from '../../src/core/ingest/map.ts';
import { PayloadError, type AlertNotification } from '../../src/core/ingest/notification.ts';
import { parseAlertPayload } from '../../src/core/ingest/parse-payload.ts';
import { planIngest } from '../../src/core/ingest/plan.ts';
import { alertRows, withLatestNotification } from '../../src/core/ingest/pull-request.ts';
import { formatProblem } from '../../src/core/problems.ts';

const payload = (name: string) => readFileSync(new URL(`../fixtures/alerts/${name}.json`, import.meta.url), 'utf8');

const CONFIG_SOURCE = `export default {
  name: 'Shop',
  timeZone: 'UTC',
  locales: [{ tag: 'en', label: 'English' }],
  components: [
    { id: 'checkout', name: 'Checkout' },
    { id: 'api', name: 'API' },
  ],
  alerts: {
    components: [
      { labels: { service: 'checkout' }, components: ['checkout'] },
      { labels: { team: '*', job: 'gw' }, components: ['api'], status: 'degraded_performance' },
    ],
  },
};`;
const configValue = {
  name: 'Shop',
  timeZone: 'UTC',
  locales: [{ tag: 'en', label: 'English' }],
  components: [
    { id: 'checkout', name: 'Checkout' },
    { id: 'api', name: 'API' },
  ],
  alerts: {
    components: [
      { labels: { service: 'checkout' }, components: ['checkout'] },
      { labels: { team: '*', job: 'gw' }, components: ['api'], status: 'degraded_performance' },
    ],
  },
};
const config = normalizeSiteConfig(configValue, 'kabar.config.ts', CONFIG_SOURCE).config as SiteConfig;
const alerts = config.alerts!;

const notification = (over: Partial<AlertNotification> & { labels?: Record<string, string>[] } = {}): AlertNotification => ({
  source: 'generic',
  group: 'g',
  status: 'firing',
  alerts: (over.labels ?? [{}]).map((labels, i) => ({ name: `a${i}`, status: 'firing' as const, labels })),
  ...over,
});

describe('each source’s payload, as that system sends it', () => {
  it('Alertmanager: the group, its alerts, the earliest start', () => {
    const n = parseAlertPayload('alertmanager', payload('alertmanager-firing'));
    expect(n).toMatchObject({ source: 'alertmanager', group: '{}/{severity=~"critical|warning"}:{service="checkout"}', status: 'firing', since: Date.parse('2026-11-20T02:58:12.345Z') });
    expect(n.alerts.map((a) => [a.name, a.status, a.summary])).toEqual([
      ['CheckoutHighErrorRate', 'firing', '5xx rate above 5% on checkout'],
      ['CheckoutHighLatency', 'firing', 'p99 latency above 2 s on checkout'],
    ]);
    const resolved = parseAlertPayload('alertmanager', payload('alertmanager-resolved'));
    expect([resolved.status, resolved.since, alertKey(resolved)]).toEqual(['resolved', n.since, alertKey(n)]);
  });

  it('Grafana: the same, and its test notification is recognised as one', () => {
    expect(parseAlertPayload('grafana', payload('grafana-firing'))).toMatchObject({ source: 'grafana', status: 'firing', alerts: [{ name: 'API gateway 5xx', labels: { job: 'api-gateway', severity: 'warning' } }] });
    expect(parseAlertPayload('grafana', payload('grafana-test')).ignore).toBe('a test notification from a Grafana contact point');
  });

  it('Uptime Kuma: a monitor’s tags are its labels; UTC times without a zone; resends repeat; the Test button is a test', () => {
    const down = parseAlertPayload('uptime-kuma', payload('uptime-kuma-down'));
    expect(down).toEqual({
      source: 'uptime-kuma',
      group: 'monitor-7',
      status: 'firing',
      alerts: [{ name: 'Website', status: 'firing', labels: { monitor: 'Website', component: 'website' }, summary: 'Request failed with status code 503', startsAt: Date.parse('2026-11-20T02:57:31.624Z') }],
      since: Date.parse('2026-11-20T02:57:31.624Z'),
    });
    const up = parseAlertPayload('uptime-kuma', payload('uptime-kuma-up'));
    expect([up.status, up.since, alertKey(up)]).toEqual(['resolved', down.since, alertKey(down)]);
    const resend = JSON.parse(payload('uptime-kuma-down')) as { heartbeat: { important: boolean } };
    resend.heartbeat.important = false;
    expect(parseAlertPayload('uptime-kuma', JSON.stringify(resend))).toMatchObject({ repeat: true });
    expect(parseAlertPayload('uptime-kuma', JSON.stringify(resend)).since).toBeUndefined();
    expect(parseAlertPayload('uptime-kuma', payload('uptime-kuma-test')).ignore).toBe('a test notification from Uptime Kuma');
    const pending = JSON.parse(payload('uptime-kuma-down')) as { heartbeat: { status: number } };
    pending.heartbeat.status = 2;
    expect(parseAlertPayload('uptime-kuma', JSON.stringify(pending)).ignore).toBe('the monitor "Website" is pending (not down yet)');
  });

  it('generic: documented fields only, each checked', () => {
    expect(parseAlertPayload('generic', payload('generic-firing'))).toMatchObject({ group: 'bank-transfer-confirmations', since: Date.parse('2026-11-20T02:50:00Z') });
    const error = (() => {
      try {
        parseAlertPayload('generic', JSON.stringify({ fingerprint: '', status: 'burning', title: 'x', colour: 'red' }));
      } catch (e) {
        return e as PayloadError;
      }
    })();
    expect(error).toBeInstanceOf(PayloadError);
    expect(error!.details).toEqual([
      'payload: unknown field "colour" (a typo? see the content format reference for the allowed fields)',
      'fingerprint: is empty (expected some text)',
      'status: found "burning" (expected one of: firing, resolved)',
    ].sort((a, b) => error!.details.indexOf(a) - error!.details.indexOf(b)));
  });

  it.each([
    ['', /^the payload is empty/],
    ['not json', /^the payload is not JSON/],
    ['[]', /^this is not a payload from Prometheus Alertmanager$/],
  ])('refuses %j with a sentence, never a stack trace', (text, message) => {
    expect(() => parseAlertPayload('alertmanager', text)).toThrow(message);
  });
});

describe('from labels to what customers see', () => {
  it.each([
    [[{ service: 'checkout', severity: 'critical' }], { checkout: 'major_outage' }, 'serious', 'severity=critical'],
    [[{ service: 'checkout', severity: 'warning' }], { checkout: 'degraded_performance' }, 'minimal', 'severity=warning'],
    [[{ service: 'checkout' }], { checkout: 'partial_outage' }, 'significant', 'the default (alerts.defaultSeverity)'],
    // '*' only requires the label; a rule's own status wins over the severity's.
    [[{ team: 'core', job: 'gw', severity: 'critical' }], { api: 'degraded_performance' }, 'serious', 'severity=critical'],
    [[{ job: 'gw' }], {}, 'significant', 'the default (alerts.defaultSeverity)'],
    // The component label names a component directly; unknown ids are ignored.
    [[{ component: 'api' }, { component: 'nope' }], { api: 'partial_outage' }, 'significant', 'the default (alerts.defaultSeverity)'],
    // The worst severity of a group wins, and components come in config order.
    [[{ component: 'api', severity: 'warning' }, { service: 'checkout', severity: 'critical' }], { checkout: 'major_outage', api: 'major_outage' }, 'serious', 'severity=critical'],
  ] as const)('%j → %j, %s', (labels, components, severity, from) => {
    const impact = alertImpact(notification({ labels: labels.map((l) => ({ ...l })) }), config, alerts);
    expect(impact).toEqual({ components, severity, severityFrom: from });
    expect(Object.keys(impact.components)).toEqual(config.components.map((c) => c.id).filter((id) => id in components));
  });

  it('names components in the default locale’s words, or "our service" when none matched', () => {
    expect(draftText('title', ['checkout', 'api'], config, alerts)).toBe('Problems with Checkout and API');
    expect(draftText('investigating', [], config, alerts)).toBe('We are investigating a problem affecting our service. We will post an update as soon as we know more.');
  });
});

describe('what a notification proposes', () => {
  const incident = (status: string): IncidentSource => ({ id: 'x', updates: [{ status }] }) as unknown as IncidentSource;
  it.each([
    ['firing', undefined, 'draft'],
    ['firing', 'investigating', 'none'],
    ['firing', 'identified', 'none'],
    ['firing', 'monitoring', 'update investigating returned'],
    ['resolved', undefined, 'none'],
    ['resolved', 'investigating', 'update monitoring resolved'],
    ['resolved', 'identified', 'update monitoring resolved'],
    ['resolved', 'monitoring', 'none'],
  ] as const)('%s with the incident %s → %s (never a resolution)', (status, current, expected) => {
    const plan = planIngest(notification({ status }), current ? incident(current) : undefined);
    expect(plan.kind === 'update' ? `update ${plan.status} ${plan.reason}` : plan.kind).toBe(expected);
  });

  it('proposes nothing from a test notification', () => {
    expect(planIngest(notification({ ignore: 'a test' }), undefined)).toEqual({ kind: 'none', reason: 'a test: nothing to draft' });
  });
});

describe('markers tying content and pull requests to an alert', () => {
  it('keeps internal group keys out: the key is the source and a hash', () => {
    const key = alertKey({ source: 'alertmanager', group: '{}:{service="checkout"}' });
    expect(key).toMatch(/^alertmanager-[0-9a-f]{16}$/);
    expect(key).not.toBe(alertKey({ source: 'alertmanager', group: '{}:{service="payments"}' }));
    expect(key).not.toContain('checkout');
    const index = markIndex('---\ntitle: X\n---\n', key);
    expect(index).toBe(`---\n# kabar-alert: ${key}\ntitle: X\n---\n`);
    expect([hasContentMarker(index, key), hasContentMarker(index, `${key.slice(0, -1)}0`)]).toEqual([true, key.endsWith('0')]);
  });

  it('reads back what it writes in a pull request body, and nothing else', () => {
    const marker = { key: 'uptime-kuma-0123456789abcdef', proposes: 'monitoring' as const, incident: '2026-11-20-problems-with-website', since: Date.UTC(2026, 10, 20, 3) };
    expect(readPullRequestMarker(`text\n${pullRequestMarker(marker)}\nmore`)).toEqual(marker);
    expect(readPullRequestMarker(pullRequestMarker({ key: marker.key, proposes: 'draft', incident: 'x' }))).toEqual({ key: marker.key, proposes: 'draft', incident: 'x' });
    expect(readPullRequestMarker('<!-- kabar-alert: someone-typed-this -->')).toBeUndefined();
    expect(readPullRequestMarker(null)).toBeUndefined();
  });

  it('takes a pull request for an alert’s only from a Kabar branch of this repository, and pushes to no other branch', () => {
    const body = pullRequestMarker({ key: 'generic-0123456789abcdef', proposes: 'draft', incident: 'x' });
    const own = { body, head: 'kabar/alert-0123456789ab-draft-abcd', headRepository: 'Acme/Status' };
    expect(notAlertPull(own, 'acme/status')).toBeUndefined();
    expect(notAlertPull({ ...own, body: 'no marker' }, 'acme/status')).toBe('it has no Kabar alert marker');
    expect(notAlertPull({ ...own, headRepository: null }, 'acme/status')).toBe('its head repository is gone (a deleted fork)');
    expect(notAlertPull({ ...own, headRepository: 'mallory/status' }, 'acme/status')).toBe('its head is a branch of mallory/status, not of acme/status');
    expect(notAlertPull({ ...own, head: 'main' }, 'acme/status')).toBe('its branch "main" is not one of Kabar\'s (kabar/alert-…)');
    for (const head of ['kabar/alert-x:refs/heads/main', 'kabar/alert-../main', 'kabar/alerts', 'kabar/alert-']) expect(alertBranchProblem(head), head).toBeDefined();
    // The default branch is refused whatever its name.
    expect(alertBranchProblem('kabar/alert-main', 'kabar/alert-main')).toBe('its branch "kabar/alert-main" is the default branch');
  });

  it('replaces only the alert table of an earlier body', () => {
    const n = parseAlertPayload('alertmanager', payload('alertmanager-firing'));
    const before = ['Edited by a person.', '', '| | |', '| --- | --- |', ...alertRows(n, alerts, 'UTC', Date.UTC(2026, 10, 20, 3)), '', '**Files**'].join('\n');
    const after = withLatestNotification(before, alertRows(n, alerts, 'UTC', Date.UTC(2026, 10, 20, 5)));
    expect(after.replace('05:00', '03:00')).toBe(before);
    expect(after).toContain('| Last notification | 20 Nov 2026, 05:00 UTC |');
  });

  it('lists summaries and labels only when the config asks for details, as Markdown text', () => {
    const n = parseAlertPayload('alertmanager', payload('alertmanager-firing'));
    expect(alertRows(n, defaultAlertsConfig(), 'UTC', 0).join('\n')).not.toContain('5xx');
    const rows = alertRows(n, alertsSchema.parse({ details: true }), 'UTC', 0);
    expect(rows).toContain(
      '| CheckoutHighErrorRate | firing: 5xx rate above 5% on checkout; `alertname=CheckoutHighErrorRate` `instance=checkout-7f9c6d5b8-x2k4p:8080` `job=checkout` `namespace=shop` `service=checkout` `severity=critical` ([source](http://prometheus.internal.example:9090/graph?g0.expr=sum%28rate%28http_requests_total%7Bservice%3D%22checkout%22%2Ccode%3D~%225..%22%7D%5B5m%5D%29%29&g0.tab=1)) |',
    );
    const odd = { ...n, alerts: [{ name: 'A | B', status: 'firing' as const, labels: { q: 'x|`y`' }, url: 'javascript:alert(1)' }] };
    expect(alertRows(odd, alertsSchema.parse({ details: true }), 'UTC', 0).at(-1)).toBe("| A \\| B | firing; `q=x\\|'y'` |");
  });
});

describe('the alerts section of kabar.config.ts', () => {
  it('is optional, with defaults', () => {
    expect(defaultAlertsConfig()).toMatchObject({ components: [], componentLabel: 'component', severityLabel: 'severity', defaultSeverity: 'significant', nextUpdateMinutes: 30, details: false, messages: {} });
  });

  it('reports unknown components, bad severities and typos at their line', () => {
    const source = `export default {
  name: 'Shop',
  locales: [{ tag: 'en', label: 'English' }],
  components: [{ id: 'api', name: 'API' }],
  alerts: {
    components: [
      { labels: { job: 'gw' }, components: ['apy'] },
    ],
    severities: { critical: 'catastrophic' },
    nextUpdateMinute: 30,
  },
};`;
    const value = { name: 'Shop', locales: [{ tag: 'en', label: 'English' }], components: [{ id: 'api', name: 'API' }], alerts: { components: [{ labels: { job: 'gw' }, components: ['apy'] }], severities: { critical: 'catastrophic' }, nextUpdateMinute: 30 } };
    const result = normalizeSiteConfig(value, 'kabar.config.ts', source);
    expect(result.config).toBeUndefined();
    expect(result.problems.map(formatProblem)).toEqual([
      'kabar.config.ts:9: alerts.severities.critical: found "catastrophic" (expected one of: negligible, minimal, significant, serious, severe)',
      'kabar.config.ts:10: alerts.nextUpdateMinute: unknown field (did you mean "nextUpdateMinutes"? expected one of: components, componentLabel, severityLabel, severities, defaultSeverity, nextUpdateMinutes, details, messages)',
    ]);
    const onlyComponent = normalizeSiteConfig({ ...value, alerts: { components: value.alerts.components } }, 'kabar.config.ts', source);
    expect(onlyComponent.problems.map(formatProblem)).toEqual(['kabar.config.ts:7: alerts.components[0].components[0]: unknown component "apy" (expected one of: api)']);
  });
});
