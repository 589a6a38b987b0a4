import { InvalidArgumentError } from 'commander';
import { COMPONENT_STATUSES, type ComponentStatus } from '../core/content/schema.ts';
import { parseTimeInput, TIME_INPUT_EXPECTED } from '../core/scaffold/ids.ts';

/** Usage errors: exit status 2 and a message that names the flag and its expected form. */
export class UsageError extends Error {}

/** Collects repeatable `--component api=major_outage` flags (also comma-separated). */
export function collectComponent(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** `id=status` pairs → a record; statuses checked here, component ids by the content validation. */
export function parseComponentSpecs(specs: readonly string[], allowed: readonly ComponentStatus[] = COMPONENT_STATUSES): Record<string, ComponentStatus> {
  const out: Record<string, ComponentStatus> = {};
  for (const spec of specs) {
    const [id, status] = spec.split('=').map((s) => s.trim());
    if (!id || !status || !(allowed as readonly string[]).includes(status)) {
      throw new UsageError(`--component "${spec}" is not id=status (expected e.g. --component api=major_outage; statuses: ${allowed.join(', ')})`);
    }
    out[id] = status as ComponentStatus;
  }
  return out;
}

export function parseTimeFlag(flag: string, value: string | undefined, now: number, timeZone: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseTimeInput(value, now, timeZone);
  if (ms === undefined) throw new UsageError(`${flag} "${value}" is not a time (expected ${TIME_INPUT_EXPECTED})`);
  return ms;
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} "${value}" is not allowed (expected one of: ${allowed.join(', ')})`);
  return value as T;
}

/** Interactive prompts only when a person is at a terminal: both stdin and stdout are TTYs. */
export const isInteractive = (): boolean => process.stdin.isTTY === true && process.stdout.isTTY === true;

export function missingFlags(command: string, missing: readonly string[]): UsageError {
  return new UsageError(`kabar ${command}: missing ${missing.join(', ')} (required when not run in a terminal; run "kabar ${command} --help" for examples)`);
}

export const parseIntArg = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};

export const parsePort = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number from 0 to 65535');
  return n;
};
