import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { PayloadTooLargeError, ValidationError } from '@parley/contracts';
import type { ScanSession } from '../scan/clamd.js';
import { SNIFF_BYTES } from './sniff.js';

export interface UploadLimits {
  maxBytes: number;
  /** Why a larger file is refused (413). */
  tooLarge: string;
  /** The size the client declared for a chunked body, which it must keep to. */
  expected: number | undefined;
}

const sizeError = (message: string) => new ValidationError('invalid upload', [{ path: 'size', message }]);

/**
 * Sits between the upload and the store: counts the bytes and fails the stream the moment they
 * pass the limit (so nothing beyond it is ever read or stored) or differ from the declared size,
 * hashes them, keeps the first bytes for type sniffing, and feeds the virus scanner, in one pass.
 */
export class UploadInspector extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;
  private held: Buffer | undefined;

  constructor(
    private readonly limits: UploadLimits,
    private readonly scan: ScanSession | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limits.maxBytes) {
      callback(new PayloadTooLargeError(this.limits.tooLarge));
      return;
    }
    if (this.limits.expected !== undefined && this.bytes > this.limits.expected) {
      callback(sizeError(`the body is longer than the ${this.limits.expected} bytes declared`));
      return;
    }
    this.hash.update(chunk);
    if (this.headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headLength);
      this.headChunks.push(part);
      this.headLength += part.length;
    }
    if (!this.scan) {
      this.pass(chunk, callback);
      return;
    }
    this.scan.write(chunk).then(() => this.pass(chunk, callback), callback);
  }

  override _flush(callback: TransformCallback): void {
    const { expected } = this.limits;
    if (expected !== undefined && this.bytes !== expected) {
      callback(sizeError(`the body has ${this.bytes} bytes, not the ${expected} declared`));
      return;
    }
    callback(null, this.held);
  }

  /**
   * With a declared size, the store is sent that many bytes as the request's length: the last chunk
   * is held back until the body is known to have exactly that size, or a store could receive a
   * complete request (and keep the object) for a body that turns out too long.
   */
  private pass(chunk: Buffer, callback: TransformCallback): void {
    if (this.limits.expected === undefined) {
      callback(null, chunk);
      return;
    }
    const previous = this.held;
    this.held = chunk;
    callback(null, previous);
  }

  /** The bytes seen first, for sniffing. */
  get head(): Buffer {
    return Buffer.concat(this.headChunks, this.headLength);
  }

  /** SHA-256 of everything that passed, in lower-case hex (once the stream has ended). */
  digest(): string {
    return this.hash.digest('hex');
  }
}
