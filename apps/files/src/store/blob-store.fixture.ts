import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from './blob-store.js';

/** The pseudo-random bytes generated streams are cut from, one block per seed. */
const BLOCK = 1 << 20;
const blocks = new Map<number, Buffer>();

function blockOf(seed: number): Buffer {
  let block = blocks.get(seed);
  if (!block) {
    const words = new Uint32Array(BLOCK / 4);
    let state = seed;
    for (let i = 0; i < words.length; i++) words[i] = state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    blocks.set(seed, (block = Buffer.from(words.buffer)));
  }
  return block;
}

/**
 * A deterministic stream of `size` pseudo-random bytes in 64 KiB chunks, never held whole in
 * memory: each chunk is cut from a different place of the seed's 1 MiB block, so no two
 * neighbouring chunks are alike. (Computing every byte in JavaScript took seconds per 100 MB
 * under Jest, whose test code runs many times slower than plain Node's.)
 */
export function generated(size: number, seed = 1): Readable {
  const block = blockOf(seed);
  let sent = 0;
  let chunks = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const length = Math.min(65_536, size - sent);
      const start = (chunks++ * 40_009) % (BLOCK - length + 1);
      sent += length;
      this.push(Buffer.from(block.subarray(start, start + length)));
    },
  });
}

/** The SHA-256 and length of everything a stream yields. */
export async function digestOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A body that yields `bytes`, then fails as a cut-off upload does. */
function cutOff(bytes: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) {
        sent = true;
        this.push(bytes);
      } else this.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
    },
  });
}

const MB = 1024 * 1024;

/**
 * What every BlobStore must do, against a real store: byte-identical round trips (empty, small,
 * binary, 100 MB streamed, with and without a known length), ranges, and nothing left behind by
 * a body that fails. `keys()` lists the objects the store holds, by other means than the store.
 */
export function describeBlobStore(name: string, setup: () => { store: () => BlobStore; keys: () => Promise<string[]> }): void {
  describe(`the ${name} file store`, () => {
    const { store, keys } = setup();
    const key = (id: string) => `files/${id}-${randomBytes(4).toString('hex')}`;

    it.each([
      ['empty', Buffer.alloc(0)],
      ['small', Buffer.from('hello, files\n')],
      ['binary', Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256))],
    ])('gives back a %s file byte for byte, with and without its length known', async (_kind, content) => {
      for (const size of [content.length, undefined]) {
        const k = key('round');
        await store().write(k, Readable.from([content]), size);
        expect((await bytesOf(await store().read(k))).equals(content)).toBe(true);
      }
    });

    it.each([
      ['its length known', 100 * MB],
      ['sent in parts, its length unknown', undefined],
    ])('streams a 100 MB file through, %s', async (_how, size) => {
      const k = key('big');
      const expected = await digestOf(generated(100 * MB, 42));
      await store().write(k, generated(100 * MB, 42), size);
      expect(await digestOf(await store().read(k))).toEqual(expected);
      const tail = await bytesOf(await store().read(k, { start: 100 * MB - 10, end: 100 * MB - 1 }));
      expect(tail).toHaveLength(10);
      await store().remove(k);
    }, 120_000);

    it('reads ranges', async () => {
      const k = key('range');
      await store().write(k, Readable.from([Buffer.from('0123456789')]), 10);
      expect((await bytesOf(await store().read(k, { start: 2, end: 5 }))).toString()).toBe('2345');
      expect((await bytesOf(await store().read(k, { start: 9, end: 9 }))).toString()).toBe('9');
    });

    it('leaves no object when the body fails, whether its length was known or not', async () => {
      const before = await keys();
      for (const size of [5 * MB, undefined]) {
        const k = key('cut');
        await expect(store().write(k, cutOff(Buffer.alloc(MB, 1)), size)).rejects.toThrow('aborted');
        await store().remove(k);
        await expect(store().read(k)).rejects.toThrow(/not in the file store/);
      }
      expect(await keys()).toEqual(before);
    });

    it('removes objects, and removing a missing one is no error', async () => {
      const k = key('gone');
      await store().write(k, Readable.from([Buffer.from('x')]), 1);
      await store().remove(k);
      await store().remove(k);
      await expect(store().read(k)).rejects.toThrow(/not in the file store/);
    });
  });
}
