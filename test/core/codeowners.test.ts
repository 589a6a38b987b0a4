import { describe, expect, it } from 'vitest';
import { ownersOf, parseCodeowners, splitReviewers } from '../../src/core/codeowners.ts';
import { readActionItems, withTrackingLinks } from '../../src/core/postmortem/action-items.ts';

describe('CODEOWNERS', () => {
  const rules = parseCodeowners(
    [
      '# Default owners',
      '*                      @acme/everyone',
      '/incidents/            @acme/sre @rina   # on-call leads',
      'incidents/**/postmortem.md  @acme/reliability ops@example.com',
      '/docs/\\#notes.md      @writer',
      '*.ts',
    ].join('\n'),
  );

  it.each([
    ['README.md', ['@acme/everyone']],
    ['incidents/2026-11-20-x/index.md', ['@acme/sre', '@rina']],
    ['incidents/2026-11-20-x/postmortem.md', ['@acme/reliability', 'ops@example.com']],
    ['docs/#notes.md', ['@writer']],
    // A pattern without owners takes ownership away.
    ['kabar.config.ts', []],
  ])('the last matching line owns %s', (file, owners) => {
    expect(ownersOf(rules, file).all).toEqual(owners);
  });

  it('splits owners into logins, team slugs and e-mail addresses', () => {
    expect(ownersOf(rules, 'incidents/a/postmortem.md')).toEqual({ users: [], teams: ['reliability'], emails: ['ops@example.com'], all: ['@acme/reliability', 'ops@example.com'] });
    expect(ownersOf(rules, 'incidents/a/index.md')).toMatchObject({ users: ['rina'], teams: ['sre'] });
  });

  it('tells requestable reviewers from plain names', () => {
    expect(splitReviewers(['@ayu', '@acme/sre', 'Citra Dewi', ' '])).toEqual({ users: ['ayu'], teams: ['sre'], names: ['Citra Dewi'] });
  });
});

describe('action items table', () => {
  const body = ['## Action items', '', '| Action | Type | Owner | Priority | Tracking issue |', '|---|---|---|---|---|', '|Add alert|detect|@a|P1|', '|Fix \\| it|prevent|@b|P2|—|', '|Done|process||P3|#9|', '', '## Next', ''].join('\n');

  it('reads each row, with the columns found by their headers', () => {
    const { items } = readActionItems(body);
    expect(items.map((i) => [i.line, i.action, i.type, i.owner, i.priority, i.tracking])).toEqual([
      [5, 'Add alert', 'detect', '@a', 'P1', ''],
      [6, 'Fix | it', 'prevent', '@b', 'P2', '—'],
      [7, 'Done', 'process', '', 'P3', '#9'],
    ]);
  });

  it('fills a missing cell and a placeholder cell, and nothing else', () => {
    const [a, b] = readActionItems(body).items;
    const out = withTrackingLinks(body, [{ item: a!, link: '[#1](u1)' }, { item: b!, link: '[#2](u2)' }]);
    expect(out.split('\n')).toEqual([...body.split('\n').slice(0, 4), '|Add alert|detect|@a|P1| [#1](u1) |', '|Fix \\| it|prevent|@b|P2| [#2](u2) |', ...body.split('\n').slice(6)]);
    expect(readActionItems(out).items.map((i) => i.tracking)).toEqual(['#1', '#2', '#9']);
  });

  it('says when the section or its table is missing', () => {
    expect(readActionItems('## Summary\n\nText.\n').missing).toBe('there is no "## Action items" section');
    expect(readActionItems('## Action items\n\nNone.\n\n## Next\n\n| a |\n|---|\n| b |\n').missing).toBe('the "Action items" section has no table');
  });
});
