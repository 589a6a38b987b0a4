import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { SiteConfig } from '../config/normalize.ts';
import { publicPart } from '../postmortem/public-part.ts';
import type { Problem } from '../problems.ts';
import { formatSiteTime, formatSiteTimes, parseTimestamp, timestampExpected } from '../time.ts';
import { firstForbiddenChar, forbiddenCharMessage, stringsIn } from '../text-safety.ts';
import { closest, fieldPath, issuesToProblems } from '../zod-problems.ts';
import { isEditorOrSystemFile } from './editor-files.ts';
import { parseMarkdownFile, type MarkdownFile } from './frontmatter.ts';
import { FIELD_LIMITS, tooLongMessage } from './limits.ts';
import {
  fieldNames,
  incidentIndexSchema,
  indexTranslationSchema,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  postmortemSchema,
  updateSchema,
  updateTranslationSchema,
} from './schema.ts';
import type { ContentFile, IncidentSource, PostmortemSource, UpdateSource } from './types.ts';
import { INCIDENTS_DIR } from './incidents-dir.ts';

export { INCIDENTS_DIR };
/** `YYYY-MM-DD-slug`: sorts by date in a file listing and reads well in a URL. */
const INCIDENT_ID = /^(\d{4})-(\d{2})-(\d{2})-[a-z0-9]+(-[a-z0-9]+)*$/;
const UPDATE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const RESERVED = new Set(['index', 'postmortem']);

export interface ValidatedContent {
  incidents: IncidentSource[];
  problems: Problem[];
  /** With `previous` given: every incident directory that validated without a problem, to remember for the next run. */
  validated?: Map<string, ValidatedDir>;
  /** How many of those were validated in this run rather than taken from `previous`. */
  revalidated?: number;
  /** How many were taken from `previous` without their files being read (BatchFacts.unchanged). */
  unread?: number;
  /** How many were taken from `previous` with a new stamp (worth remembering). */
  restamped?: number;
}

/**
 * An incident directory that validated without a single problem. A later run whose files in that
 * directory are byte for byte the same takes its result instead of parsing them again: years of
 * history are tens of thousands of files, and a rebuild after one update changes one directory.
 * Only the contents of the directory decide its validity (config and engine are the caller's to
 * compare); `now` only adds warnings, which are worked out afresh, and find their lines in the files' texts.
 */
export interface ValidatedDir {
  /** Hash of the directory's file names and texts. */
  key: string;
  incident: IncidentSource;
  /**
   * Its files' names and file system stamps when they were read (src/io/read-content.ts): a later
   * run that finds the same stamps takes the directory as it is, without reading its files.
   */
  stamp?: string;
}

/** What a reader knows of a batch's directories besides their files (src/io/read-content.ts). */
export interface BatchFacts {
  /** Directories whose files are unchanged since `previous` (by their stamps): not read, taken as they were. */
  unchanged?: readonly string[];
  /** Stamps of the directories read, to remember. */
  stamps?: ReadonlyMap<string, string>;
}

function dirKey(files: readonly ContentFile[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update('\0').update(file.text).update('\0');
  return hash.digest('base64url');
}

/**
 * Validates every file under `incidents/` against the content format and the
 * site config, reporting every problem at once. Pure: takes file texts and
 * `now` (for the communication warnings), reads and writes nothing.
 */
export function validateContent(files: readonly ContentFile[], config: SiteConfig, now: number, previous?: ReadonlyMap<string, ValidatedDir>): ValidatedContent {
  const validation = new ContentValidation(config, now, previous);
  validation.add(files);
  return validation.finish();
}

/**
 * validateContent in steps, so a repository's files can be validated while the rest are still
 * being read. Each `add` brings whole incident directories (a directory's files all in one call);
 * the result does not depend on how the files were split between calls.
 */
export class ContentValidation {
  private readonly problems: Problem[] = [];
  private readonly incidents = new Map<string, IncidentSource>();
  private readonly ids: string[] = [];
  private readonly texts = new Map<string, string>();
  private readonly validated: Map<string, ValidatedDir> | undefined;
  private revalidated = 0;
  private unread = 0;
  private restamped = 0;
  private readonly config: SiteConfig;
  private readonly now: number;
  private readonly previous: ReadonlyMap<string, ValidatedDir> | undefined;

  private readonly readText: (file: string) => string | undefined;
  private readonly stamps = new Map<string, string>();

  /** `readText`: a file's text, for the warnings' lines in directories taken unread. */
  constructor(config: SiteConfig, now: number, previous?: ReadonlyMap<string, ValidatedDir>, readText: (file: string) => string | undefined = () => undefined) {
    this.config = config;
    this.now = now;
    this.previous = previous;
    this.validated = previous && new Map();
    this.readText = readText;
  }

  add(files: readonly ContentFile[], facts: BatchFacts = {}): void {
    for (const [dir, stamp] of facts.stamps ?? []) this.stamps.set(dir, stamp);
    for (const id of facts.unchanged ?? []) {
      const known = this.previous?.get(id);
      if (!known || !this.validated) throw new Error(`${INCIDENTS_DIR}/${id}: taken as unchanged with nothing to take it from`);
      this.ids.push(id);
      const idProblem = checkIncidentId(id);
      if (idProblem) this.problems.push(error(`${INCIDENTS_DIR}/${id}/index.md`, 1, 'id', idProblem));
      this.incidents.set(id, known.incident);
      this.validated.set(id, known);
      this.unread++;
    }
    const byDir = new Map<string, ContentFile[]>();
    for (const file of files) {
      const parts = file.path.split('/');
      const name = parts.at(-1)!;
      if (parts[0] !== INCIDENTS_DIR) continue;
      if (name === '.gitkeep' || (parts.length === 2 && name === 'README.md') || isEditorOrSystemFile(name)) continue;
      if (parts.length !== 3 || !name.endsWith('.md')) {
        this.problems.push(error(file.path, 1, 'file', strayMessage(parts)));
        continue;
      }
      const dir = parts[1]!;
      const list = byDir.get(dir);
      if (list) list.push(file);
      else byDir.set(dir, [file]);
      this.texts.set(file.path, file.text);
    }
    for (const [id, dirFiles] of byDir) this.addDir(id, dirFiles);
  }

  private addDir(id: string, files: ContentFile[]): void {
    const { problems, config, now } = this;
    this.ids.push(id);
    const idProblem = checkIncidentId(id);
    if (idProblem) problems.push(error(`${INCIDENTS_DIR}/${id}/index.md`, 1, 'id', idProblem));
    const key = this.validated && dirKey(files);
    const known = key !== undefined ? this.previous!.get(id) : undefined;
    if (known && known.key === key) {
      const stamp = this.stamps.get(id);
      this.incidents.set(id, known.incident);
      this.validated!.set(id, stamp === undefined ? known : { ...known, stamp });
      if (stamp !== known.stamp) this.restamped++;
      return;
    }
    const before = problems.length;
    const docs: DocIndex = new Map();
    let incident = validateIncidentDir(id, files, config, problems, docs, now, true);
    if (problems.length > before) {
      // Problems are reported as `yaml` reads the files, with its lines and messages: read them so again.
      problems.length = before;
      incident = validateIncidentDir(id, files, config, problems, new Map(), now, false);
    }
    if (!incident) return;
    this.incidents.set(id, incident);
    if (key !== undefined && problems.length === before) {
      const stamp = this.stamps.get(id);
      this.validated!.set(id, { key, incident, ...(stamp !== undefined && { stamp }) });
      this.revalidated++;
    }
  }

  finish(): ValidatedContent {
    const problems = [...this.problems];
    const incidents: IncidentSource[] = [];
    const seenIds = new Map<string, string>();
    for (const id of [...this.ids].sort((a, b) => a.localeCompare(b))) {
      const folded = id.toLowerCase();
      if (seenIds.has(folded)) {
        problems.push(error(`${INCIDENTS_DIR}/${id}/index.md`, 1, 'id', `"${id}" duplicates the incident id "${seenIds.get(folded)}" (expected unique ids, compared ignoring case)`));
      }
      seenIds.set(folded, id);
      const incident = this.incidents.get(id);
      if (incident) incidents.push(incident);
    }
    // The few warnings' lines, from the files' texts: working out every file's lines up front cost more than validating it.
    const lineOf: LineIn = (file, path) => {
      const text = this.texts.get(file) ?? this.readText(file);
      const parsed = text === undefined ? undefined : parseMarkdownFile(file, text);
      return parsed?.ok ? parsed.doc.lineOf(path) : 1;
    };
    for (const incident of incidents) problems.push(...communicationWarnings(incident, this.now, lineOf, this.config.timeZone));
    return { incidents, problems, ...(this.validated && { validated: this.validated, revalidated: this.revalidated, unread: this.unread, restamped: this.restamped }) };
  }
}

function strayMessage(parts: string[]): string {
  if (parts.length === 2) return 'stray file directly in incidents/ (expected one directory per incident: incidents/<YYYY-MM-DD-slug>/index.md)';
  if (parts.length > 3) return 'nested directories are not part of the content format (expected files directly in incidents/<id>/)';
  return 'not a Markdown file (expected only index.md, update files, translations <name>.<locale>.md and postmortem.md)';
}

function checkIncidentId(id: string): string | undefined {
  const match = INCIDENT_ID.exec(id);
  if (!match) return `directory name "${id}" is not an incident id (expected YYYY-MM-DD-slug in lowercase, e.g. 2026-11-20-checkout-errors)`;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return `"${y}-${m}-${d}" in the directory name is not a real date (expected YYYY-MM-DD-slug)`;
  }
  return undefined;
}

/** Parsed files by path, so checks that run on plain data can still point at a field's line. */
type DocIndex = Map<string, MarkdownFile>;
type LineIn = (file: string, path: readonly PropertyKey[]) => number;
const lineIn =
  (docs: DocIndex): LineIn =>
  (file, path) =>
    docs.get(file)?.lineOf(path) ?? 1;

function error(file: string, line: number, field: string, message: string): Problem {
  return { file, line, field, message, severity: 'error' };
}

function warning(file: string, line: number, field: string, message: string): Problem {
  return { file, line, field, message, severity: 'warning' };
}

function parseWith<T>(doc: MarkdownFile, schema: z.ZodType<T> & { shape: object }, problems: Problem[]): T | undefined {
  const result = schema.safeParse(doc.data, { reportInput: true });
  if (result.success) return result.data;
  problems.push(...issuesToProblems(result.error.issues, doc.file, doc.lineOf, fieldNames(schema)));
  return undefined;
}

/**
 * Epoch ms of a timestamp that passed the schema, read in the site's time zone
 * when it has no offset. A local time the clocks skip there is an error at its field.
 */
function timeReader(doc: MarkdownFile, config: SiteConfig, problems: Problem[]): (path: readonly string[], value: string) => number | undefined {
  return (path, value) => {
    const parsed = parseTimestamp(value, config.timeZone);
    if (parsed.ok) return parsed.ms;
    problems.push(error(doc.file, doc.lineOf(path), path.join('.'), `${parsed.reason} (expected ${timestampExpected(config.timeZone)})`));
    return undefined;
  };
}

/** Statuses a maintenance may give a component: it is planned work, so under maintenance (and, in updates, back to operational). */
const MAINTENANCE_COMPONENT_STATUSES = { index: ['under_maintenance'], update: ['under_maintenance', 'operational'] } as const;

function checkMaintenanceComponents(doc: MarkdownFile, components: Record<string, string> | undefined, allowed: readonly string[], problems: Problem[]): void {
  for (const [id, status] of Object.entries(components ?? {})) {
    if (allowed.includes(status)) continue;
    problems.push(error(doc.file, doc.lineOf(['components', id]), `components.${id}`, `"${status}" in a maintenance (expected ${allowed.join(' or ')}: maintenance is planned work; if something breaks during it, open an incident for that)`));
  }
}

/** The YAML comment that marks `kabar init`'s example incident, so check can remind the user to delete it. */
export const INIT_EXAMPLE_MARKER = '# Example incident written by kabar init: delete this folder before the page goes live.';

/**
 * Characters no output may carry (text-safety.ts), found where they stand: literally in the
 * file, or written as a YAML escape ("\u0007") in a field. And the body's length limit.
 */
function unsafeTextProblems(raw: string, doc: MarkdownFile, bodyLimit: number): Problem[] {
  const out: Problem[] = [];
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  const found = firstForbiddenChar(text);
  if (found) {
    const line = text.slice(0, found.index).split('\n').length;
    out.push(error(doc.file, line, line < doc.bodyLine ? 'frontmatter' : 'body', forbiddenCharMessage(found.char)));
  } else if (text.slice(0, text.length - doc.body.length).includes('\\')) {
    for (const { path, text: value } of stringsIn(doc.data)) {
      const escaped = firstForbiddenChar(value);
      if (escaped) out.push(error(doc.file, doc.lineOf(path), fieldPath(path), forbiddenCharMessage(escaped.char)));
    }
  }
  const body = doc.body.trim();
  if (body.length > bodyLimit) out.push(error(doc.file, doc.bodyLine, 'body', `is ${body.length.toLocaleString('en')} characters long (${tooLongMessage(bodyLimit)}: shorten it, or link to a longer document)`));
  return out;
}

/** `fast`: frontmatter read the fast way (frontmatter.ts), for a directory expected to have no problems. */
function validateIncidentDir(id: string, files: ContentFile[], config: SiteConfig, problems: Problem[], docIndex: DocIndex, now: number, fast: boolean): IncidentSource | undefined {
  const dir = `${INCIDENTS_DIR}/${id}`;
  const locales = config.locales.map((l) => l.tag);
  const docs = new Map<string, MarkdownFile>();
  const translations: { base: string; locale: string; doc: MarkdownFile }[] = [];
  let ok = true;
  for (const file of files) {
    const name = file.path.slice(dir.length + 1, -'.md'.length);
    const parsed = parseMarkdownFile(file.path, file.text, { fast });
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      ok = false;
      continue;
    }
    docIndex.set(file.path, parsed.doc);
    const unsafe = unsafeTextProblems(file.text, parsed.doc, name.split('.')[0] === 'postmortem' ? FIELD_LIMITS.postmortem : FIELD_LIMITS.body);
    if (unsafe.length > 0) {
      problems.push(...unsafe);
      ok = false;
    }
    if (name === 'index' && file.text.includes(INIT_EXAMPLE_MARKER)) {
      const line = file.text.split('\n').findIndex((l) => l.includes(INIT_EXAMPLE_MARKER)) + 1;
      problems.push(warning(file.path, line, 'file', `the example incident written by kabar init is still here (expected only real incidents before the page goes live: delete ${dir}/)`));
    }
    const parts = name.split('.');
    if (parts.length === 1 && UPDATE_NAME.test(name)) {
      docs.set(name, parsed.doc);
    } else if (parts.length === 2 && UPDATE_NAME.test(parts[0]!)) {
      const [base, locale] = parts as [string, string];
      if (!locales.includes(locale)) {
        const near = closest(locale, locales);
        problems.push(error(file.path, 1, 'file', `translation for unknown locale "${locale}" (${near ? `did you mean "${near}"? ` : ''}expected one of the site's locales: ${locales.join(', ')})`));
        ok = false;
      } else if (locale === config.defaultLocale) {
        problems.push(error(file.path, 1, 'file', `"${locale}" is the default locale, so ${base}.md itself is its text (expected translations only for: ${locales.slice(1).join(', ') || 'no other locales are configured'})`));
        ok = false;
      } else {
        translations.push({ base, locale, doc: parsed.doc });
      }
    } else {
      problems.push(error(file.path, 1, 'file', `file name "${name}.md" is not part of the content format (expected index.md, <update>.md such as 2026-11-20T1005Z.md, <name>.<locale>.md, or postmortem.md)`));
      ok = false;
    }
  }

  const indexDoc = docs.get('index');
  if (!indexDoc) {
    if (!files.some((f) => f.path === `${dir}/index.md`)) {
      problems.push(error(`${dir}/index.md`, 1, 'file', 'missing (every incident directory needs an index.md with its title, type and start)'));
    }
    return undefined;
  }
  const incident = validateIndex(id, indexDoc, config, problems);
  // The type as written, even when index.md has other errors, so updates are not judged against the wrong type.
  const type = incident?.type ?? (indexDoc.data.type === 'maintenance' ? 'maintenance' : 'incident');
  const updates: UpdateSource[] = [];
  for (const [name, doc] of docs) {
    if (RESERVED.has(name)) continue;
    const update = validateUpdate(name, doc, type, config, problems);
    if (update) updates.push(update);
    else ok = false;
  }
  const postmortemDoc = docs.get('postmortem');
  const postmortem = postmortemDoc ? validatePostmortem(postmortemDoc, problems) : undefined;
  if (postmortemDoc && !postmortem) ok = false;
  if (!incident) return undefined;

  updates.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  if (!checkUpdateOrder(incident, updates, problems, lineIn(docIndex), config.timeZone, now)) ok = false;

  for (const { base, locale, doc } of translations) {
    const target = base === 'index' ? incident : base === 'postmortem' ? postmortem : updates.find((u) => u.id === base);
    if (!target) {
      const exists = docs.has(base);
      if (!exists) problems.push(error(doc.file, 1, 'file', `translation of "${base}.md", which does not exist (expected a translation to sit next to its source file, e.g. index.${locale}.md next to index.md)`));
      ok = false;
      continue;
    }
    const schema: z.ZodType<Record<string, string | undefined>> & { shape: object } =
      base === 'index' ? indexTranslationSchema : base === 'postmortem' ? postmortemSchema.pick({ title: true }) : updateTranslationSchema;
    const data = parseWith(doc, schema, problems);
    if (!data) {
      ok = false;
      continue;
    }
    const body = doc.body.trim();
    const translated = { ...stripUndefined(data), ...(body && { body }), file: doc.file };
    target.translations[locale] = translated;
  }
  if (!ok) return undefined;
  return { ...incident, updates, ...(postmortem && { postmortem }) };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateIndex(id: string, doc: MarkdownFile, config: SiteConfig, problems: Problem[]): IncidentSource | undefined {
  const before = problems.length;
  const data = parseWith(doc, incidentIndexSchema, problems);
  const { file, lineOf } = doc;
  checkComponentIds(rawKeys(doc.data.components), ['components'], doc, config, problems);
  const regionIds = config.regions.map((r) => r.id);
  const rawRegions = Array.isArray(doc.data.regions) ? doc.data.regions : [];
  rawRegions.forEach((region, i) => {
    if (typeof region === 'string' && !regionIds.includes(region)) {
      problems.push(error(file, lineOf(['regions', i]), `regions[${i}]`, unknownIdMessage('region', region, regionIds)));
    }
  });
  checkTypeFields(doc, problems);
  if (!data) return undefined;
  if (data.type === 'maintenance') checkMaintenanceComponents(doc, data.components, MAINTENANCE_COMPONENT_STATUSES.index, problems);
  const time = timeReader(doc, config, problems);
  const windowStart = data.window && time(['window', 'start'], data.window.start);
  const windowEnd = data.window && time(['window', 'end'], data.window.end);
  const started = data.started === undefined ? undefined : time(['started'], data.started);
  const window = windowStart !== undefined && windowEnd !== undefined ? { start: windowStart, end: windowEnd } : undefined;
  if (window && window.end <= window.start) {
    problems.push(error(file, lineOf(['window', 'end']), 'window.end', 'is not after window.start (expected the window to end after it starts)'));
  }
  if (problems.length > before) return undefined;
  return {
    id,
    file,
    type: data.type,
    title: data.title,
    ...(data.severity && { severity: data.severity }),
    ...(started !== undefined && { started }),
    ...(window && { window }),
    components: data.components,
    ...(data.regions && { regions: data.regions }),
    ...(data.impact && { impact: data.impact }),
    ...(data.workaround && { workaround: data.workaround }),
    ...(data.provider && { provider: data.provider }),
    ...(data.compensation && { compensation: data.compensation }),
    body: doc.body.trim(),
    updates: [],
    translations: {},
  };
}

/** Incident-only and maintenance-only fields, checked on the raw data so they are reported even beside schema errors. */
function checkTypeFields(doc: MarkdownFile, problems: Problem[]): void {
  const { file, lineOf, data } = doc;
  const has = (key: string) => data[key] !== undefined && data[key] !== null;
  if (data.type === 'maintenance') {
    if (!has('window')) problems.push(error(file, lineOf(['window']), 'window', 'missing (expected the maintenance window, e.g. window: { start: 2026-11-28T01:00:00+07:00, end: 2026-11-28T03:00:00+07:00 })'));
    if (has('started')) problems.push(error(file, lineOf(['started']), 'started', 'maintenance has a window instead (expected window: { start, end })'));
    if (has('severity')) problems.push(error(file, lineOf(['severity']), 'severity', 'maintenance has no severity (expected it only on incidents)'));
  } else if (data.type === undefined || data.type === 'incident') {
    if (!has('severity')) problems.push(error(file, lineOf(['severity']), 'severity', 'missing (expected one of: negligible, minimal, significant, serious, severe)'));
    if (!has('started')) problems.push(error(file, lineOf(['started']), 'started', 'missing (expected when the incident started, e.g. started: 2026-11-20T10:05:00+07:00)'));
    if (has('window')) problems.push(error(file, lineOf(['window']), 'window', 'only maintenance has a window (expected "started" for an incident, or "type: maintenance")'));
  }
}

function rawKeys(value: unknown): string[] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

function unknownIdMessage(kind: string, id: string, known: readonly string[]): string {
  const near = closest(id, known);
  return `unknown ${kind} "${id}" (${near ? `did you mean "${near}"? ` : ''}expected one of the ${kind}s in kabar.config.ts: ${known.join(', ') || 'none are defined'})`;
}

function checkComponentIds(ids: string[], path: string[], doc: MarkdownFile, config: SiteConfig, problems: Problem[]): void {
  const known = config.components.map((c) => c.id);
  for (const id of ids) {
    if (!known.includes(id)) problems.push(error(doc.file, doc.lineOf([...path, id]), `${path.join('.')}.${id}`, unknownIdMessage('component', id, known)));
  }
}

function validateUpdate(name: string, doc: MarkdownFile, type: 'incident' | 'maintenance', config: SiteConfig, problems: Problem[]): UpdateSource | undefined {
  const before = problems.length;
  const data = parseWith(doc, updateSchema, problems);
  checkComponentIds(rawKeys(doc.data.components), ['components'], doc, config, problems);
  const body = doc.body.trim();
  if (!body) {
    problems.push(error(doc.file, doc.bodyLine, 'body', 'is empty (expected the customer-facing message below the frontmatter: what is happening, for whom, and what we are doing)'));
  }
  if (!data) return undefined;
  const allowed: readonly string[] = type === 'incident' ? INCIDENT_STATUSES : MAINTENANCE_STATUSES;
  if (!allowed.includes(data.status)) {
    problems.push(error(doc.file, doc.lineOf(['status']), 'status', `"${data.status}" is ${type === 'incident' ? 'a maintenance' : 'an incident'} status (expected for ${type === 'incident' ? 'an incident' : 'maintenance'}: ${allowed.join(', ')})`));
  }
  if (type === 'maintenance') checkMaintenanceComponents(doc, data.components, MAINTENANCE_COMPONENT_STATUSES.update, problems);
  const time = timeReader(doc, config, problems);
  const at = time(['at'], data.at);
  const nextUpdate = data.next_update === undefined ? undefined : time(['next_update'], data.next_update);
  const eta = data.eta === undefined ? undefined : time(['eta'], data.eta);
  if (problems.length > before || at === undefined) return undefined;
  return {
    id: name,
    file: doc.file,
    at,
    status: data.status,
    ...(data.components && { components: data.components }),
    ...(nextUpdate !== undefined && { nextUpdate }),
    ...(eta !== undefined && { eta }),
    ...(data.technical && { technical: data.technical }),
    body,
    translations: {},
  };
}

/** Errors for an impossible history: updates before the start, after the end, or two at the same instant. */
function checkUpdateOrder(incident: IncidentSource, updates: UpdateSource[], problems: Problem[], lineOf: LineIn, timeZone: string, now: number): boolean {
  const before = problems.length;
  const terminal = incident.type === 'incident' ? 'resolved' : 'completed';
  const { started } = incident;
  let ended: UpdateSource | undefined;
  // A start in the future is the one mistake behind every "update before the start": name it once, where it is.
  if (started !== undefined && started > now && updates.some((u) => u.at < started)) {
    const [when, clock] = formatSiteTimes(started, now, timeZone);
    problems.push(error(incident.file, lineOf(incident.file, ['started']), 'started', `${when} is in the future (it is ${clock} now; expected when the problem started, so no later than its first update)`));
  }
  updates.forEach((update, i) => {
    if (started !== undefined && started <= now && update.at < started) {
      const [at, start] = formatSiteTimes(update.at, started, timeZone);
      problems.push(error(update.file, lineOf(update.file, ['at']), 'at', `${at} is before the incident started (${start}) (expected updates at or after "started" in index.md)`));
    }
    const previous = updates[i - 1];
    if (previous && previous.at === update.at) {
      problems.push(error(update.file, lineOf(update.file, ['at']), 'at', `same time as ${previous.file} (expected each update at its own time, so their order is clear)`));
    }
    if (ended) {
      problems.push(error(update.file, lineOf(update.file, ['at']), 'status', `comes after the ${terminal} update ${ended.file} (expected no updates after "${terminal}"; to reopen, start a new incident or move the ${terminal} update later)`));
    }
    if (update.status === terminal) ended ??= update;
  });
  return problems.length === before;
}

function validatePostmortem(doc: MarkdownFile, problems: Problem[]): PostmortemSource | undefined {
  const data = parseWith(doc, postmortemSchema, problems);
  if (!data) return undefined;
  if (data.status === 'published' && !data.published) {
    problems.push(error(doc.file, doc.lineOf(['status']), 'published', 'missing on a published postmortem (expected the publication date, e.g. published: 2026-11-24)'));
    return undefined;
  }
  if (data.status === 'published') {
    // Template placeholders of `kabar postmortem` would reach customers as visible text; the internal part never does.
    const todoLines = publicPart(doc.body).split('\n').flatMap((line, i) => (/<!-{2}\s*TODO|^\|\s*TODO\s*\|/.test(line) ? [doc.bodyLine + i] : []));
    if (todoLines.length > 0) {
      problems.push(warning(doc.file, todoLines[0]!, 'body', `published with ${todoLines.length} template placeholder${todoLines.length === 1 ? '' : 's'} still in it (lines ${todoLines.join(', ')}); customers see "<!-- TODO … -->" and "TODO" action rows as text (expected each replaced by what it asks for, or deleted)`));
    }
  }
  return {
    file: doc.file,
    status: data.status,
    authors: data.authors,
    reviewers: data.reviewers,
    ...(data.published && { published: data.published }),
    ...(data.title && { title: data.title }),
    body: doc.body.trim(),
    translations: {},
  };
}

/**
 * Communication advice from incident-communication practice: say who is
 * affected, promise the next update and keep the promise, and verify before
 * declaring recovery. Warnings, since an incident can be valid without them.
 */
function communicationWarnings(incident: IncidentSource, now: number, lineOf: LineIn, timeZone: string): Problem[] {
  if (incident.type !== 'incident') return [];
  const out: Problem[] = [];
  const last = incident.updates.at(-1);
  const active = last?.status !== 'resolved';
  if (active) {
    if (!incident.impact) out.push(warning(incident.file, 1, 'impact', 'an active incident without an impact statement (add one customer-facing sentence: who is affected, and how)'));
    if (!last) {
      out.push(warning(incident.file, 1, 'updates', 'no update yet (add the first public message as an update file, e.g. 2026-11-20T1005Z.md)'));
    } else if (last.nextUpdate === undefined) {
      out.push(warning(last.file, 1, 'next_update', 'the latest update of an active incident promises no next update (add next_update, so customers know when they will hear more)'));
    } else if (last.nextUpdate < now) {
      out.push(warning(last.file, lineOf(last.file, ['next_update']), 'next_update', `the update promised for ${formatSiteTime(last.nextUpdate, timeZone)} is overdue (post an update, even "still investigating")`));
    }
  } else if (!incident.updates.some((u) => u.status === 'monitoring')) {
    out.push(warning(last.file, lineOf(last.file, ['status']), 'status', 'resolved without ever monitoring (validate the fix before declaring recovery: post a "monitoring" update first next time)'));
  }
  if (incident.started !== undefined && incident.started > now) {
    out.push(warning(incident.file, lineOf(incident.file, ['started']), 'started', `${formatSiteTimes(incident.started, now, timeZone)[0]} is in the future (check the timezone offset)`));
  }
  for (const update of incident.updates) {
    if (update.at > now) out.push(warning(update.file, lineOf(update.file, ['at']), 'at', `${formatSiteTimes(update.at, now, timeZone)[0]} is in the future (check the timezone offset)`));
  }
  return out;
}
