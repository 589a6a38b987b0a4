import type { APIRoute } from 'astro';
import { buildMaintenanceCalendar } from '../../core/calendar/maintenance-calendar.ts';
import { getSiteContext } from '../../site/context.ts';
import { localeFilePaths } from '../../site/locale-paths.ts';

export const getStaticPaths = localeFilePaths('maintenance.ics');

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(buildMaintenanceCalendar(model, props.locale, urls));
}) satisfies APIRoute<{ locale: string }>;
