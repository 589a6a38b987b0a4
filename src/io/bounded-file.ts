import { constants, open } from 'node:fs/promises';

/** What reading a file of an untrusted tree gave: its text, or why it was not read. */
export type BoundedFile =
  | { ok: true; text: string }
  | { ok: false; reason: 'not-a-file' }
  | { ok: false; reason: 'too-large'; bytes: number };

// Non-blocking: opening a FIFO for reading would otherwise wait forever for a writer.
// Where the platform lacks a flag (Windows), it is 0 and the fstat check below still holds.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);

/**
 * A regular file's text, read up to `maxBytes`. The check is on the opened descriptor, so a FIFO,
 * device or socket swapped in after a listing is refused unread, and a file that grows while read
 * is cut at `maxBytes + 1` bytes and reported too large, never read whole.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<BoundedFile> {
  const handle = await open(file, FLAGS);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
    if (info.size > maxBytes) return { ok: false, reason: 'too-large', bytes: info.size };
    // Sized by what fstat said, grown only if the file grows while it is read.
    const chunks: Buffer[] = [];
    let size = 0;
    for (let want = info.size + 1; ; want = 64 * 1024) {
      const chunk = Buffer.alloc(Math.min(want, maxBytes + 1 - size));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      size += bytesRead;
      if (size > maxBytes) return { ok: false, reason: 'too-large', bytes: size };
    }
    return { ok: true, text: Buffer.concat(chunks, size).toString('utf8') };
  } finally {
    await handle.close();
  }
}
