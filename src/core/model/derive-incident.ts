import type { SiteConfig } from '../config/normalize.ts';
import type { ComponentStatus, UpdateStatus } from '../content/schema.ts';
import type { IncidentSource, UpdateSource } from '../content/types.ts';
import { publicPart } from '../postmortem/public-part.ts';
import { localizeText } from './localize.ts';
import { SEVERITY_IMPACT } from './status-rank.ts';
import type { ComponentTransition, Incident, LocalizedText, Postmortem, StatusSegment, Update } from './types.ts';

interface Lifecycle {
  status: UpdateStatus;
  start: number;
  /** When its effect on components ends: resolution, completion, or the window's end. */
  end: number;
  resolvedAt?: number;
  active: boolean;
  upcoming: boolean;
}

/**
 * An incident lives from `started` until a `resolved` update. A maintenance
 * lives from its window's start (or an earlier `in_progress` update) until a
 * `completed` update or, failing one, the window's end: the page follows the
 * announced schedule without anyone having to post.
 */
function lifecycle(source: IncidentSource, now: number): Lifecycle {
  const last = source.updates.at(-1);
  if (source.type === 'incident') {
    const resolved = source.updates.find((u) => u.status === 'resolved');
    return {
      status: last?.status ?? 'investigating',
      start: source.started!,
      end: resolved?.at ?? Infinity,
      ...(resolved && { resolvedAt: resolved.at }),
      active: !resolved,
      upcoming: false,
    };
  }
  const window = source.window!;
  const earlyStart = source.updates.find((u) => u.status === 'in_progress' && u.at < window.start);
  const start = earlyStart?.at ?? window.start;
  const completed = source.updates.find((u) => u.status === 'completed');
  const end = completed?.at ?? window.end;
  if (completed && completed.at <= now) return { status: 'completed', start, end, resolvedAt: completed.at, active: false, upcoming: false };
  if (now >= window.end) return { status: 'completed', start, end, resolvedAt: window.end, active: false, upcoming: false };
  if (now >= start) {
    const status: UpdateStatus = last?.status === 'verifying' && last.at <= now ? 'verifying' : 'in_progress';
    return { status, start, end, active: true, upcoming: false };
  }
  return { status: 'scheduled', start, end, active: false, upcoming: true };
}

/**
 * Walks the history once, producing each update's component transitions and
 * the status segments (per component, from–to) that uptime and current status
 * are computed from. Within an incident the latest update that sets a
 * component wins; the end of the incident returns everything to operational.
 */
interface ComponentWalk {
  transitions: Map<UpdateSource, ComponentTransition[]>;
  segments: StatusSegment[];
  /** Maintenance: what it announces for its components (index.md, then updates before the window; the latest wins). */
  planned: Record<string, ComponentStatus>;
  /** Maintenance whose window opened with no update at that instant: the changes the schedule made by itself. */
  opening?: { at: number; transitions: ComponentTransition[] };
}

function walkComponents(source: IncidentSource, life: Lifecycle, now: number): ComponentWalk {
  const transitions = new Map<UpdateSource, ComponentTransition[]>();
  const segments: StatusSegment[] = [];
  const open = new Map<string, { status: Exclude<ComponentStatus, 'operational'>; since: number }>();
  const set = (component: string, to: ComponentStatus, at: number, log: ComponentTransition[]) => {
    const current = open.get(component);
    const from: ComponentStatus = current?.status ?? 'operational';
    if (from === to) return;
    if (current && at > current.since) segments.push({ component, from: current.since, to: at, status: current.status, incidentId: source.id });
    open.delete(component);
    if (to !== 'operational') open.set(component, { status: to, since: at });
    log.push({ component, from, to });
  };

  const maintenance = source.type === 'maintenance';
  // Maintenance announcements may list components before the window opens: that is the plan, and it applies from the start.
  const isEarly = (u: UpdateSource) => maintenance && u.at < life.start;
  const beforeStart = source.updates.filter(isEarly);
  const afterStart = source.updates.filter((u) => !isEarly(u));
  const planned: Record<string, ComponentStatus> = {};
  if (maintenance) {
    for (const [c, s] of [...Object.entries(source.components), ...beforeStart.flatMap((u) => Object.entries(u.components ?? {}))]) planned[c] = s;
    for (const [c, s] of Object.entries(planned)) if (s === 'operational') delete planned[c];
  }
  // A maintenance completed before its window opened was cancelled: it never touched a component.
  if (life.end <= life.start && maintenance) return { transitions, segments, planned };
  const initial: ComponentTransition[] = [];
  for (const [component, status] of Object.entries(source.components)) set(component, status, life.start, initial);
  for (const update of beforeStart) for (const [c, s] of Object.entries(update.components ?? {})) set(c, s, life.start, initial);
  // The changes at the start belong to the update posted then (an incident's first update, or a maintenance's update at
  // the window's start); a window that opened on schedule, with no update at that instant, made them by itself.
  // Before the window opens nothing has changed yet: the plan is shown as planned, never as a transition.
  const carrier = maintenance ? afterStart.find((u) => u.at === life.start) : afterStart[0];
  let opening: ComponentWalk['opening'];
  if (carrier) transitions.set(carrier, initial);
  else if (maintenance && initial.length > 0 && now >= life.start) opening = { at: life.start, transitions: initial };

  for (const update of afterStart) {
    if (update.at >= life.end && !(update.status === 'resolved' || update.status === 'completed')) break;
    const log = transitions.get(update) ?? [];
    for (const [c, s] of Object.entries(update.components ?? {})) set(c, s, update.at, log);
    if (update.status === 'resolved' || update.status === 'completed') {
      for (const c of [...open.keys()]) set(c, 'operational', update.at, log);
    }
    transitions.set(update, log);
  }
  for (const [component, { status, since }] of open) {
    if (life.end > since) segments.push({ component, from: since, to: life.end, status, incidentId: source.id });
  }
  return { transitions, segments, planned, ...(opening && { opening }) };
}

export function deriveIncident(source: IncidentSource, config: SiteConfig, now: number): Incident {
  const { locales, componentOrder } = configFacts(config);
  // The locales any of the incident's texts falls back in (Incident.untranslated), noted as they are localized.
  const untranslated = new Set<string>();
  const localize = <T extends object>(base: string | undefined, pick: (t: T) => string | undefined, translations: Readonly<Record<string, T | undefined>>): LocalizedText | undefined =>
    base === undefined
      ? undefined
      : localizeText(
          base,
          (tag) => {
            const t = Object.hasOwn(translations, tag) ? translations[tag] : undefined;
            const text = t === undefined ? undefined : pick(t);
            if (text === undefined) untranslated.add(tag);
            return text;
          },
          locales,
          config.defaultLocale,
        );
  const tr = source.translations;
  const life = lifecycle(source, now);
  const { transitions, segments, planned, opening } = walkComponents(source, life, now);

  // Optional fields are set one by one, in the order they print in: spreading a conditional
  // object for each cost a fifth of deriving a long history. The casts stay: a literal of the
  // required fields first (which the compiler would check) derived 5 % faster, but the pages
  // that read these objects rendered about a tenth slower (1 000 incidents, measured A/B).
  const updates: Update[] = source.updates.map((u) => {
    const technical = localize(u.technical, (t) => t.technical, u.translations);
    const update = { id: u.id, file: u.file, at: u.at, status: u.status, transitions: transitions.get(u) ?? [] } as Update;
    if (u.nextUpdate !== undefined) update.nextUpdate = u.nextUpdate;
    if (u.eta !== undefined) update.eta = u.eta;
    update.message = localize(u.body, (t) => t.body, u.translations)!;
    if (technical) update.technical = technical;
    return update;
  });

  const title = localize(source.title, (t) => t.title, tr)!;
  const impactStatement = localize(source.impact, (t) => t.impact, tr);
  const workaround = localize(source.workaround, (t) => t.workaround, tr);
  const compensation = localize(source.compensation, (t) => t.compensation, tr);
  const description = localize(source.body || undefined, (t) => t.body, tr);
  const postmortem = publishedPostmortem(source, locales, config.defaultLocale);

  const componentIds = [...new Set([...Object.keys(source.components), ...source.updates.flatMap((u) => Object.keys(u.components ?? {}))])].sort(
    (a, b) => (componentOrder.get(a) ?? 0) - (componentOrder.get(b) ?? 0),
  );
  const currentComponents: Record<string, ComponentStatus> = {};
  for (const s of segments) if (s.from <= now && now < s.to) currentComponents[s.component] = s.status;

  const last = source.updates.at(-1);
  const nextUpdate = life.active ? last?.nextUpdate : undefined;
  const eta = life.active ? source.updates.findLast((u) => u.eta !== undefined)?.eta : undefined;
  const incident = { id: source.id, file: source.file, type: source.type } as Incident;
  if (source.severity) incident.severity = source.severity;
  incident.impact = source.type === 'maintenance' ? 'maintenance' : SEVERITY_IMPACT[source.severity!];
  incident.title = title;
  if (impactStatement) incident.impactStatement = impactStatement;
  if (workaround) incident.workaround = workaround;
  if (compensation) incident.compensation = compensation;
  if (description) incident.description = description;
  if (source.provider) incident.provider = source.provider;
  if (source.regions) incident.regions = source.regions;
  incident.componentIds = componentIds;
  incident.updates = updates;
  incident.status = life.status;
  incident.active = life.active;
  incident.upcoming = life.upcoming;
  incident.startedAt = life.start;
  if (source.window) {
    incident.scheduledFor = source.window.start;
    incident.scheduledUntil = source.window.end;
  }
  if (life.resolvedAt !== undefined) incident.resolvedAt = life.resolvedAt;
  if (source.type === 'maintenance') incident.plannedComponents = planned;
  if (opening) incident.windowOpened = opening;
  incident.durationMs = life.upcoming ? 0 : Math.max(0, (life.resolvedAt ?? now) - life.start);
  incident.updatedAt = last?.at ?? life.start;
  incident.currentComponents = currentComponents;
  if (nextUpdate !== undefined) incident.nextUpdate = nextUpdate;
  if (eta !== undefined) incident.eta = eta;
  incident.stale = nextUpdate !== undefined && nextUpdate < now;
  incident.untranslated = [...untranslated].sort();
  if (postmortem) incident.postmortem = postmortem;
  incident.segments = segments;
  return incident;
}

const facts = new WeakMap<SiteConfig, { locales: string[]; componentOrder: Map<string, number> }>();

/** What every incident's derivation asks of the config: worked out once per config, not once per incident. */
function configFacts(config: SiteConfig): { locales: string[]; componentOrder: Map<string, number> } {
  let found = facts.get(config);
  if (!found) {
    found = { locales: config.locales.map((l) => l.tag), componentOrder: new Map(config.components.map((c, i) => [c.id, i])) };
    facts.set(config, found);
  }
  return found;
}

/** Only published postmortems enter the model, so drafts can never reach a built page. */
function publishedPostmortem(source: IncidentSource, locales: string[], defaultLocale: string): Postmortem | undefined {
  const pm = source.postmortem;
  if (!pm || pm.status !== 'published' || !pm.published) return undefined;
  const translation = (tag: string) => (Object.hasOwn(pm.translations, tag) ? pm.translations[tag] : undefined);
  return {
    file: pm.file,
    published: pm.published,
    authors: pm.authors,
    title: localizeText(pm.title ?? `Postmortem: ${source.title}`, (tag) => translation(tag)?.title, locales, defaultLocale),
    // Only the customer-facing part: what stakeholders review in Git after the internal marker never enters the model.
    body: localizeText(
      publicPart(pm.body),
      (tag) => {
        const body = translation(tag)?.body;
        return body === undefined ? undefined : publicPart(body);
      },
      locales,
      defaultLocale,
    ),
  };
}
