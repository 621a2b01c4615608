import { Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { isParleyError, NotFoundError, UnavailableError } from '@parley/contracts';
import { Client } from 'minio';
import type { BlobStore, ByteRange } from './blob-store.js';

export interface S3StoreOptions {
  /** http(s)://host[:port] */
  endpoint: string;
  bucket: string;
  region: string;
  accessKey: string;
  secretKey: string;
  pathStyle: boolean;
}

/** Parts of a multipart upload: S3's smallest allowed part, so an upload of unknown length holds at most this much in memory. */
export const PART_BYTES = 8 * 1024 * 1024;

/**
 * Objects in an S3 bucket (MinIO, or any server speaking the S3 API), through the `minio` client.
 * Its `putObject` would hold a whole part (64 MiB by default) in memory and, over plain HTTP, hash
 * it before sending; here a file of known length streams through one signed PUT with an unsigned
 * payload (the SHA-256 is computed on the way in anyway), and one of unknown length goes up in
 * parts of PART_BYTES. Retries are off: a request whose body was a stream cannot be sent twice.
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly client: Client;

  constructor(private readonly options: S3StoreOptions) {
    const url = new URL(options.endpoint);
    const useSSL = url.protocol === 'https:';
    this.client = new Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : useSSL ? 443 : 80,
      useSSL,
      accessKey: options.accessKey,
      secretKey: options.secretKey,
      region: options.region,
      pathStyle: options.pathStyle,
      retryOptions: { disableRetry: true },
      // A connection per request: with retries off (a streamed body cannot be sent twice), a kept-alive
      // connection that the server closes as a request starts on it (EPIPE, socket hang up) would
      // fail an upload. One TCP handshake per request is nothing next to a file's bytes.
      transportAgent: new (useSSL ? HttpsAgent : HttpAgent)({ keepAlive: false }),
    });
    this.client.enableSHA256 = false;
    this.description = `s3 ${url.origin}/${options.bucket}`;
  }

  async open(): Promise<void> {
    await this.guard('open the bucket', async () => {
      if (await this.client.bucketExists(this.options.bucket)) return;
      await this.client.makeBucket(this.options.bucket, this.options.region).catch((error: unknown) => {
        // Another instance created it first.
        if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
      });
    });
  }

  async write(key: string, body: Readable, size: number | undefined): Promise<void> {
    await this.guard('store the file', () => (size === undefined ? this.writeInParts(key, body) : this.put(key, body, size)));
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    return this.guard('read the file', () =>
      range ? this.client.getPartialObject(this.options.bucket, key, range.start, range.end - range.start + 1) : this.client.getObject(this.options.bucket, key),
    );
  }

  async remove(key: string): Promise<void> {
    await this.guard('remove the file', () => this.client.removeObject(this.options.bucket, key));
  }

  private async put(key: string, body: Readable | Buffer, size: number): Promise<void> {
    const request = { method: 'PUT', bucketName: this.options.bucket, objectName: key, headers: { 'Content-Length': String(size), 'Content-Type': 'application/octet-stream' } };
    drain(await this.client.makeRequestStreamAsync(request, body, '', [200], this.options.region));
  }

  private async writeInParts(key: string, body: Readable): Promise<void> {
    const bucket = this.options.bucket;
    const parts = partsOf(body);
    const first = await parts.next();
    if (first.done || first.value.length < PART_BYTES) {
      // Everything fits in one part: one PUT, no multipart upload to manage.
      const buffer = first.done ? Buffer.alloc(0) : first.value;
      return this.put(key, buffer, buffer.length);
    }
    const uploadID = await this.client.initiateNewMultipartUpload(bucket, key, {});
    try {
      const etags: { part: number; etag: string }[] = [];
      for (let part = first.value, number = 1; ; number++) {
        const { etag } = await this.client.uploadPart({ bucketName: bucket, objectName: key, uploadID, partNumber: number, headers: {} }, part);
        etags.push({ part: number, etag });
        const next = await parts.next();
        if (next.done) break;
        part = next.value;
      }
      await this.client.completeMultipartUpload(bucket, key, uploadID, etags);
    } catch (error) {
      await this.client.abortMultipartUpload(bucket, key, uploadID).catch(() => undefined);
      throw error;
    }
  }

  private async guard<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (isParleyError(error) || isStreamError(error)) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'NoSuchKey' || code === 'NotFound') throw new NotFoundError('the file’s content is not in the file store');
      throw new UnavailableError(`cannot ${what}: the file store (${this.description}) failed: ${code ? `${code}: ` : ''}${(error as Error).message}`, { cause: error });
    }
  }
}

/** The upload itself failed (cut off by the client): not the store's fault. */
const isStreamError = (error: unknown) => (error as Error)?.message === 'aborted' || (error as { code?: string })?.code === 'ERR_STREAM_PREMATURE_CLOSE';

function drain(response: IncomingMessage): void {
  response.resume();
}

/** The body in buffers of at least PART_BYTES (the last one shorter), one at a time. */
async function* partsOf(body: Readable): AsyncGenerator<Buffer> {
  let chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    length += chunk.length;
    if (length >= PART_BYTES) {
      yield Buffer.concat(chunks, length);
      chunks = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.concat(chunks, length);
}
