import { describe, expect, it } from 'vitest';
import { normalizeSiteConfig } from '../../src/core/config/normalize.ts';
import { mapComponents } from '../../src/core/import/components.ts';
import { editConfigSource } from '../../src/core/import/config-edit.ts';
import { parseCstateBody } from '../../src/core/import/cstate-updates.ts';
import { fitIncident } from '../../src/core/import/fit.ts';
import { parseFrontMatter } from '../../src/core/import/front-matter.ts';
import type { SourceIncident } from '../../src/core/import/model.ts';
import { planImport } from '../../src/core/import/plan.ts';
import { EMPTY_RECORD, parseImportRecord } from '../../src/core/import/record.ts';
import { mapStatuspage } from '../../src/core/import/statuspage.ts';
import { mapCstate } from '../../src/core/import/cstate.ts';
import type { SpImportIncident } from '../../src/core/import/statuspage-payload.ts';

const INIT_CONFIG = `import { defineConfig } from 'kabar/config';

export default defineConfig({
  name: 'Acme',
  timeZone: 'Asia/Jakarta',
  locales: [
    { tag: 'en', label: 'English' },
  ],
  groups: [
    { id: 'platform', name: 'Platform' },
  ],
  components: [
    { id: 'api', group: 'platform', name: 'Public API' },
    { id: 'web', name: 'Website' }
  ],
});
`;

describe('editConfigSource: adds entries only where the file has the shape kabar init writes', () => {
  it('appends to one-entry-per-line lists, adding the missing comma', () => {
    const edit = editConfigSource(INIT_CONFIG, [{ id: 'payments', name: "Pay'ments" }], [{ id: 'card', name: 'Card \\ payments', group: 'payments' }]);
    expect(edit).toEqual({ ok: true, text: expect.any(String) });
    const lines = (edit as { text: string }).text.split('\n');
    expect(lines.slice(8, 17)).toEqual([
      "  groups: [",
      "    { id: 'platform', name: 'Platform' },",
      "    { id: 'payments', name: 'Pay\\'ments' },",
      '  ],',
      '  components: [',
      "    { id: 'api', group: 'platform', name: 'Public API' },",
      "    { id: 'web', name: 'Website' },",
      "    { id: 'card', group: 'payments', name: 'Card \\\\ payments' },",
      '  ],',
    ]);
  });

  it('creates a groups list above components when there is none', () => {
    const noGroups = INIT_CONFIG.replace("  groups: [\n    { id: 'platform', name: 'Platform' },\n  ],\n", '').replace("group: 'platform', ", '');
    const edit = editConfigSource(noGroups, [{ id: 'payments', name: 'Payments' }], [{ id: 'card', name: 'Card', group: 'payments' }]);
    expect(edit.ok && edit.text).toContain("  groups: [\n    { id: 'payments', name: 'Payments' },\n  ],\n  components: [");
  });

  it('appends to a list written on one line', () => {
    const oneLine = INIT_CONFIG.replace("  groups: [\n    { id: 'platform', name: 'Platform' },\n  ],", "  groups: [{ id: 'platform', name: { en: 'Platform', id: 'Platform' } }],");
    const edit = editConfigSource(oneLine, [{ id: 'payments', name: 'Payments' }], [{ id: 'card', name: 'Card', group: 'payments' }]);
    expect(edit.ok && edit.text).toContain("  groups: [{ id: 'platform', name: { en: 'Platform', id: 'Platform' } }, { id: 'payments', name: 'Payments' }],");
  });

  const refused: [string, string, RegExp][] = [
    ['a list built in code', INIT_CONFIG.replace("    { id: 'web', name: 'Website' }\n  ],", "    { id: 'web', name: 'Website' }\n  ].filter(Boolean),"), /one plain entry per line/],
    ['an entry over several lines', INIT_CONFIG.replace("    { id: 'web', name: 'Website' }", "    {\n      id: 'web',\n      name: 'Website',\n    }"), /one plain entry per line/],
    ['a spread', INIT_CONFIG.replace("    { id: 'web', name: 'Website' }", '    ...shared'), /one plain entry per line/],
    ['no components list', "export default { name: 'x', components };", /no "components: \[" list/],
    ['no default export', "module.exports = { components: [\n] };", /no "export default"/],
  ];
  for (const [name, source, reason] of refused) {
    it(`refuses ${name}`, () => {
      const edit = editConfigSource(source, [], [{ id: 'card', name: 'Card' }]);
      expect(edit.ok).toBe(false);
      expect(!edit.ok && edit.reason).toMatch(reason);
    });
  }
});

describe('parseCstateBody: cState updates in the body', () => {
  it('reads labels, messages over several lines and track times, newest first as written', () => {
    const body = '*Resolved* -\nAll good. {{< track "2026-11-14 07:40:00" >}}\n\n**Monitoring** – A fix is live.\n{{< track "2026-11-14T07:10:00Z" >}}\n\n---\n\n_Investigating_ - Looking. {{< track "2026-11-14 06:05:00" >}}';
    expect(parseCstateBody(body)).toEqual({
      preamble: '',
      blocks: [
        { label: 'Resolved', text: 'All good.', time: '2026-11-14 07:40:00' },
        { label: 'Monitoring', text: 'A fix is live.', time: '2026-11-14T07:10:00Z' },
        { label: 'Investigating', text: 'Looking.', time: '2026-11-14 06:05:00' },
      ],
    });
  });

  it('keeps text before the first label as a preamble, or as an unlabelled update when it has a time', () => {
    expect(parseCstateBody('Intro text.\n\n*Update* - More.')).toEqual({ preamble: 'Intro text.', blocks: [{ label: 'Update', text: 'More.' }] });
    expect(parseCstateBody('Down a bit. {{< track "2026-01-01 10:00" >}}\n\n---\n\n*Fixed* - Up.')).toEqual({
      preamble: '',
      blocks: [
        { label: '', text: 'Down a bit.', time: '2026-01-01 10:00' },
        { label: 'Fixed', text: 'Up.' },
      ],
    });
    expect(parseCstateBody('Just words, no updates.')).toEqual({ preamble: 'Just words, no updates.', blocks: [] });
  });
});

describe('parseFrontMatter: Hugo front matter as data only', () => {
  it('reads YAML, TOML and JSON front matter', () => {
    expect(parseFrontMatter('---\ntitle: A\ndate: 2026-11-14 06:00:00\n---\nBody')).toEqual({ ok: true, data: { title: 'A', date: '2026-11-14 06:00:00' }, body: 'Body' });
    const toml = parseFrontMatter('+++\ntitle = "B"\naffected = ["API"]\n+++\n\nBody');
    expect(toml).toMatchObject({ ok: true, data: { title: 'B', affected: ['API'] }, body: 'Body' });
    expect(parseFrontMatter('{ "title": "C {x}" }\nBody')).toEqual({ ok: true, data: { title: 'C {x}' }, body: 'Body' });
  });

  it('refuses what is not front matter, with a reason', () => {
    expect(parseFrontMatter('no front matter')).toMatchObject({ ok: false, reason: expect.stringMatching(/has no front matter/) });
    expect(parseFrontMatter('---\ntitle: [\n---\n')).toMatchObject({ ok: false, reason: expect.stringMatching(/does not parse/) });
  });
});

const incident = (overrides: Partial<SourceIncident>): SourceIncident => ({ key: 'k', label: '"X" (test)', type: 'incident', title: 'X', severity: 'minimal', started: Date.UTC(2026, 0, 1, 10), components: {}, updates: [], ...overrides });
const at = (minute: number, second = 0, ms = 0) => Date.UTC(2026, 0, 1, 10, minute, second, ms);

describe('fitIncident: the content format\'s rules, the same for every source', () => {
  it('reopened incidents keep one resolution, the last; the earlier one becomes monitoring', () => {
    const fitted = fitIncident(incident({ updates: [{ key: 'a', at: at(0), status: 'investigating', body: 'a' }, { key: 'b', at: at(10), status: 'resolved', body: 'b' }, { key: 'c', at: at(20), status: 'investigating', body: 'c' }, { key: 'd', at: at(30), status: 'resolved', body: 'd' }] }), 'en');
    expect(fitted.incident!.updates.map((u) => u.status)).toEqual(['investigating', 'monitoring', 'investigating', 'resolved']);
    expect(fitted.notes.map((n) => n.message)).toEqual([expect.stringMatching(/^it was resolved at 2026-01-01T10:10:00Z and then had more updates \(reopened\)/)]);
  });

  it('times to the second, each update at its own second, none before the start', () => {
    const fitted = fitIncident(incident({ started: at(5), updates: [{ key: 'a', at: at(0, 0, 300), status: 'investigating', body: 'a' }, { key: 'b', at: at(0, 0, 800), status: 'identified', body: 'b' }] }), 'en');
    expect(fitted.incident!.updates.map((u) => u.at)).toEqual([at(0), at(0, 1)]);
    expect(fitted.incident!.started).toBe(at(0));
  });

  it('an update without a message says its status in the site\'s language', () => {
    expect(fitIncident(incident({ updates: [{ key: 'update x', at: at(0), status: 'identified', body: ' ' }] }), 'id').incident!.updates[0]!.body).toBe('Penyebab ditemukan.');
  });

  it('statuses of the other kind are mapped, and the resolution returns the components', () => {
    const fitted = fitIncident(incident({ components: { api: 'major_outage' }, updates: [{ key: 'a', at: at(0), status: 'in_progress', body: 'a' }, { key: 'b', at: at(9), status: 'completed', body: 'b' }] }), 'en');
    expect(fitted.incident!.updates.map((u) => [u.status, u.components ?? null])).toEqual([['investigating', null], ['resolved', { api: 'operational' }]]);
  });

  it('a maintenance window that ends before it starts is left out, and said so', () => {
    const fitted = fitIncident(incident({ type: 'maintenance', window: { start: at(10), end: at(0) } }), 'en');
    expect(fitted.incident).toBeUndefined();
    expect(fitted.notes[0]!.kind).toBe('skipped');
  });
});

const spIncident = (impact: string, transitions: [string, string, string][]): SpImportIncident => ({
  id: `i-${impact}`,
  name: 'N',
  status: 'resolved',
  impact,
  created_at: '2026-01-01T10:00:00Z',
  incident_updates: [{ id: 'u1', status: 'investigating', body: 'b', display_at: '2026-01-01T10:00:00Z', affected_components: transitions.map(([code, old_status, new_status]) => ({ code, name: code, old_status, new_status })) }],
});

describe('mapStatuspage: impact → severity, table-driven', () => {
  const cases: [string, [string, string, string][], string][] = [
    ['none', [], 'negligible'],
    ['minor', [['c', 'operational', 'degraded_performance']], 'minimal'],
    ['minor', [['c', 'operational', 'partial_outage']], 'significant'],
    ['major', [], 'serious'],
    ['critical', [], 'severe'],
    ['weird', [['c', 'operational', 'major_outage']], 'serious'],
  ];
  for (const [impact, transitions, severity] of cases) {
    it(`${impact}${transitions.length ? ` with ${transitions[0]![2]}` : ''} → ${severity}`, () => {
      const history = mapStatuspage({ api: 'management', origin: 'page p', incidents: [spIncident(impact, transitions)], maintenances: [], components: [{ id: 'c', name: 'C' }], groups: [] });
      expect(history.incidents[0]!.severity).toBe(severity);
    });
  }

  it('an old_status that differs from the incident\'s own history is reported', () => {
    const history = mapStatuspage({ api: 'management', origin: 'page p', incidents: [spIncident('minor', [['c', 'partial_outage', 'degraded_performance']])], maintenances: [], components: [{ id: 'c', name: 'C' }], groups: [] });
    expect(history.notes.find((n) => n.kind === 'changed')!.message).toMatch(/the source has C go partial_outage → degraded_performance; Kabar follows each incident's components on its own, from operational, so it shows operational → degraded_performance/);
  });
});

describe('planImport: an incident whose files would not pass kabar check is left out and reported', () => {
  it('skips it with its problems, keeps the rest', () => {
    const config = normalizeSiteConfig({ name: 'A', locales: [{ tag: 'en', label: 'English' }], components: [{ id: 'api', name: 'API' }] }, 'kabar.config.ts', '').config!;
    // A user's incident already holds the id this import would derive; a broken file of theirs is not the import's fault.
    const plan = planImport({
      history: { source: 'cstate', origin: 'x', via: 'y', groups: [], components: [], notes: [], incidents: [incident({ key: 'bad', updates: [{ key: 'a', at: at(0), status: 'investigating', body: 'a', components: { nope: 'major_outage' } }] }), incident({ key: 'good', title: 'Y', updates: [{ key: 'a', at: at(0), status: 'investigating', body: 'a' }] })] },
      config,
      files: [],
      record: EMPTY_RECORD,
      now: at(60),
    });
    expect(plan.incidents.map((i) => [i.key, i.outcome])).toEqual([['bad', 'skipped'], ['good', 'created']]);
    expect(plan.notes.find((n) => n.kind === 'skipped')!.message).toMatch(/^its files would not pass "kabar check", so nothing of it was written:\n {2}incidents\/2026-01-01-x\/2026-01-01T1000Z\.md:\d+: components\.nope: unknown component "nope"/);
    expect(plan.entry.incidents).toEqual(['2026-01-01-y']);
  });
});

describe('.kabar/imported.json', () => {
  it('refuses what is not the record, saying what it expected', () => {
    expect(parseImportRecord('{')).toMatchObject({ ok: false, reason: expect.stringMatching(/^is not JSON/) });
    expect(parseImportRecord('{"imports": [{"source": "statuspage"}]}')).toMatchObject({ ok: false, reason: expect.stringMatching(/expected \{ "imports"/) });
    expect(parseImportRecord('{"imports": []}')).toEqual({ ok: true, record: { imports: [] } });
  });
});

describe('cState translations (Hugo\'s x.<lang>.md)', () => {
  const site = (lang: string) => ({
    origin: 'site',
    configFile: 'config.yml',
    config: { params: { systems: [{ name: 'API' }] } },
    issues: [
      { path: 'content/issues/a.md', text: '---\ntitle: Down\ndate: 2026-01-01 10:00:00\nresolved: false\nseverity: down\naffected: [API]\n---\n*Identified* - Found it. {{< track "2026-01-01 10:20:00" >}}\n\n*Investigating* - Looking. {{< track "2026-01-01 10:05:00" >}}\n' },
      { path: `content/issues/a.${lang}.md`, text: '---\ntitle: Mati\n---\n*Ditemukan* - Ketemu. {{< track "2026-01-01 10:20:00" >}}\n\n*Menyelidiki* - Mencari. {{< track "2026-01-01 10:05:00" >}}\n\n*Lain* - Tanpa pasangan. {{< track "2026-01-01 09:00:00" >}}\n' },
    ],
  });
  const config = normalizeSiteConfig({ name: 'A', locales: [{ tag: 'en', label: 'English' }, { tag: 'id', label: 'Indonesia' }], components: [{ id: 'api', name: 'API' }] }, 'kabar.config.ts', '').config!;

  it('are matched to the original\'s updates by time; the rest is reported', () => {
    const history = mapCstate(site('id'));
    expect(history.incidents).toHaveLength(1);
    expect(history.incidents[0]!.translations).toEqual({ id: { title: 'Mati' } });
    expect(history.incidents[0]!.updates.map((u) => u.translations)).toEqual([{ id: 'Mencari.' }, { id: 'Ketemu.' }]);
    expect(history.notes.find((n) => n.kind === 'lost')!.message).toBe('1 of its "id" updates match no update of the original (by time, or by place when both have as many) and were left out');
    const plan = planImport({ history, config, files: [], record: EMPTY_RECORD, now: at(60) });
    expect(plan.writes.map((f) => f.path.split('/').pop())).toEqual(['index.md', 'index.id.md', '2026-01-01T1005Z.md', '2026-01-01T1005Z.id.md', '2026-01-01T1020Z.md', '2026-01-01T1020Z.id.md']);
  });

  it('into a language the site does not have are left out, and said so', () => {
    const plan = planImport({ history: mapCstate(site('de')), config, files: [], record: EMPTY_RECORD, now: at(60) });
    expect(plan.writes.some((f) => f.path.includes('.de.'))).toBe(false);
    expect(plan.notes.map((n) => n.message)).toContain('its "de" translation was left out: "de" is not a locale of the site (add it to locales in kabar.config.ts and run the import again)');
  });
});

describe('mapComponents: source components to config ids', () => {
  const config = normalizeSiteConfig({ name: 'A', locales: [{ tag: 'en', label: 'English' }], groups: [{ id: 'platform', name: 'Platform' }], components: [{ id: 'api', group: 'platform', name: 'Public API' }, { id: 'web', name: 'Website' }] }, 'kabar.config.ts', '').config!;
  const groups = [{ key: 'g-eu', name: 'EU' }, { key: 'g-us', name: 'US' }, { key: 'g-plat', name: 'platform' }];
  const components = [
    { key: 'c1', name: 'API', groupKey: 'g-eu' },
    { key: 'c2', name: 'API', groupKey: 'g-us' },
    { key: 'c3', name: 'website' },
    { key: 'c4', name: 'Status 🚦 €', groupKey: 'g-plat' },
  ];

  it('matches by name or slug once each, keeps same-named components apart, and adds only the groups new components need', () => {
    const mapping = mapComponents(groups, components, config, { groups: {}, components: {} });
    expect(Object.fromEntries(mapping.components)).toEqual({ c1: 'api', c2: 'us-api', c3: 'web', c4: 'status' });
    expect(mapping.newComponents).toEqual([{ id: 'us-api', name: 'API', group: 'us' }, { id: 'status', name: 'Status 🚦 €', group: 'platform' }]);
    expect(mapping.newGroups).toEqual([{ id: 'us', name: 'US' }]);
    expect(mapping.notes.map((n) => n.message)).toEqual(['the source\'s component "API" is the config\'s "api" (matched by id), whose name stays as it is']);
  });

  it('gives each source key the id an earlier import gave it', () => {
    const mapping = mapComponents(groups, components, { ...config, components: [...config.components, { id: 'us-api', name: { en: 'API' }, group: 'platform', uptimeBar: true, position: 3 }] }, { groups: {}, components: { c2: 'api', c1: 'us-api' } });
    expect(mapping.components.get('c1')).toBe('us-api');
    expect(mapping.components.get('c2')).toBe('api');
  });
});
