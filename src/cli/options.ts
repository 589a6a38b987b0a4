import { InvalidArgumentError } from 'commander';
import { COMPONENT_STATUSES, type ComponentStatus } from '../core/content/schema.ts';
import { parseTimeInput, timeInputExpected } from '../core/scaffold/ids.ts';
import { formatSiteTimes } from '../core/time.ts';
import { suggest } from '../core/zod-problems.ts';

/** Usage errors: exit status 2 and a message that names the flag and its expected form. */
export class UsageError extends Error {}

/** Collects repeatable `--component api=major_outage` flags (also comma-separated). */
export function collectComponent(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

/** Why a status that exists is refused here, e.g. "a maintenance puts components under_maintenance". */
export interface StatusRule {
  allowed: readonly ComponentStatus[];
  /** Said when a real component status is not among `allowed`. */
  why?: string;
}

/**
 * `id=status` pairs → a record. Each refusal names the one thing wrong with the
 * pair: its shape, a status that does not exist (with a "did you mean"), or one
 * this command may not set. Component ids are checked by the content validation.
 */
export function parseComponentSpecs(specs: readonly string[], rule: StatusRule = { allowed: COMPONENT_STATUSES }): Record<string, ComponentStatus> {
  const out: Record<string, ComponentStatus> = {};
  for (const spec of specs) {
    const parts = spec.split('=').map((s) => s.trim());
    const [id, status] = parts;
    if (parts.length !== 2 || !id || !status) {
      throw new UsageError(`--component "${spec}" is not id=status (expected e.g. --component api=major_outage)`);
    }
    if (!(COMPONENT_STATUSES as readonly string[]).includes(status)) {
      const near = suggest(status, rule.allowed);
      throw new UsageError(`--component "${spec}": "${status}" is not a component status (${near ? `did you mean "${near}"? ` : ''}expected one of: ${rule.allowed.join(', ')})`);
    }
    if (!(rule.allowed as readonly string[]).includes(status)) {
      throw new UsageError(`--component "${spec}": ${rule.why ?? `"${status}" cannot be set here`} (expected ${rule.allowed.join(' or ')})`);
    }
    out[id] = status as ComponentStatus;
  }
  return out;
}

export function parseTimeFlag(flag: string, value: string | undefined, now: number, timeZone: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseTimeInput(value, now, timeZone);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.reason} (expected ${timeInputExpected(timeZone)})`);
  return parsed.ms;
}

/** A time that must not be in the future: when something started, or an update's backdated time. */
export function parsePastTimeFlag(flag: string, value: string | undefined, now: number, timeZone: string, what: string): number | undefined {
  const ms = parseTimeFlag(flag, value, now, timeZone);
  if (ms !== undefined && ms > now) {
    const [when, clock] = formatSiteTimes(ms, now, timeZone);
    throw new UsageError(`${flag} "${value}" is ${when}, in the future (it is ${clock} now; expected ${what}, now or earlier)`);
  }
  return ms;
}

/**
 * One of the allowed values, or a usage error with a "did you mean". `others`
 * names values that exist but belong elsewhere (an incident status given to a
 * maintenance), so the message says that instead of calling them unknown.
 */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], others?: { values: readonly string[]; are: string }): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  if (others?.values.includes(value)) throw new UsageError(`${flag} "${value}" ${others.are} (expected one of: ${allowed.join(', ')})`);
  const near = suggest(value, allowed);
  throw new UsageError(`${flag} "${value}" is not allowed (${near ? `did you mean "${near}"? ` : ''}expected one of: ${allowed.join(', ')})`);
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
