import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';

/** The EICAR test file: every virus scanner reports it, and it harms nothing. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

/**
 * A stand-in for clamd that speaks its INSTREAM protocol (`zINSTREAM\0`, length-prefixed chunks, a
 * zero-length chunk, then one NUL-terminated answer) and finds EICAR, or answers `reply` when set.
 */
export class FakeClamd {
  reply: string | undefined;
  /** Bytes of the streams scanned so far. */
  scannedBytes = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeClamd> {
    const server = createServer();
    const clamd = new FakeClamd(server);
    server.on('connection', (socket) => {
      let buffer = Buffer.alloc(0);
      let seen = '';
      let started = false;
      socket.on('data', (data: Buffer) => {
        buffer = Buffer.concat([buffer, data]);
        if (!started) {
          if (buffer.length < 10) return;
          started = buffer.subarray(0, 10).toString() === 'zINSTREAM\0';
          buffer = buffer.subarray(10);
        }
        while (buffer.length >= 4) {
          const length = buffer.readUInt32BE(0);
          if (length === 0) {
            const answer = clamd.reply ?? (seen.includes(EICAR) ? 'stream: Win.Test.EICAR_HDB-1 FOUND' : 'stream: OK');
            socket.end(`${answer}\0`);
            return;
          }
          if (buffer.length < 4 + length) return;
          clamd.scannedBytes += length;
          // Keep only a tail: EICAR may straddle two chunks.
          seen = (seen + buffer.subarray(4, 4 + length).toString('latin1')).slice(-256);
          buffer = buffer.subarray(4 + length);
        }
      });
      socket.on('error', () => undefined);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return clamd;
  }

  get url(): string {
    return `tcp://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.close();
    await once(this.server, 'close');
  }
}
