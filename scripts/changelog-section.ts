/**
 * The CHANGELOG.md section of one release, for its GitHub release notes.
 *
 *   node scripts/changelog-section.ts <version> [CHANGELOG.md]
 *
 * Prints the lines under `## <version>` (also `## v<version>`, `## [<version>]`, with a date after
 * it) up to the next `## ` heading, without the heading. Exits 1 with a one-line error when the
 * version has no section or an empty one, so a release never goes out without notes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The section's text, trimmed, or undefined when CHANGELOG has no non-empty section for it. */
export function changelogSection(changelog: string, version: string): string | undefined {
  const heading = new RegExp(`^## \\[?v?${escape(version.replace(/^v/, ''))}\\]?(?:\\s|$)`);
  const lines = changelog.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const section = lines.slice(start + 1, end < 0 ? undefined : end).join('\n').trim();
  return section || undefined;
}

function main(): void {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2);
  if (!version) {
    console.error('usage: node scripts/changelog-section.ts <version> [CHANGELOG.md]');
    process.exit(2);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    console.error(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    process.exit(1);
  }
  const section = changelogSection(text, version);
  if (!section) {
    console.error(`${file}: no "## ${version.replace(/^v/, '')}" section with any lines (expected the release's changes under that heading)`);
    process.exit(1);
  }
  process.stdout.write(`${section}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
