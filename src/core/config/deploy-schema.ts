import { z } from 'zod';
import { isSafeEndpoint } from '../notify/secrets.ts';

/**
 * The `deploy` lists of the site config: where each locale domain's built site is published
 * (docs/deploy.md). More than one host per domain is redundancy: each gets the same files and
 * the same headers, and DNS failover chooses between them. Credentials never appear here: each
 * host reads its provider's usual environment variables.
 */

export const DEPLOY_HOSTS = ['github-pages', 'cloudflare-pages', 'netlify', 's3'] as const;
export type DeployHostKind = (typeof DEPLOY_HOSTS)[number];

const githubPages = z.strictObject({
  /** This repository's GitHub Pages (the default locale's domain), or for another domain the repository named by `KABAR_DEPLOY_REPO_<DOMAIN>`. */
  to: z.literal('github-pages'),
});

const cloudflarePages = z.strictObject({
  /** A Cloudflare Pages project, published with wrangler (CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID). */
  to: z.literal('cloudflare-pages'),
  /** The project's name, e.g. `acme-status`. */
  project: z.string().regex(/^[a-z0-9][a-z0-9-]{0,57}$/, { message: 'expected a Cloudflare Pages project name: lowercase letters, digits and dashes, e.g. "acme-status"' }),
});

const netlify = z.strictObject({
  /** A Netlify site, published with the Netlify CLI (NETLIFY_AUTH_TOKEN). */
  to: z.literal('netlify'),
  /** The site's id (Site configuration > Site ID) or name. */
  site: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: 'expected a Netlify site id or name, e.g. "acme-status"' }),
});

const s3 = z.strictObject({
  /** An S3-compatible bucket (AWS S3 behind CloudFront, Cloudflare R2, MinIO), read with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. */
  to: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'expected a bucket name: 3-63 lowercase letters, digits, dots and dashes' }),
  /** The bucket's region; `auto` for Cloudflare R2. */
  region: z.string().regex(/^[a-z0-9-]{2,32}$/, { message: 'expected a region such as "eu-west-1", or "auto" for Cloudflare R2' }).default('us-east-1'),
  /** The S3 API's address for a provider other than AWS, e.g. `https://<account>.r2.cloudflarestorage.com`. */
  endpoint: z
    .string()
    .refine((value) => URL.canParse(value) && isSafeEndpoint(new URL(value)) && new URL(value).pathname === '/' && !new URL(value).username, {
      message: 'expected an https:// address with no path, such as "https://<account>.r2.cloudflarestorage.com"; plain http only to 127.0.0.1 or localhost',
    })
    .optional(),
  /** A folder inside the bucket, e.g. `status/`; default: the bucket's root. */
  prefix: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)+$/, { message: 'expected a folder such as "status/" (letters, digits, ".", "_", "-", ending in "/")' })
    .refine((value) => !value.split('/').some((part) => part === '..' || part === '.'), { message: 'expected a folder without "." or ".." parts' })
    .optional(),
});

/**
 * The environment variables (Actions secrets in the deploy workflow) each kind of host reads: each
 * provider's own usual names, so a laptop already set up for it works.
 */
export const HOST_SECRETS: Readonly<Record<DeployHostKind, readonly string[]>> = {
  'github-pages': [],
  'cloudflare-pages': ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID'],
  netlify: ['NETLIFY_AUTH_TOKEN'],
  s3: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
};

export const deployHostSchema = z.discriminatedUnion('to', [githubPages, cloudflarePages, netlify, s3]);
export type DeployHost = z.output<typeof deployHostSchema>;

export const deployListSchema = z.array(deployHostSchema).min(1, { message: 'is empty (expected at least one host, e.g. [{ to: "github-pages" }])' });

/** A short name of a host, for messages and `kabar publish --to`: `s3:status-acme`, `netlify:acme-status`. */
export function hostLabel(host: DeployHost): string {
  switch (host.to) {
    case 'github-pages':
      return 'github-pages';
    case 'cloudflare-pages':
      return `cloudflare-pages:${host.project}`;
    case 'netlify':
      return `netlify:${host.site}`;
    case 's3':
      return `s3:${host.bucket}${host.prefix ? `/${host.prefix.replace(/\/$/, '')}` : ''}`;
  }
}
