import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { parseTimestamp } from '../../src/core/time.ts';
import { COMPONENT_STATUSES, INCIDENT_STATUSES, SEVERITIES } from '../../src/core/content/schema.ts';
import { md, t, validate, testConfig } from '../helpers/content.ts';
import { buildStatusModel } from '../../src/core/model/build-model.ts';

const NOW = t('2026-11-20T12:00:00Z');
const config = testConfig();

/** Any YAML value a careless or hostile author could write. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('2026-11-20T10:00:00Z', '2026-11-20T10:00:00', 'api', 'resolved', 'maintenance', '<script>', ']]>', '---'),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('title', 'severity', 'started', 'components', 'api', 'window', 'start', 'end', 'at', 'status', 'x'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const frontmatter = fc.dictionary(
  fc.constantFrom('title', 'type', 'severity', 'started', 'window', 'components', 'regions', 'impact', 'workaround', 'at', 'status', 'next_update', 'eta', 'technical', 'typo'),
  anyValue,
  { maxKeys: 8 },
);

describe('properties', () => {
  it('arbitrary frontmatter and file text never crash validation: only problems with a file, line and message', () => {
    fc.assert(
      fc.property(frontmatter, frontmatter, fc.string(), fc.boolean(), (index, update, body, rawText) => {
        const files = {
          'incidents/2026-11-20-x/index.md': rawText ? body : md(stringify(index), body),
          'incidents/2026-11-20-x/2026-11-20T1000Z.md': md(stringify(update), body),
        };
        const result = validate(files, NOW);
        for (const problem of result.problems) {
          expect(problem.file).toMatch(/^incidents\//);
          expect(problem.line).toBeGreaterThanOrEqual(1);
          expect(problem.message.length).toBeGreaterThan(0);
        }
        if (result.errors.length === 0) buildStatusModel(result.incidents, config, NOW);
      }),
      { numRuns: 300 },
    );
  });

  const validIncident = fc.record({
    severity: fc.constantFrom(...SEVERITIES),
    startMinute: fc.integer({ min: 0, max: 60 * 24 * 100 }),
    components: fc.dictionary(fc.constantFrom('api', 'web', 'db'), fc.constantFrom('degraded_performance', 'partial_outage', 'major_outage'), { maxKeys: 3 }),
    updates: fc.array(
      fc.record({
        gap: fc.integer({ min: 1, max: 600 }),
        status: fc.constantFrom(...INCIDENT_STATUSES),
        components: fc.option(fc.dictionary(fc.constantFrom('api', 'web', 'db'), fc.constantFrom(...COMPONENT_STATUSES.filter((s) => s !== 'under_maintenance')), { maxKeys: 2 }), { nil: undefined }),
      }),
      { maxLength: 5 },
    ),
  });

  it('generated valid repos always derive a consistent model', () => {
    fc.assert(
      fc.property(fc.array(validIncident, { maxLength: 6 }), (incidents) => {
        const files: Record<string, string> = {};
        const base = t('2026-08-01T00:00:00Z');
        incidents.forEach((inc, n) => {
          const id = `2026-08-01-incident-${n}`;
          const started = base + inc.startMinute * 60_000;
          files[`incidents/${id}/index.md`] = md(stringify({ title: `Incident ${n}`, severity: inc.severity, started: new Date(started).toISOString(), components: inc.components, impact: 'Some customers are affected.' }));
          let at = started;
          // Nothing may follow a resolved update, so the history is cut there.
          const updates = inc.updates.slice(0, inc.updates.findIndex((u) => u.status === 'resolved') + 1 || undefined);
          updates.forEach((u, i) => {
            at += u.gap * 60_000;
            files[`incidents/${id}/u${i}.md`] = md(stringify({ at: new Date(at).toISOString(), status: u.status, ...(u.components && { components: u.components }) }), `Update ${i}.`);
          });
        });
        const result = validate(files, NOW);
        expect(result.errors).toEqual([]);
        const m = buildStatusModel(result.incidents, config, NOW);
        expect(m.incidents).toHaveLength(incidents.length);
        for (const incident of m.incidents) {
          // Active exactly when no resolved update exists; resolved ones affect nothing now.
          expect(incident.active).toBe(!incident.updates.some((u) => u.status === 'resolved'));
          if (!incident.active) expect(incident.currentComponents).toEqual({});
          expect(incident.durationMs).toBeGreaterThanOrEqual(0);
          for (let i = 1; i < incident.updates.length; i++) expect(incident.updates[i]!.at).toBeGreaterThan(incident.updates[i - 1]!.at);
          for (const s of incident.segments) expect(s.to).toBeGreaterThan(s.from);
        }
        // A component's status is the worst any active incident imposes on it.
        for (const component of m.components) {
          const imposed = m.activeIncidents.map((i) => i.currentComponents[component.config.id]).filter(Boolean);
          if (imposed.length === 0) expect(component.status).toBe('operational');
          else expect(imposed).toContain(component.status);
          expect(component.uptime.ratio).toBeGreaterThanOrEqual(0);
          expect(component.uptime.ratio).toBeLessThanOrEqual(1);
          expect(component.uptime.days).toHaveLength(90);
        }
        expect(m.page.indicator === 'none').toBe(m.activeIncidents.every((i) => i.impact === 'none') && m.components.every((c) => c.status === 'operational'));
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseTimestamp', () => {
  const two = (n: number) => String(n).padStart(2, '0');
  const timestamp = fc
    .record({
      year: fc.integer({ min: 1970, max: 2100 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 61 }),
      second: fc.option(fc.integer({ min: 0, max: 61 })),
      milli: fc.option(fc.integer({ min: 0, max: 999 })),
      separator: fc.constantFrom('T', ' ', 't'),
      zone: fc.oneof(fc.constantFrom('Z', 'z'), fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.constantFrom(':', '')).map(([s, h, m, c]) => `${s}${two(h)}${c}${two(m)}`)),
    })
    .map((t) => `${t.year}-${two(t.month)}-${two(t.day)}${t.separator}${two(t.hour)}:${two(t.minute)}${t.second === null ? '' : `:${two(t.second)}${t.milli === null ? '' : `.${String(t.milli).padStart(3, '0')}`}`}${t.zone}`);

  it('reads every timestamp exactly as luxon does, and refuses the same ones', () => {
    fc.assert(
      fc.property(timestamp, (text) => {
        const expected = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
        const result = parseTimestamp(text);
        const shapeOk = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text);
        if (!shapeOk) expect(result.ok).toBe(false);
        else expect(result).toEqual(expected.isValid ? { ok: true, ms: expected.toMillis() } : { ok: false, reason: `"${text}" is not a real date and time` });
      }),
      { numRuns: 5000 },
    );
  });
});
