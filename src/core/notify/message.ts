import type { ComponentStatus } from '../content/schema.ts';
import { withGenericProvider } from '../feeds/provider.ts';
import { feedWords } from '../feeds/strings.ts';
import type { Incident, LocalizedText, StatusModel, Update } from '../model/types.ts';
import type { SiteUrls } from '../site-urls.ts';
import { parseTimestamp } from '../time.ts';
import { formatDateTime, formatPublished } from '../view/format.ts';
import { incidentPath, postmortemPath } from '../view/page-paths.ts';
import type { EventKind, NotifyEvent } from './events.ts';
import { markdownToText } from './markdown-text.ts';
import { notifyWords } from './strings.ts';
import type { UiOverrides } from '../../i18n/index.ts';

/** How an event should look: the colour and icon each channel picks for it. */
export type Tone = 'critical' | 'major' | 'minor' | 'none' | 'maintenance' | 'resolved' | 'info';

export interface Fact {
  label: string;
  /** Plain text. */
  value: string;
}

/** One event in one locale, channel-neutral: every payload builder renders this. */
export interface NotifyMessage {
  eventId: string;
  kind: EventKind;
  locale: string;
  incidentId: string;
  siteName: string;
  /** Incident title (or the component's name, for a component change), the provider named generically. */
  title: string;
  /** What happened, e.g. "Resolved", "Maintenance scheduled", "Postmortem". */
  label: string;
  /** Language of `title`: the default locale's while the incident's title is untranslated. */
  titleLang: string;
  /** `[label] title`, as the feeds title their entries. */
  headline: string;
  /** The message as Markdown (provider named generically). */
  body: string;
  /** Language of `body`: the default locale's while it is untranslated. */
  bodyLang: string;
  /** "Not translated yet" in the locale's language, when `body` falls back to the default locale (as the page says it). */
  untranslatedNote?: string;
  /** "Latest of N updates since the last message", when a run sends one message for several events of an incident. */
  summaryNote?: string;
  facts: Fact[];
  components: { name: string; status: ComponentStatus; label: string }[];
  /** The update's anchor on the incident page (or the postmortem page). */
  url: string;
  /** The home page of the locale's site. */
  pageUrl: string;
  /** The company's own wording for the locale (`ui` in the config), for the words a channel adds. */
  ui: UiOverrides;
  at: number;
  /** `at` as readers of the page see it, in the site's time zone; a postmortem's `published` as written (a day has no time). */
  atText: string;
  tone: Tone;
}

/**
 * The text of an event in a locale, the way the page and feeds put it: the locale's
 * translation where there is one, the third party at fault as "a third-party provider",
 * and the opening facts (impact, workaround, window) on the first message of each incident.
 */
export function buildMessage(model: StatusModel, event: NotifyEvent, locale: string, urls: SiteUrls, summarizes = 1): NotifyMessage {
  const incident = model.byId.get(event.incidentId)!;
  const words = feedWords(locale, model.config.ui[locale]);
  const n = notifyWords(locale, model.config.ui[locale]);
  const zone = model.config.timeZone;
  const generic = (text: string) => withGenericProvider(text, incident.provider, words.f('provider'));
  const local = (text: LocalizedText | undefined) => text?.[locale];
  const update = event.updateId !== undefined ? incident.updates.find((u) => u.id === event.updateId) : undefined;
  const componentName = (id: string) => model.config.components.find((c) => c.id === id)?.name[locale] ?? id;
  const incidentUrl = urls.absolute(locale, incidentPath(incident.id));
  const title = generic(local(incident.title)?.text ?? incident.id);
  const titleLang = local(incident.title)?.lang ?? model.config.defaultLocale;
  const { label, body, bodyLang } = textOf(event, incident, update, locale, model.config.defaultLocale, model.config.ui[locale]);

  const facts: Fact[] = [];
  const opening = event.kind === 'incident.created' || event.kind === 'maintenance.scheduled' || (event.kind === 'incident.resolved' && incident.updates[0]?.id === update?.id);
  const windowText = () => n('windowValue', { start: formatDateTime(incident.scheduledFor!, locale, zone), end: formatDateTime(incident.scheduledUntil!, locale, zone) });
  if (incident.type === 'maintenance' && (event.kind === 'maintenance.scheduled' || event.kind === 'maintenance.started') && incident.scheduledFor !== undefined) facts.push({ label: n('window'), value: windowText() });
  if (opening && incident.impactStatement) facts.push({ label: words.f('impact'), value: generic(local(incident.impactStatement)!.text) });
  if (opening && incident.workaround) facts.push({ label: words.f('workaround'), value: markdownToText(generic(local(incident.workaround)!.text)) });
  if (opening && incident.provider) facts.push({ label: n('cause'), value: words.f('causedBy') });
  if (update?.nextUpdate !== undefined && incident.resolvedAt === undefined) facts.push({ label: n('nextUpdate'), value: formatDateTime(update.nextUpdate, locale, zone) });
  if (update?.eta !== undefined && update.status !== 'resolved') facts.push({ label: n('eta'), value: formatDateTime(update.eta, locale, zone) });
  if (event.kind === 'component.updated') facts.push({ label: n('because'), value: title });

  const components = event.transitions.map((t) => ({ name: componentName(t.component), status: t.to, label: words.t(`component.${t.to}`) }));
  const component = event.kind === 'component.updated' ? components[0] : undefined;
  const shown = component ? component.name : title;
  const url =
    event.kind === 'postmortem.published' ? urls.absolute(locale, postmortemPath(incident.id))
    : update ? `${incidentUrl}#update-${encodeURIComponent(update.id)}`
    : incidentUrl;
  return {
    eventId: event.id,
    kind: event.kind,
    locale,
    incidentId: incident.id,
    siteName: model.config.name,
    title: shown,
    titleLang: component ? locale : titleLang,
    label: component ? component.label : label,
    headline: `[${component ? component.label : label}] ${shown}`,
    body: component ? n('componentChange', { name: component.name, status: component.label }) : generic(body),
    bodyLang: component ? locale : bodyLang,
    ...(!component && bodyLang !== locale && body !== '' && { untranslatedNote: n('untranslated') }),
    ...(summarizes > 1 && { summaryNote: n('summarizes', { count: summarizes }) }),
    facts,
    components: component ? [] : components,
    url,
    pageUrl: urls.absolute(locale),
    ui: model.config.ui[locale] ?? {},
    at: event.at,
    atText: event.kind === 'postmortem.published' ? publishedText(incident.postmortem!.published, locale, zone) : formatDateTime(event.at, locale, zone),
    tone: toneOf(event, incident, component?.status),
  };
}

function textOf(event: NotifyEvent, incident: Incident, update: Update | undefined, locale: string, defaultLocale: string, ui?: UiOverrides): { label: string; body: string; bodyLang: string } {
  const words = feedWords(locale, ui);
  const n = notifyWords(locale, ui);
  const status = (s: string) => words.t(`status.${s}` as Parameters<typeof words.t>[0]);
  const fromText = (text: LocalizedText | undefined) => ({ body: text?.[locale]?.text ?? '', bodyLang: text?.[locale]?.lang ?? defaultLocale });
  switch (event.kind) {
    case 'maintenance.cancelled':
      return { label: words.f('cancelled'), ...fromText(update?.message) };
    case 'postmortem.published': {
      const text = fromText(incident.postmortem!.body);
      return { label: words.f('postmortem'), body: `${n('postmortem')}\n\n${text.body}`, bodyLang: text.bodyLang };
    }
    default:
      if (update) return { label: event.kind === 'maintenance.scheduled' ? words.f('announced') : status(update.status), ...fromText(update.message) };
      if (event.kind === 'maintenance.started') return { label: status('in_progress'), body: n('started'), bodyLang: locale };
      if (event.kind === 'maintenance.completed') return { label: status('completed'), body: n('completed'), bodyLang: locale };
      return { label: words.f('announced'), ...fromText(incident.description) };
  }
}

/** A postmortem's `published`: a timestamp with its time, a day as the day alone (not "12:00 AM"). */
function publishedText(published: string, locale: string, zone: string): string {
  const parsed = parseTimestamp(published);
  return parsed.ok ? formatDateTime(parsed.ms, locale, zone) : formatPublished(published, locale, zone).text;
}

function toneOf(event: NotifyEvent, incident: Incident, componentStatus: ComponentStatus | undefined): Tone {
  if (componentStatus) {
    const byStatus: Record<ComponentStatus, Tone> = { operational: 'resolved', degraded_performance: 'minor', partial_outage: 'major', major_outage: 'critical', under_maintenance: 'maintenance' };
    return byStatus[componentStatus];
  }
  switch (event.kind) {
    case 'incident.resolved':
    case 'maintenance.completed':
      return 'resolved';
    case 'maintenance.cancelled':
    case 'postmortem.published':
      return 'info';
    case 'incident.created':
    case 'incident.updated':
      return incident.impact === 'maintenance' ? 'maintenance' : incident.impact;
    default:
      return 'maintenance';
  }
}
