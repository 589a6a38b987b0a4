import { PayloadError, type AlertNotification, type AlertSource } from './notification.ts';
import { parseAlertmanager } from './sources/alertmanager.ts';
import { parseGeneric } from './sources/generic.ts';
import { parseGrafana } from './sources/grafana.ts';
import { parseUptimeKuma } from './sources/uptime-kuma.ts';

const PARSERS: Readonly<Record<AlertSource, (value: unknown) => AlertNotification>> = {
  alertmanager: parseAlertmanager,
  grafana: parseGrafana,
  'uptime-kuma': parseUptimeKuma,
  generic: parseGeneric,
};

/** The notification in a payload's text, or a PayloadError saying what is wrong with it. */
export function parseAlertPayload(source: AlertSource, text: string): AlertNotification {
  if (text.trim() === '') throw new PayloadError('the payload is empty (pipe the JSON the monitoring system sent into kabar ingest)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PayloadError(`the payload is not JSON (${(error as Error).message})`);
  }
  return PARSERS[source](value);
}
