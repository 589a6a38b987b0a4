/**
 * `npm run prepare` (after `npm ci`, and before `npm pack`): compiles the site's pages into the
 * renderer the package ships (src/build/renderer-compile.ts), unless the current sources'
 * renderer exists, and names it the current one.
 */
import { prepareRenderer } from '../src/io/renderer.ts';

const identity = await prepareRenderer();
// stderr: `npm pack --json` prints its JSON on stdout.
process.stderr.write(`kabar: pages compiled (${identity})\n`);
