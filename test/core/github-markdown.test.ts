import { describe, expect, it } from 'vitest';
import { fencedCode, fitGitHubBody, GITHUB_BODY_LIMIT, neutralizeForGitHub, truncateLines } from '../../src/core/github-markdown.ts';

describe('text Kabar writes into GitHub from untrusted places', () => {
  it('cuts at a line end, with a note that fits too', () => {
    expect(truncateLines('aaa\nbbb\nccc\nddd', 12, (n) => `+${n}`)).toBe('aaa\nbbb\n+2');
    expect(truncateLines('short', 12, () => 'never')).toBe('short');
    expect(truncateLines('aaa', 2, (n) => `+${n}`)).toBe('+1');
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const body = fitGitHubBody(long, (n) => `… ${n} more lines`);
    expect(body.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(body).toMatch(/\n… \d+ more lines$/);
    expect(long.startsWith(body.slice(0, body.lastIndexOf('\n')))).toBe(true);
  });

  it('neutralises mentions (also spelled as entities), Markdown images and remote HTML media; leaves e-mail addresses and escaped text alone', () => {
    expect(neutralizeForGitHub('hi @user and @org/team, mail a.b@example.com')).toBe('hi @\u200Buser and @\u200Borg/team, mail a.b@example.com');
    expect(neutralizeForGitHub('&#64;bob &#x40;eve &commat;carol')).toBe('@\u200Bbob @\u200Beve @\u200Bcarol');
    expect(neutralizeForGitHub('![x](http://e/a.png) \\![y](z) \\\\![w](v) ![r][ref]')).toBe('\\![x](http://e/a.png) \\![y](z) \\\\\\![w](v) \\![r][ref]');
    expect(neutralizeForGitHub('<img src=x> \\<img src=y> <IMG/src=z> <picture> <video src=v>')).toBe('&lt;img src=x> \\<img src=y> &lt;IMG/src=z> &lt;picture> &lt;video src=v>');
  });

  it('fences code that no line inside can close', () => {
    expect(fencedCode('plain', 'text')).toBe('```text\nplain\n```');
    expect(fencedCode('a\n```\n@user', 'text')).toBe('````text\na\n```\n@user\n````');
  });
});
