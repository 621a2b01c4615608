import { Readable } from 'node:stream';
import { UnavailableError } from '@parley/contracts';
import { startS3, type TestS3 } from '@parley/testing';
import { Client } from 'minio';
import { describeBlobStore } from './blob-store.fixture.js';
import { S3BlobStore } from './s3-store.js';

// s3rver, the S3 server these tests run against, has been seen to drop a connection in the middle of
// a 100 MB upload on a machine starved of CPU (EPIPE / socket hang up). The store then fails the
// upload as it should (a 503, nothing recorded: files-failures.e2e.spec.ts), so such a test is run
// again, at most twice, with the first failure logged.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

describe('S3 (s3rver on loopback, through the minio client)', () => {
  let s3: TestS3;
  let store: S3BlobStore;
  let raw: Client;
  const bucket = 'parley-files';

  beforeAll(async () => {
    s3 = await startS3();
    store = new S3BlobStore({ endpoint: s3.url, bucket, region: 'us-east-1', accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true });
    await store.open();
    raw = new Client({ endPoint: '127.0.0.1', port: s3.server.port, useSSL: false, accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true });
  });
  afterAll(() => s3?.stop());

  describeBlobStore('S3', () => ({
    store: () => store,
    keys: async () => {
      const names: string[] = [];
      for await (const item of raw.listObjectsV2(bucket, '', true)) names.push((item as { name: string }).name);
      return names.sort();
    },
  }));

  it('creates its bucket when missing, and opening again is harmless', async () => {
    const other = new S3BlobStore({ endpoint: s3.url, bucket: 'created-here', region: 'us-east-1', accessKey: s3.accessKey, secretKey: s3.secretKey, pathStyle: true });
    expect(await raw.bucketExists('created-here')).toBe(false);
    await other.open();
    await other.open();
    expect(await raw.bucketExists('created-here')).toBe(true);
  });

  it('says the store is unavailable, naming it, while the server is down', async () => {
    await s3.server.stop();
    try {
      const failure = store.write('files/down', Readable.from([Buffer.from('x')]), 1);
      await expect(failure).rejects.toBeInstanceOf(UnavailableError);
      await expect(failure).rejects.toThrow(`cannot store the file: the file store (s3 ${s3.url}/${bucket}) failed`);
      await expect(store.read('files/down')).rejects.toBeInstanceOf(UnavailableError);
    } finally {
      await s3.server.restart();
    }
    await store.write('files/back', Readable.from([Buffer.from('x')]), 1);
  });
});
