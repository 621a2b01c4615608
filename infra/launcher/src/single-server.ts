import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PORTS, type ServiceName } from '@parley/config';
import { NatsServer } from '@parley/supervisor';
import { freePort, portFree } from './ports.js';
import { ServiceProcess, type Console } from './service-process.js';

export interface SingleServerOptions {
  /** Where NATS keeps the event log, and where logs and (later) databases and files go. */
  dataDir: string;
  /** Interface the services listen on. */
  host: string;
  /** Port of the first service; the others follow in order. 0: pick free ports. */
  portBase: number;
  /** Port of the embedded nats-server. 0: pick a free one. */
  natsPort: number;
  logLevel: string;
  /** The workspace root, where apps/<service>/dist/main.js live. */
  root: string;
  console: Console;
}

export interface RunningParley {
  natsUrl: string;
  /** The first administrator's generated credentials, on the run that created them (shown once). */
  initialAdmin?: { username: string; password: string } | undefined;
  services: { name: ServiceName; url: string; logFile: string }[];
  stop(): Promise<void>;
}

/** Reads and deletes the file in which provisioning left the first administrator's password. */
function takeInitialAdmin(file: string): { username: string; password: string } | undefined {
  if (!existsSync(file)) return undefined;
  const [username, password] = readFileSync(file, 'utf8').trim().split('\n');
  rmSync(file);
  return username && password ? { username, password } : undefined;
}

export const SERVICE_ORDER = Object.keys(DEFAULT_PORTS) as ServiceName[];

/**
 * The single-server topology: one nats-server child with JetStream on a local data directory,
 * then the five services, each its own Node process. Start-up fails fast, naming the culprit,
 * if a port is taken or a service cannot start; stop() takes everything down in reverse order.
 */
export async function startSingleServer(options: SingleServerOptions): Promise<RunningParley> {
  const dataDir = resolve(options.dataDir);
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const connectHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;

  const ports = new Map<ServiceName, number>();
  for (const [i, name] of SERVICE_ORDER.entries()) {
    ports.set(name, options.portBase === 0 ? await freePort(options.host) : options.portBase + i);
  }
  const taken = [];
  for (const [name, port] of ports) if (!(await portFree(options.host, port))) taken.push(`${port} (${name})`);
  if (options.natsPort !== 0 && !(await portFree('127.0.0.1', options.natsPort))) taken.push(`${options.natsPort} (nats)`);
  if (taken.length) {
    throw new Error(`port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}. Is Parley already running? Choose others with --port-base and --nats-port.`);
  }

  const natsLog = createWriteStream(join(logsDir, 'nats-server.log'), { flags: 'a' });
  const nats = await NatsServer.start({
    storeDir: join(dataDir, 'nats'),
    port: options.natsPort,
    name: 'parley-single',
    onLine: (line) => natsLog.write(`${line}\n`),
  });
  const services: ServiceProcess[] = [];
  const stop = async () => {
    for (const service of [...services].reverse()) await service.stop();
    await nats.stop();
    natsLog.end();
  };
  try {
    for (const name of SERVICE_ORDER) {
      const port = ports.get(name)!;
      const service = new ServiceProcess(
        {
          name,
          entry: join(options.root, 'apps', name, 'dist', 'main.js'),
          url: `http://${connectHost}:${port}`,
          env: {
            ...process.env,
            PARLEY_NATS_URL: nats.url,
            PARLEY_HTTP_HOST: options.host,
            PARLEY_HTTP_PORT: String(port),
            PARLEY_INSTANCE_ID: `${name}-1`,
            PARLEY_DATA_DIR: dataDir,
            PARLEY_LOG_LEVEL: options.logLevel,
            PARLEY_PUBLIC_CHANNEL_URL: `http://${connectHost}:${ports.get('channel')}`,
          },
        },
        logsDir,
        options.console,
      );
      services.push(service);
      service.start();
    }
    await Promise.all(services.map((s) => s.waitReady(60_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    natsUrl: nats.url,
    initialAdmin: takeInitialAdmin(join(dataDir, 'initial-admin-password')),
    services: services.map((s) => ({ name: s.spec.name as ServiceName, url: s.spec.url, logFile: s.logFile })),
    stop,
  };
}
