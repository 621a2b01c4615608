import { mkdirSync } from 'node:fs';
import { SupervisedProcess } from './child.js';

export interface S3rverOptions {
  /** The `s3rver` npm package's command (`require.resolve('s3rver/bin/s3rver.js')` from a package that depends on it). */
  entry: string;
  /** Where it keeps buckets and objects; reuse it to restart on the same data. */
  dir: string;
  /** Port on 127.0.0.1; 0 picks a free one (kept across restarts). */
  port?: number;
}

/**
 * An S3 server (s3rver: path-style, signature-checking, objects on disk) on loopback, as a child
 * that dies with us and can be stopped and started again on the same port and data. Its access key
 * and secret are `S3RVER` / `S3RVER`. It serves put, get (ranges), stat, list, delete and
 * multipart uploads, but not the listing of multipart uploads.
 */
export class S3rverServer {
  static readonly accessKey = 'S3RVER';
  static readonly secretKey = 'S3RVER';
  private process: SupervisedProcess | undefined;
  private boundPort: number;

  private constructor(private readonly options: S3rverOptions) {
    this.boundPort = options.port ?? 0;
  }

  static async start(options: S3rverOptions): Promise<S3rverServer> {
    mkdirSync(options.dir, { recursive: true });
    const server = new S3rverServer(options);
    await server.launch();
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://127.0.0.1:${this.boundPort}`;
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  /** Starts again on the same port and data. */
  async restart(): Promise<void> {
    await this.stop();
    await this.launch();
  }

  private async launch(): Promise<void> {
    // --silent: a line per request would cost more than the request itself.
    const args = [this.options.entry, '--silent', '-d', this.options.dir, '-a', '127.0.0.1', '-p', String(this.boundPort)];
    this.process = SupervisedProcess.spawn(process.execPath, args);
    const [, port] = await this.process.waitForLine(/S3rver listening on [^:]+:(\d+)/, 20_000, 's3rver');
    this.boundPort = Number(port);
  }
}
