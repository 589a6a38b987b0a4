import type { APIRoute } from 'astro';
import { buildMaintenanceCalendar } from '../../../../core/calendar/maintenance-calendar.ts';
import { getSiteContext } from '../../../../site/context.ts';
import { reusableComponentFilePaths, type ComponentFileProps } from './_paths.ts';

export const getStaticPaths = reusableComponentFilePaths('maintenance.ics');

export const GET = (async ({ props }) => {
  const { model, urls } = await getSiteContext();
  return new Response(buildMaintenanceCalendar(model, props.locale, urls, { component: props.component }));
}) satisfies APIRoute<ComponentFileProps>;
