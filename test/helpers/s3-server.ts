import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
// s3rver: a real S3-compatible server (ListObjectsV2, PUT, DELETE, signed requests) on 127.0.0.1.
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  /** The object's body and the headers S3 serves it with, read as a browser or CDN reads it. */
  get(bucket: string, key: string): Promise<{ status: number; body: string; contentType: string | null; cacheControl: string | null }>;
  /** Every key of the bucket. */
  keys(bucket: string): Promise<string[]>;
  put(bucket: string, key: string, body: string): Promise<void>;
  close(): Promise<void>;
}

/** Credentials s3rver accepts. */
export const S3_ENV = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export async function startS3Server(buckets: string[]): Promise<S3Server> {
  const directory = await mkdtemp(path.join(tmpdir(), 'kabar-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    async get(bucket, key) {
      const response = await fetch(`${endpoint}/${bucket}/${key}`);
      return { status: response.status, body: await response.text(), contentType: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control') };
    },
    async keys(bucket) {
      const xml = await (await fetch(`${endpoint}/${bucket}?list-type=2&max-keys=1000`)).text();
      return [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).sort();
    },
    async put(bucket, key, body) {
      const response = await fetch(`${endpoint}/${bucket}/${key}`, { method: 'PUT', body });
      if (!response.ok) throw new Error(`PUT ${key}: ${response.status}`);
    },
    close: () => server.close(),
  };
}
