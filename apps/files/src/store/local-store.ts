import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isParleyError, NotFoundError, UnavailableError } from '@parley/contracts';
import type { BlobStore, ByteRange } from './blob-store.js';

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/**
 * Objects as files in a local folder (the single-server default). An object is written under
 * `.incoming/` and renamed into place only once complete and flushed to disk, so a half-written
 * file is never an object, and a crash leaves only a stray file in `.incoming/`.
 */
export class LocalBlobStore implements BlobStore {
  readonly description: string;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.description = `local ${this.root}`;
  }

  async open(): Promise<void> {
    await guard('create the file store', () => mkdir(join(this.root, '.incoming'), { recursive: true }));
  }

  async write(key: string, body: Readable, _size: number | undefined): Promise<void> {
    const target = this.path(key);
    const incoming = this.incomingPath(key);
    try {
      await pipeline(body, createWriteStream(incoming, { flags: 'wx' }));
      // The rename is the commit: flush first, so a power loss cannot leave an object of zeros.
      const handle = await open(incoming, 'r');
      await handle.sync().finally(() => handle.close());
      await mkdir(dirname(target), { recursive: true });
      await rename(incoming, target);
    } catch (error) {
      await rm(incoming, { force: true }).catch(() => undefined);
      throw isParleyError(error) || !isFsError(error) ? error : storeError('store the file', error);
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.path(key), range ? { start: range.start, end: range.end } : {});
    try {
      await new Promise<void>((ok, fail) => stream.once('open', () => ok()).once('error', fail));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('the file’s content is not in the file store');
      throw storeError('read the file', error);
    }
    return stream;
  }

  async remove(key: string): Promise<void> {
    await guard('remove the file', async () => {
      await rm(this.path(key), { force: true });
      await rm(this.incomingPath(key), { force: true });
    });
  }

  private path(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid object key "${key}"`);
    return join(this.root, key);
  }

  private incomingPath(key: string): string {
    return join(this.root, '.incoming', this.path(key).slice(this.root.length + 1).replace(/\//g, '_'));
  }
}

const isFsError = (error: unknown) => typeof (error as NodeJS.ErrnoException)?.code === 'string' && typeof (error as NodeJS.ErrnoException)?.syscall === 'string';

function storeError(what: string, error: unknown): UnavailableError {
  return new UnavailableError(`cannot ${what}: the file store failed (${(error as Error).message})`, { cause: error });
}

async function guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storeError(what, error);
  }
}
