import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const FLUSH_AT = 256 * 1024;

/**
 * Text written to a stream in large pieces, waiting when the stream asks (a slow HTTP client, a
 * busy disk), so an export of millions of records neither piles up in memory nor writes a line
 * at a time.
 */
export class TextSink {
  private parts: string[] = [];
  private size = 0;
  private readonly digest = createHash('sha256');
  bytes = 0;
  /** The SHA-256 of everything written, once ended. */
  sha256: string | undefined;

  constructor(readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    this.bytes += chunk.length;
    this.digest.update(chunk);
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes and ends the stream, resolving once it has finished (a file is fully written), with the SHA-256 of all it wrote. */
  async end(): Promise<string> {
    await this.flush();
    this.stream.end();
    if (!this.stream.writableFinished) await once(this.stream, 'finish');
    this.sha256 = this.digest.digest('hex');
    return this.sha256;
  }
}
