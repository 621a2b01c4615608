import { type Readable } from 'node:stream';
import * as harness from '@parley/testing';
import { EICAR } from './scan/fake-clamd.fixture.js';
import { generated } from './store/blob-store.fixture.js';
import { FilesStack, type StoreKind } from './test/files-stack.fixture.js';
import { postFile } from './test/http.fixture.js';

/**
 * Uploads that fail leave nothing behind: no FilePosted event, no object, no upload marked as in
 * progress, whatever the failure (too large, cut off, infected, the store down).
 */
describe.each<StoreKind>(['s3', 'local'])('failed uploads, stored in %s', (kind) => {
  let stack: FilesStack;
  const url = (name: string, extra = '') => `${stack.world.files}/v1/rooms/${stack.rooms.lobby}/files?name=${name}${extra}`;
  const post = (body: Buffer | Readable, options: Parameters<typeof postFile>[3] = {}, extra = '') => postFile(url('f.bin', extra), stack.world.tokens.get('alice'), body, options);

  /** Runs `failing` and checks that, once the files service is done with it, nothing of it remains. */
  async function leavesNothing(failing: () => Promise<unknown>): Promise<void> {
    const [objects, posted] = [await stack.objects(), (await stack.filesPosted(stack.rooms.lobby)).length];
    await failing();
    await harness.until(async () => (await stack.pendingUploads()).length === 0, 10_000, 'the upload marker to be cleared');
    expect(await stack.objects()).toEqual(objects);
    expect(await stack.filesPosted(stack.rooms.lobby)).toHaveLength(posted);
  }

  beforeAll(async () => {
    stack = await FilesStack.start(kind, harness);
    await stack.limitFiles(100);
  }, 60_000);
  afterAll(() => stack?.stop());

  it('refuses a file past the limit with 413, before reading it when its size is declared', async () => {
    await leavesNothing(async () => {
      const declared = await post(Buffer.alloc(101 * 1024));
      expect(declared).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE', message: 'the file is larger than the 100 KB the server allows' } } });
    });
    expect(stack.clamd.scannedBytes).toBe(0);
  });

  it('cuts off a chunked upload with 413 as soon as it crosses the limit', async () => {
    await leavesNothing(async () => expect((await post(generated(5 * 1024 * 1024))).status).toBe(413));
    expect(stack.clamd.scannedBytes).toBeLessThanOrEqual(100 * 1024);
    const exact = await post(generated(100 * 1024));
    expect(exact.status).toBe(201);
  });

  it('refuses a body of another size than declared', async () => {
    await leavesNothing(async () => {
      expect(await post(generated(1_000), {}, '&size=2000')).toMatchObject({ status: 400, body: { error: { message: 'invalid upload: size: the body has 1000 bytes, not the 2000 declared' } } });
      expect((await post(generated(3_000), {}, '&size=2000')).status).toBe(400);
    });
  });

  it('records nothing of an upload cut off by the client', async () => {
    await leavesNothing(() => expect(post(Buffer.alloc(80 * 1024, 1), { cutAfter: 40 * 1024 })).rejects.toThrow());
  });

  it('refuses an infected file, naming what the scanner found', async () => {
    await leavesNothing(async () => {
      const infected = await post(Buffer.from(`harmless looking text ${EICAR}`));
      expect(infected).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION', message: 'refused: file: the virus scanner found Win.Test.EICAR_HDB-1' } } });
    });
  });

  if (kind === 's3') {
    it('answers 503 naming the store while S3 is down, and records nothing', async () => {
      await stack.s3!.server.stop();
      try {
        const [objects, posted] = [await stack.objects().catch(() => undefined), (await stack.filesPosted(stack.rooms.lobby)).length];
        const down = await post(Buffer.from('while the store is down'));
        expect(down.status).toBe(503);
        expect(down.body).toMatchObject({ error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^cannot store the file: the file store \(s3 http:\/\/127\.0\.0\.1:\d+\/parley-files\) failed/) } });
        expect(objects).toBeUndefined();
        expect(await stack.filesPosted(stack.rooms.lobby)).toHaveLength(posted);
      } finally {
        await stack.s3!.server.restart();
      }
      // The object could not be removed either: the marker stays for the sweeper, which finds no object to remove.
      expect(await stack.pendingUploads()).toHaveLength(1);
      expect((await post(Buffer.from('back'))).status).toBe(201);
    });
  }
});
