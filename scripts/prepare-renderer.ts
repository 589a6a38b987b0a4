/**
 * `npm run prepare` (after `npm ci`, and before `npm pack`): compiles the site's pages into the
 * renderer the package ships (src/build/renderer-compile.ts), unless the current sources'
 * renderer exists, and names it the current one; records the sources' identity beside it.
 */
import { prepareRenderer } from '../src/io/renderer.ts';
import { recordSourceIdentity } from '../src/io/source-identity.ts';

const identity = await prepareRenderer();
await recordSourceIdentity();
// stderr: `npm pack --json` prints its JSON on stdout.
process.stderr.write(`kabar: pages compiled (${identity})\n`);
