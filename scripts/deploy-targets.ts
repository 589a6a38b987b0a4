// Prints where each built site deploys, as GitHub Actions step outputs:
//   pages=<dir in dist/ for GitHub Pages>
//   others=<JSON list of { dir, domain, locale, slug } pushed to their own repositories>
//   node scripts/deploy-targets.ts [--root <dir>] >> "$GITHUB_OUTPUT"
import { parseArgs } from 'node:util';
import { findRepoRoot } from '../src/cli/repo-root.ts';
import { formatProblem } from '../src/core/problems.ts';
import { planDeploy } from '../src/core/scaffold/deploy-targets.ts';
import { loadSiteConfig } from '../src/io/load-config.ts';

const { values } = parseArgs({ options: { root: { type: 'string' } } });
const result = await loadSiteConfig(findRepoRoot(values.root ?? process.cwd()));
if (!result.config) {
  for (const p of result.problems) console.error(formatProblem(p));
  process.exit(1);
}
const plan = planDeploy(result.config);
console.log(`pages=${plan.pages.dir}`);
console.log(`others=${JSON.stringify(plan.others)}`);
