import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { withGenericProvider } from '../feeds/provider.ts';
import { feedWords } from '../feeds/strings.ts';
import { markdownToPlainText } from '../markdown.ts';
import { isCancelled } from '../model/cancelled.ts';
import type { Incident, StatusModel } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { isolateBidi, stripForbiddenChars } from '../text-safety.ts';
import { incidentPath } from '../view/page-paths.ts';
import { calendarWindows, type CalendarScope } from './windows.ts';

export { CALENDAR_PAST_MAX, CALENDAR_PAST_MS, calendarWindows, type CalendarScope } from './windows.ts';

/**
 * Maintenance windows of the past 12 months (at most CALENDAR_PAST_MAX) and every upcoming one, each a VEVENT
 * (RFC 5545), for calendar apps that subscribe to the file.
 * - UID `<maintenance-id>@<domain>`: the same event across rebuilds, so apps update it in place.
 * - SEQUENCE: the number of updates posted. Each update can move the window or
 *   change the status, and the count only ever grows, which is what §3.8.7.4 asks.
 * - DTSTAMP / LAST-MODIFIED: the newest update (the announcement when none), not the build clock.
 * - STATUS: CANCELLED when completed before the window opened; otherwise
 *   CONFIRMED (a VEVENT has no "completed": that is said in the description).
 */
export function buildMaintenanceCalendar(model: StatusModel, locale: string, urls: SiteUrls, scope: CalendarScope = {}): string {
  const { config } = model;
  const words = feedWords(locale, config.ui[locale]);
  const component = scope.component ? config.components.find((c) => c.id === scope.component) : undefined;
  if (scope.component && !component) throw new Error(`unknown component "${scope.component}" (expected one of: ${config.components.map((c) => c.id).join(', ')})`);
  const domain = new URL(urls.absolute(locale)).hostname;
  const subject = component ? `${config.name}: ${component.name[locale]}` : config.name;
  const calendar = ical({
    name: `${subject} — ${words.f('maintenanceCalendar')}`,
    prodId: { company: 'Kabar', product: 'Kabar status page', language: locale.toUpperCase() },
    method: ICalCalendarMethod.PUBLISH,
    url: urls.absolute(locale, component ? `components/${component.id}/maintenance.ics` : 'maintenance.ics'),
    // Hint for subscribing apps (X-PUBLISHED-TTL): maintenance plans change on the scale of hours.
    ttl: 60 * 60,
  });
  for (const m of calendarWindows(model, scope)) {
    const generic = (text: string) => withGenericProvider(text, m.provider, words.f('provider'));
    const cancelled = isCancelled(m);
    const latest = m.updates.at(-1);
    const statusLine = `${words.f('status')}: ${cancelled ? words.f('cancelled') : words.t(`status.${m.status}`)}`;
    const description = [
      statusLine,
      m.impactStatement && generic(m.impactStatement[locale]?.text ?? ''),
      latest && generic(markdownToPlainText(latest.message[locale]?.text ?? '')),
      m.description && generic(markdownToPlainText(m.description[locale]?.text ?? '')),
      urls.absolute(locale, incidentPath(m.id)),
    ].filter((line): line is string => !!line);
    const stamp = new Date(m.updatedAt);
    calendar.createEvent({
      id: `${m.id}@${domain}`,
      sequence: m.updates.length,
      stamp,
      lastModified: stamp,
      created: new Date(m.updates[0]?.at ?? m.updatedAt),
      start: new Date(m.scheduledFor!),
      end: new Date(m.scheduledUntil!),
      summary: isolateBidi(generic(m.title[locale]?.text ?? m.id)),
      description: description.join('\n\n'),
      url: urls.absolute(locale, incidentPath(m.id)),
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // RFC 5545 §3.1: every content line ends with CRLF, the last one too (ical-generator leaves it off).
  const text = stripForbiddenChars(calendar.toString());
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
