import { once } from 'node:events';
import { connect } from 'node:net';
import { ConfigError } from '@parley/config';
import { UnavailableError, ValidationError } from '@parley/contracts';

/** One file being scanned while it streams to the store. */
export interface ScanSession {
  write(chunk: Buffer): Promise<void>;
  /** Resolves when clamd found the file clean; a ValidationError naming the signature when not. */
  finish(): Promise<void>;
  /** Drops the scan (the upload failed for another reason). */
  abort(): void;
}

export interface Scanner {
  start(): Promise<ScanSession>;
}

type Address = { host: string; port: number } | { path: string };

/**
 * ClamAV's daemon, fed with INSTREAM as the upload arrives (chunks prefixed with their length), so
 * scanning costs no second read of the file. It fails closed: a scanner that cannot be reached or
 * answers with an error refuses the upload (UnavailableError). clamd refuses streams longer than
 * its StreamMaxLength (25 MB by default): raise it to the largest file Parley accepts.
 */
export class ClamdScanner implements Scanner {
  constructor(
    private readonly address: Address,
    private readonly timeoutMs = 60_000,
  ) {}

  /** `tcp://host:port` or `unix:<socket path>`. */
  static fromUrl(url: string): ClamdScanner {
    if (url.startsWith('unix:')) return new ClamdScanner({ path: url.slice('unix:'.length) });
    const parsed = /^tcp:\/\/([^:/]+):(\d+)\/?$/.exec(url);
    if (!parsed) throw new ConfigError([{ env: 'PARLEY_CLAMD_URL', message: 'must be tcp://host:port or unix:<socket path>' }]);
    return new ClamdScanner({ host: parsed[1]!, port: Number(parsed[2]) });
  }

  private describe(): string {
    return 'path' in this.address ? `clamd at ${this.address.path}` : `clamd at ${this.address.host}:${this.address.port}`;
  }

  async start(): Promise<ScanSession> {
    const socket = connect(this.address as { host: string; port: number });
    socket.setTimeout(this.timeoutMs);
    let reply = '';
    socket.on('data', (data: Buffer) => (reply += data.toString('utf8')));
    const failed = new Promise<never>((_, reject) => {
      const fail = (why: string) => reject(new UnavailableError(`the virus scanner (${this.describe()}) ${reply ? `answered "${clean(reply)}"` : why}`));
      socket.once('error', (error) => fail(`does not answer (${error.message})`));
      socket.once('timeout', () => fail('did not answer in time'));
    });
    failed.catch(() => undefined);
    await Promise.race([once(socket, 'connect'), failed]);
    const send = async (data: Buffer) => {
      if (!socket.write(data)) await Promise.race([once(socket, 'drain'), failed]);
    };
    await send(Buffer.from('zINSTREAM\0'));
    return {
      write: async (chunk) => {
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        await send(length);
        await send(chunk);
      },
      finish: async () => {
        await send(Buffer.alloc(4));
        await Promise.race([once(socket, 'end'), failed]);
        socket.destroy();
        const answer = clean(reply);
        const found = /^stream: (.+) FOUND$/.exec(answer);
        if (found) throw new ValidationError('refused', [{ path: 'file', message: `the virus scanner found ${found[1]}` }]);
        if (answer !== 'stream: OK') throw new UnavailableError(`the virus scanner (${this.describe()}) answered "${answer}"`);
      },
      abort: () => socket.destroy(),
    };
  }
}

const clean = (reply: string) => reply.replace(/\0/g, '').trim();
