import { accessSync, constants, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { SupervisedProcess } from './child.js';

export interface NatsServerOptions {
  /** Where JetStream keeps its files; reuse it to restart on the same data. */
  storeDir: string;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** Client port; 0 picks a free one. */
  port?: number;
  /** Server name, shown in logs and cluster views. */
  name?: string;
  /** Extra nats-server arguments. */
  args?: readonly string[];
  /** Receives every log line of the server. */
  onLine?: (line: string) => void;
  /** How long to wait for "Server is ready". */
  readyTimeoutMs?: number;
}

/** Finds the nats-server binary on PATH or in the Debian package's location. */
export function findNatsServer(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/bin', '/usr/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** A nats-server child with JetStream, which dies with us and can be crashed and restarted on its store. */
export class NatsServer {
  private process: SupervisedProcess | undefined;
  private boundPort: number;

  private constructor(
    private readonly binary: string,
    readonly options: NatsServerOptions,
  ) {
    this.boundPort = options.port ?? 0;
  }

  static async start(options: NatsServerOptions): Promise<NatsServer> {
    const binary = findNatsServer();
    if (!binary) {
      throw new Error('nats-server is not installed: run "apt-get install -y nats-server" (as root), or put nats-server on PATH');
    }
    mkdirSync(options.storeDir, { recursive: true });
    const server = new NatsServer(binary, options);
    await server.launch();
    return server;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `nats://${this.host}:${this.boundPort}`;
  }

  get running(): boolean {
    return this.process?.running ?? false;
  }

  /** Resolves when the server process has exited, for whatever reason. */
  get exited(): Promise<unknown> {
    return this.process?.exited ?? Promise.resolve();
  }

  /** SIGKILL: no flush, no goodbye, as a power cut or an OOM kill would. */
  async crash(): Promise<void> {
    await this.process?.crash();
  }

  /** Graceful stop (SIGTERM). */
  async stop(): Promise<void> {
    await this.process?.stop();
  }

  /** Starts again on the same port and store. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  private async launch(): Promise<void> {
    const o = this.options;
    const args = ['-a', this.host, '-p', String(this.boundPort || -1), '-js', '-sd', o.storeDir];
    if (o.name) args.push('-n', o.name);
    args.push(...(o.args ?? []));
    let port: number | undefined;
    const child = SupervisedProcess.spawn(this.binary, args, {
      onLine: (line) => {
        const listening = /Listening for client connections on .*:(\d+)\s*$/.exec(line);
        if (listening) port = Number(listening[1]);
        o.onLine?.(line);
      },
    });
    this.process = child;
    await child.waitForLine(/Server is ready/, o.readyTimeoutMs ?? 20_000, 'nats-server');
    if (!port) throw new Error('nats-server is ready but did not say which port it listens on');
    this.boundPort = port;
  }
}
