import type { Tone } from '../message.ts';

/** Colours of the page's status palette, so a chat message reads like the badge. */
export const TONE_COLOR: Record<Tone, number> = {
  critical: 0xd1242f,
  major: 0xe16f24,
  minor: 0xd4a72c,
  none: 0x6e7781,
  maintenance: 0x0969da,
  resolved: 0x1a7f37,
  info: 0x8250df,
};

/** One symbol per tone, for channels without colour (Slack headers, Mastodon). */
export const TONE_EMOJI: Record<Tone, string> = {
  critical: '🔴',
  major: '🟠',
  minor: '🟡',
  none: '⚪',
  maintenance: '🔧',
  resolved: '✅',
  info: '📝',
};
