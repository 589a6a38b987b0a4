import { readFile } from 'node:fs/promises';
import type { APIRoute } from 'astro';
import { logoOutputName } from '../../core/config/schema.ts';
import { locateRepoFile } from '../../io/repo-paths.ts';
import { getSiteContext } from '../../site/context.ts';
import { siteStaticPaths } from '../../site/locale-paths.ts';

/** The configured logo, copied from the status repository into every site (no other host is ever asked). */
export async function getStaticPaths() {
  const { model } = await getSiteContext();
  const logo = model.config.logo;
  return logo ? (await siteStaticPaths()).map(({ params }) => ({ params: { ...params, logo: logoOutputName(logo) } })) : [];
}

export const GET = (async () => {
  const { root, model } = await getSiteContext();
  // Read where the config check found it: never through a symlink out of the repository.
  const found = locateRepoFile(root, model.config.logo!);
  if (!found.ok) throw new Error(`logo "${model.config.logo}": ${found.message}`);
  return new Response(await readFile(found.real));
}) satisfies APIRoute;
