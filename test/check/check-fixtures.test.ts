import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every validation error class has a fixture repo under test/fixtures/check-<class>/; `kabar check` runs on it as a
// subprocess, as a user would run it, and must name the exact file, line, field and fix.
const NOW = String(Date.parse('2026-11-20T04:30:00Z') / 1000);
const node = path.resolve('node_modules/.bin/node');
const kabar = path.resolve('bin/kabar.js');

function check(fixture: string, ...flags: string[]) {
  const result = spawnSync(node, [kabar, 'check', '--root', path.resolve('test/fixtures', `check-${fixture}`), ...flags], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: NOW } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cases: { fixture: string; status: number; problems: string[] }[] = [
  {
    fixture: "bad-incident-id",
    status: 1,
    problems: [
      "incidents/2026-02-30-api/index.md:1: id: \"2026-02-30\" in the directory name is not a real date (expected YYYY-MM-DD-slug)",
      "incidents/2026-02-30-api/index.md:1: updates: warning: no update yet (add the first public message as an update file, e.g. 2026-11-20T1005Z.md)",
      "incidents/2026-11-20-api/index.md:1: file: missing (every incident directory needs an index.md with its title, type and start)",
      "incidents/api-errors/index.md:1: id: directory name \"api-errors\" is not an incident id (expected YYYY-MM-DD-slug in lowercase, e.g. 2026-11-20-checkout-errors)",
      "incidents/api-errors/index.md:1: updates: warning: no update yet (add the first public message as an update file, e.g. 2026-11-20T1005Z.md)",
    ],
  },
  {
    fixture: "communication-warnings",
    status: 0,
    problems: [
      "incidents/2026-11-19-web/2026-11-19T0400Z.md:3: status: warning: resolved without ever monitoring (validate the fix before declaring recovery: post a \"monitoring\" update first next time)",
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:4: next_update: warning: the update promised for 20 Nov 2026, 04:00 UTC is overdue (post an update, even \"still investigating\")",
      "incidents/2026-11-20-api/index.md:1: impact: warning: an active incident without an impact statement (add one customer-facing sentence: who is affected, and how)",
      "incidents/2026-11-21-api/2026-11-21T0310Z.md:1: next_update: warning: the latest update of an active incident promises no next update (add next_update, so customers know when they will hear more)",
      "incidents/2026-11-21-api/2026-11-21T0310Z.md:2: at: warning: 21 Nov 2026, 03:10 UTC is in the future (check the timezone offset)",
      "incidents/2026-11-21-api/index.md:4: started: warning: 21 Nov 2026, 03:00 UTC is in the future (check the timezone offset)",
    ],
  },
  {
    fixture: "config-logo",
    status: 1,
    problems: [
      "kabar.config.ts:4: logo: \"brand/logo.svg\" does not exist (expected an image file in the repository, relative to its root, e.g. logo.svg)",
    ],
  },
  {
    fixture: "config-errors",
    status: 1,
    problems: [
      "kabar.config.ts:3: timeZone: found \"Mars/Olympus\" (expected an IANA time zone such as \"UTC\" or \"Asia/Jakarta\")",
      "kabar.config.ts:6: locales[1].domain: missing while other locales have one (expected a domain for every locale, or for none to use /<tag>/ paths)",
      "kabar.config.ts:11: components[1].group: unknown group \"coer\" (expected one of: core)",
      "kabar.config.ts:11: components[1].id: \"api\" is used twice (expected unique ids)",
      "kabar.config.ts:12: components[2].name: has no text for the default locale \"en\" (expected an entry for \"en\", the fallback for other locales)",
    ],
  },
  {
    fixture: "duplicate-ids",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0340Z.md:4: frontmatter: YAML syntax error: Map keys must be unique (expected valid YAML, e.g. \"title: API errors\"; quote text that contains \": \" or starts with a special character)",
      "incidents/2026-11-20-API/index.md:1: id: \"2026-11-20-API\" duplicates the incident id \"2026-11-20-api\" (expected unique ids, compared ignoring case)",
      "incidents/2026-11-20-API/index.md:1: id: directory name \"2026-11-20-API\" is not an incident id (expected YYYY-MM-DD-slug in lowercase, e.g. 2026-11-20-checkout-errors)",
      "incidents/2026-11-20-API/index.md:1: updates: warning: no update yet (add the first public message as an update file, e.g. 2026-11-20T1005Z.md)",
      "incidents/2026-11-20-api/second.md:2: at: same time as incidents/2026-11-20-api/2026-11-20T0310Z.md (expected each update at its own time, so their order is clear)",
    ],
  },
  {
    fixture: "postmortem-problems",
    status: 1,
    problems: [
      "incidents/2026-11-18-api/postmortem.md:13: body: warning: published with 3 template placeholders still in it (lines 13, 20, 24); customers see \"<!-- TODO … -->\" and \"TODO\" action rows as text (expected each replaced by what it asks for, or deleted)",
      "incidents/2026-11-19-web/postmortem.md:2: published: missing on a published postmortem (expected the publication date, e.g. published: 2026-11-24)",
    ],
  },
  {
    fixture: "empty-update-body",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:6: body: is empty (expected the customer-facing message below the frontmatter: what is happening, for whom, and what we are doing)",
    ],
  },
  {
    fixture: "javascript-frontmatter",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/index.md:1: frontmatter: \"---js\" frontmatter is not allowed (expected YAML: a line with only \"---\")",
    ],
  },
  {
    fixture: "missing-required",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:1: status: missing (expected one of: investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, completed)",
      "incidents/2026-11-20-api/index.md:1: severity: missing (expected one of: negligible, minimal, significant, serious, severe)",
      "incidents/2026-11-20-api/index.md:1: title: missing (expected text)",
    ],
  },
  {
    fixture: "no-frontmatter",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:1: frontmatter: is never closed (expected a line with only \"---\" after the fields)",
      "incidents/2026-11-20-api/index.md:1: frontmatter: missing (expected the file to start with a \"---\" line, then YAML fields, then a closing \"---\" line)",
    ],
  },
  {
    fixture: "status-invalid-value",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:3: status: found \"fixed\" (expected one of: investigating, identified, monitoring, resolved, scheduled, in_progress, verifying, completed)",
      "incidents/2026-11-20-api/index.md:6: components.api: found \"down\" (expected one of: degraded_performance, partial_outage, major_outage, under_maintenance)",
    ],
  },
  {
    fixture: "status-wrong-type",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:3: status: \"in_progress\" is a maintenance status (expected for an incident: investigating, identified, monitoring, resolved)",
      "incidents/2026-11-21-db/2026-11-20T0000Z.md:3: status: \"identified\" is an incident status (expected for maintenance: scheduled, in_progress, verifying, completed)",
    ],
  },
  // Beside these, the fixture holds editors' and the OS's files (.index.md.swp, index.md~, 4913, .DS_Store, ...): never reported.
  {
    fixture: "stray-files",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/draft.update.md:1: file: translation for unknown locale \"update\" (expected one of the site's locales: en, id)",
      "incidents/2026-11-20-api/graph.png:1: file: not a Markdown file (expected only index.md, update files, translations <name>.<locale>.md and postmortem.md)",
      "incidents/2026-11-20-api/old/2026-11-19T0000Z.md:1: file: nested directories are not part of the content format (expected files directly in incidents/<id>/)",
      "incidents/notes.txt:1: file: stray file directly in incidents/ (expected one directory per incident: incidents/<YYYY-MM-DD-slug>/index.md)",
    ],
  },
  {
    fixture: "timestamp-unparsable",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:2: at: \"2026-11-31T10:10:00+07:00\" is not a real date and time (expected an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone)",
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:4: next_update: \"in an hour\" is not a timestamp (expected an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone)",
    ],
  },
  {
    fixture: "timestamp-without-offset",
    status: 1,
    // One rule for files and the CLI: a time without an offset is read in the site's time zone (here Europe/Berlin),
    // so index.md's "started: 2026-11-20 05:00" is accepted; only a time with no time of day or one the clocks skip is refused.
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:5: eta: \"2026-11-20\" has no time of day (expected an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone)",
      "incidents/2026-11-20-api/2026-11-20T0320Z.md:4: next_update: \"2026-03-29 02:30\" does not exist in Europe/Berlin (the clocks skip it for daylight saving time) (expected an ISO 8601 time such as 2026-11-20T10:05:00+07:00; one without an offset, such as 2026-11-20 10:05, is read in the site's time zone, Europe/Berlin)",
    ],
  },
  {
    fixture: "translation-unknown-locale",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/index.en.md:1: file: \"en\" is the default locale, so index.md itself is its text (expected translations only for: id)",
      "incidents/2026-11-20-api/index.fr.md:1: file: translation for unknown locale \"fr\" (did you mean \"en\"? expected one of the site's locales: en, id)",
    ],
  },
  {
    fixture: "translation-without-base",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.id.md:2: status: unknown field (expected one of: technical)",
      "incidents/2026-11-20-api/2026-11-20T0320Z.id.md:1: file: translation of \"2026-11-20T0320Z.md\", which does not exist (expected a translation to sit next to its source file, e.g. index.id.md next to index.md)",
    ],
  },
  {
    fixture: "type-mismatch",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/index.md:1: severity: missing (expected one of: negligible, minimal, significant, serious, severe)",
      "incidents/2026-11-20-api/index.md:1: started: missing (expected when the incident started, e.g. started: 2026-11-20T10:05:00+07:00)",
      "incidents/2026-11-20-api/index.md:3: window: only maintenance has a window (expected \"started\" for an incident, or \"type: maintenance\")",
      "incidents/2026-11-20-api/index.md:6: regions: found \"europe\" (expected a list)",
      "incidents/2026-11-20-api/index.md:7: components: found a list (expected a map)",
    ],
  },
  {
    fixture: "unknown-component",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:5: components.payments: unknown component \"payments\" (expected one of the components in kabar.config.ts: api, website)",
      "incidents/2026-11-20-api/index.md:6: components.apu: unknown component \"apu\" (did you mean \"api\"? expected one of the components in kabar.config.ts: api, website)",
    ],
  },
  {
    fixture: "unknown-field",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0310Z.md:4: nextupdate: unknown field (did you mean \"next_update\"? expected one of: at, status, components, next_update, eta, technical)",
    ],
  },
  {
    fixture: "unknown-region",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/index.md:7: regions[1]: unknown region \"asia\" (expected one of the regions in kabar.config.ts: europe)",
    ],
  },
  {
    fixture: "update-after-resolved",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0430Z.md:2: status: comes after the resolved update incidents/2026-11-20-api/2026-11-20T0400Z.md (expected no updates after \"resolved\"; to reopen, start a new incident or move the resolved update later)",
    ],
  },
  {
    fixture: "update-before-started",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/2026-11-20T0250Z.md:2: at: 20 Nov 2026, 02:50 UTC is before the incident started (20 Nov 2026, 03:00 UTC) (expected updates at or after \"started\" in index.md)",
    ],
  },
  {
    fixture: "valid",
    status: 0,
    problems: [
    ],
  },
  {
    fixture: "window-end-before-start",
    status: 1,
    problems: [
      "incidents/2026-11-21-db/index.md:6: window.end: is not after window.start (expected the window to end after it starts)",
      "incidents/2026-11-22-cache/index.md:1: window: missing (expected the maintenance window, e.g. window: { start: 2026-11-28T01:00:00+07:00, end: 2026-11-28T03:00:00+07:00 })",
      "incidents/2026-11-22-cache/index.md:4: severity: maintenance has no severity (expected it only on incidents)",
      "incidents/2026-11-22-cache/index.md:5: started: maintenance has a window instead (expected window: { start, end })",
    ],
  },
  {
    fixture: "yaml-syntax",
    status: 1,
    problems: [
      "incidents/2026-11-20-api/index.md:2: frontmatter: YAML syntax error: Nested mappings are not allowed in compact mappings (expected valid YAML, e.g. \"title: API errors\"; quote text that contains \": \" or starts with a special character)",
    ],
  },
];

describe('kabar check on one fixture repo per error class', () => {
  it.each(cases)('$fixture', ({ fixture, status, problems }) => {
    const result = check(fixture);
    expect(result.status).toBe(status);
    const printed = (result.stderr + result.stdout).split('\n').filter((l) => /^[^ ]+:\d+: /.test(l));
    expect(printed).toEqual(problems);
  });

  it('--format json gives the same problems as data', () => {
    const result = check('unknown-component', '--format', 'json');
    const report = JSON.parse(result.stdout) as { ok: boolean; errors: number; problems: { file: string; line: number; field: string; severity: string }[] };
    expect(report.ok).toBe(false);
    expect(report.errors).toBe(2);
    expect(report.problems.map((p) => [p.file, p.line, p.field, p.severity])).toEqual([
      ['incidents/2026-11-20-api/2026-11-20T0310Z.md', 5, 'components.payments', 'error'],
      ['incidents/2026-11-20-api/index.md', 6, 'components.apu', 'error'],
    ]);
  });

  it('--strict turns communication warnings into a failure', () => {
    expect(check('communication-warnings').status).toBe(0);
    const strict = check('communication-warnings', '--strict');
    expect(strict.status).toBe(1);
    expect(strict.stdout).toMatch(/--strict fails on warnings/);
  });

  it('JavaScript frontmatter is refused and never executed', () => {
    const root = path.resolve('test/fixtures/check-javascript-frontmatter');
    check('javascript-frontmatter');
    expect(() => execFileSync('test', ['-e', path.join(root, 'pwned')])).toThrow();
    expect(() => execFileSync('test', ['-e', 'pwned'])).toThrow();
  });

  it('never modifies a file', () => {
    const listing = () => execFileSync('git', ['status', '--porcelain', '--', 'test/fixtures'], { encoding: 'utf8' });
    const before = listing();
    for (const { fixture } of cases) check(fixture);
    expect(listing()).toBe(before);
  });
});
