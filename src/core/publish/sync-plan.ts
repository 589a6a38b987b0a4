/**
 * What publishing a built site to a bucket does: upload what is new or changed, delete what the
 * site no longer has, leave the rest. Pure, so the order is easy to see and to test.
 */

export interface LocalFile {
  /** Path inside the site, with "/" (`incidents/x/index.html`). */
  path: string;
  /** MD5 of the content, hex: what S3 answers as the ETag of an object uploaded in one piece. */
  md5: string;
}

export interface RemoteObject {
  /** Path inside the site (the bucket's key without the prefix). */
  path: string;
  etag: string;
}

export interface SyncPlan {
  /** Every other file first, then the pages: a page never points to a file not yet uploaded. */
  uploads: string[];
  /** Objects the site no longer has: deleted last, once every page stopped linking to them. */
  deletes: string[];
  unchanged: number;
}

export function planSync(local: readonly LocalFile[], remote: readonly RemoteObject[], force = false): SyncPlan {
  const remoteTags = new Map(remote.map((o) => [o.path, o.etag.replace(/"/g, '').toLowerCase()]));
  const changed = local.filter((f) => force || remoteTags.get(f.path) !== f.md5).map((f) => f.path);
  const isPage = (p: string) => p.endsWith('.html');
  const ours = new Set(local.map((f) => f.path));
  return {
    uploads: [...changed.filter((p) => !isPage(p)).sort(), ...changed.filter(isPage).sort()],
    deletes: remote.map((o) => o.path).filter((p) => !ours.has(p)).sort(),
    unchanged: local.length - changed.length,
  };
}
