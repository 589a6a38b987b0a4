import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { APIRoute } from 'astro';
import { logoOutputName } from '../core/config/schema.ts';
import { getSiteContext } from '../site/context.ts';

/** The configured logo, copied from the status repository into the site (no other host is ever asked). */
export async function getStaticPaths() {
  const { model } = await getSiteContext();
  return model.config.logo ? [{ params: { logo: logoOutputName(model.config.logo) } }] : [];
}

export const GET = (async () => {
  const { root, model } = await getSiteContext();
  return new Response(await readFile(path.join(root, model.config.logo!.replace(/^\/+/, ''))));
}) satisfies APIRoute;
