import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import type { DownloadedFile, UploadSource } from '@parley/sdk';

/** A file on disk, or standard input for `-` (its size unknown, so it goes up in parts). */
export function uploadSource(path: string, name: string | undefined): UploadSource {
  if (path === '-') {
    let used = false;
    return {
      name: name ?? 'stdin',
      open: () => {
        // Standard input can be read once: a retry after a refused token cannot send it again.
        if (used) throw new Error('standard input was already sent; sign in again and retry');
        used = true;
        return Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>;
      },
    };
  }
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Error(`${path}: no such file`);
  if (!stat.isFile()) throw new Error(`${path}: not a file`);
  return { name: name ?? basename(path), size: stat.size, open: () => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array> };
}

/** Where a download goes: `-o PATH`, standard output for `-o -`, else the file's own name here. */
export function downloadTarget(output: string | undefined, name: string, force: boolean): string | '-' {
  const target = output ?? name;
  if (target !== '-' && existsSync(target) && !force) throw new Error(`${target} exists: give another name with -o, or --force to replace it`);
  return target;
}

/**
 * Writes a download as it arrives, checking its SHA-256 against the server's: to `target.part`,
 * renamed to `target` only when complete and intact, so a cut-off download never looks finished.
 */
export async function saveDownload(file: DownloadedFile, target: string, stdout: Writable): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const source = Readable.fromWeb(file.body as NodeReadableStream);
  const partial = `${target}.part`;
  try {
    await pipeline(source, check, target === '-' ? stdout : createWriteStream(partial));
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256) throw new Error(`the download does not match the file's SHA-256 (${size} of ${file.size} bytes received): try again`);
    if (target !== '-') await rename(partial, target);
    return { size, sha256 };
  } finally {
    if (target !== '-') await rm(partial, { force: true });
  }
}
