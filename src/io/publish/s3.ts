import { readFile } from 'node:fs/promises';
import { AwsClient } from 'aws4fetch';
import { HOST_SECRETS, type DeployHost } from '../../core/config/deploy-schema.ts';
import { headersFor, type HeaderRule } from '../../core/headers-file.ts';
import { contentTypeOf } from '../../core/publish/content-type.ts';
import { planSync, type RemoteObject, type SyncPlan } from '../../core/publish/sync-plan.ts';
import { siteFiles } from './site-files.ts';

type S3Host = Extract<DeployHost, { to: 's3' }>;

/** A publish that could not finish: the message names the host, the request and the fix, never a credential. */
export class PublishError extends Error {
  override name = 'PublishError';
}

/** The variables an S3 upload reads: the AWS CLI's and SDKs' own names, so a laptop already set up for AWS works. */
const S3_CREDENTIALS = HOST_SECRETS.s3;

/** A listing page is at most 1 000 keys: a few hundred KB. */
const MAX_LISTING_BYTES = 8 * 1024 * 1024;
const MAX_LISTING_PAGES = 10_000;
const TIMEOUT_MS = 60_000;
const PARALLEL_UPLOADS = 8;

export interface S3PublishOptions {
  dir: string;
  host: S3Host;
  /** The site's header rules (statusSiteHeaderRules), as paths under the site's root. */
  rules: readonly HeaderRule[];
  /** Root-relative path the rules are written for (`/` for a domain's site). */
  root: string;
  env: NodeJS.ProcessEnv;
  dryRun?: boolean;
  force?: boolean;
  log?: (line: string) => void;
}

/**
 * Makes the bucket (under its prefix) hold exactly the built site: uploads new and changed files
 * with the headers every host serves (Content-Type, Cache-Control), then deletes what the site
 * no longer has. Objects outside the prefix are never listed or touched.
 */
export async function publishToS3(options: S3PublishOptions): Promise<SyncPlan> {
  const { host, env } = options;
  const missing = S3_CREDENTIALS.filter((name) => !env[name]);
  if (missing.length > 0 && !options.dryRun) throw new PublishError(`${label(host)}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (expected the access key of a user that may list, put and delete objects in ${host.bucket})`);
  const client = new AwsClient({
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
    service: 's3',
    region: host.region,
  });
  const local = await siteFiles(options.dir);
  const remote = options.dryRun && missing.length > 0 ? [] : await list(client, host);
  const plan = planSync(local, remote, options.force);
  if (options.dryRun) return plan;
  const byPath = new Map(local.map((f) => [f.path, f]));
  await inParallel(plan.uploads, async (file) => {
    const headers: Record<string, string> = { 'content-type': contentTypeOf(file) };
    for (const [name, value] of headersFor(options.rules, `${options.root}${file}`)) if (/^cache-control$/i.test(name)) headers['cache-control'] = value;
    await send(client, host, 'PUT', objectUrl(host, file), { body: await readFile(byPath.get(file)!.absolute), headers });
    options.log?.(`  uploaded ${file}`);
  });
  await inParallel(plan.deletes, async (file) => {
    await send(client, host, 'DELETE', objectUrl(host, file));
    options.log?.(`  deleted ${file}`);
  });
  return plan;
}

const label = (host: S3Host) => `s3:${host.bucket}${host.prefix ? `/${host.prefix.replace(/\/$/, '')}` : ''}`;

/** Path-style for a custom endpoint (MinIO, R2) and for bucket names with dots; AWS's virtual-hosted style otherwise. */
function bucketUrl(host: S3Host): string {
  if (host.endpoint) return `${host.endpoint.replace(/\/$/, '')}/${host.bucket}/`;
  return host.bucket.includes('.') ? `https://s3.${host.region}.amazonaws.com/${host.bucket}/` : `https://${host.bucket}.s3.${host.region}.amazonaws.com/`;
}

const encodeKey = (key: string) => key.split('/').map(encodeURIComponent).join('/');
const objectUrl = (host: S3Host, file: string) => `${bucketUrl(host)}${encodeKey(`${host.prefix ?? ''}${file}`)}`;

async function list(client: AwsClient, host: S3Host): Promise<RemoteObject[]> {
  const out: RemoteObject[] = [];
  const prefix = host.prefix ?? '';
  let token: string | undefined;
  for (let page = 0; page < MAX_LISTING_PAGES; page++) {
    const query = new URLSearchParams({ 'list-type': '2', ...(prefix && { prefix }), ...(token && { 'continuation-token': token }) });
    const xml = await send(client, host, 'GET', `${bucketUrl(host)}?${query}`);
    if (!/<ListBucketResult[\s>][\s\S]*<\/ListBucketResult>\s*$/.test(xml)) throw new PublishError(`${label(host)}: the bucket's listing is not a complete S3 ListBucketResult (a response cut off, or not S3): nothing was deleted; try again`);
    for (const [, body] of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
      const key = xmlText(/<Key>([\s\S]*?)<\/Key>/.exec(body!)?.[1]);
      const etag = xmlText(/<ETag>([\s\S]*?)<\/ETag>/.exec(body!)?.[1]);
      if (key?.startsWith(prefix) && key.length > prefix.length) out.push({ path: key.slice(prefix.length), etag: etag ?? '' });
    }
    if (!/<IsTruncated>true<\/IsTruncated>/.test(xml)) return out;
    token = xmlText(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1]);
    if (!token) throw new PublishError(`${label(host)}: the bucket's listing says there is more but gives no continuation token`);
  }
  throw new PublishError(`${label(host)}: the bucket's listing went on for more than ${MAX_LISTING_PAGES} pages; stopped (is the prefix right?)`);
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string | undefined): string | undefined {
  return text?.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) =>
    name.startsWith('#x') || name.startsWith('#X') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? whole),
  );
}

/** One signed request; any answer but 2xx is a PublishError with S3's own code and message. */
async function send(client: AwsClient, host: S3Host, method: string, url: string, init: { body?: Uint8Array; headers?: Record<string, string> } = {}): Promise<string> {
  const shown = `${method} ${url.replace(/\?.*$/, '')}`;
  let response: Response;
  try {
    response = await client.fetch(url, { method, ...(init.body && { body: init.body as Uint8Array<ArrayBuffer> }), headers: init.headers ?? {}, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = error as Error & { cause?: { code?: string } };
    const why = cause.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause.cause?.code ?? cause.message);
    throw new PublishError(`${label(host)}: could not reach ${shown} (${why}): check the network, and the bucket's region and endpoint`);
  }
  const text = await capped(response, host, shown);
  if (response.ok) return text;
  const code = xmlText(/<Code>([\s\S]*?)<\/Code>/.exec(text)?.[1]);
  const message = xmlText(/<Message>([\s\S]*?)<\/Message>/.exec(text)?.[1]);
  const fix =
    response.status === 403 ? 'check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and that the key may list, put and delete objects in the bucket'
    : response.status === 404 ? 'check the bucket name, region and endpoint'
    : 'try again later';
  throw new PublishError(`${label(host)}: S3 answered ${response.status}${code ? ` ${code}` : ''} for ${shown}${message ? ` ("${message.slice(0, 200)}")` : ''}: ${fix}`);
}

async function capped(response: Response, host: S3Host, shown: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_LISTING_BYTES) {
      await response.body?.cancel().catch(() => {});
      throw new PublishError(`${label(host)}: ${shown} answered with more than ${MAX_LISTING_BYTES / 1024 / 1024} MiB; is the endpoint an S3 API?`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_UPLOADS, items.length) }, worker));
}
