import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHANNEL_NODE_OPTIONS, DEFAULT_PORTS, type ServiceName } from '@parley/config';
import { NatsCluster, NatsServer } from '@parley/supervisor';
import { startWebGateway } from '@parley/web-gateway';
import { freePort, portFree } from './ports.js';
import { ServiceProcess, type Console } from './service-process.js';

export type Topology = 'single' | 'multi';

export interface TopologyOptions {
  /** single: one nats-server, one of each service. multi: a 3-node NATS cluster (R3 streams), three channel servers. */
  topology: Topology;
  /** Where NATS keeps the event log, and where logs, databases and files go. */
  dataDir: string;
  /** Interface the services listen on. */
  host: string;
  /** Port of the first service; the others follow in order. 0: pick free ports. */
  portBase: number;
  /** Port of the embedded nats-server (multi: of the first node; the others follow). 0: pick free ones. */
  natsPort: number;
  logLevel: string;
  /** The workspace root, where apps/<service>/dist/main.js live. */
  root: string;
  console: Console;
}

export interface RunningParley {
  topology: Topology;
  /** The NATS client URL(s), comma-separated on a cluster. */
  natsUrl: string;
  /** The first administrator's generated credentials, on the run that created them (shown once). */
  initialAdmin?: { username: string; password: string } | undefined;
  services: { name: string; url: string; logFile: string }[];
  /** The web client's address (single-server topology): the one origin a browser needs. */
  web?: string;
  stop(): Promise<void>;
}

/** One service process of a topology: which app, its name in logs, its port, and its own settings. */
interface Instance {
  app: ServiceName;
  name: string;
  port: number;
  env: Record<string, string>;
}

/** Reads and deletes the file in which provisioning left the first administrator's password. */
function takeInitialAdmin(file: string): { username: string; password: string } | undefined {
  if (!existsSync(file)) return undefined;
  const [username, password] = readFileSync(file, 'utf8').trim().split('\n');
  rmSync(file);
  return username && password ? { username, password } : undefined;
}

export const SERVICE_ORDER = Object.keys(DEFAULT_PORTS) as ServiceName[];

/** Channel servers in the multi-server topology. */
const CHANNELS = 3;

/** The web client's port, from the base port (8088 by default). */
const WEB_PORT_OFFSET = 8;

/**
 * The processes of a topology, with their ports: the five services in order from the base port;
 * in the multi-server topology, the second and third channel servers follow them.
 */
async function plan(options: TopologyOptions, dataDir: string): Promise<Instance[]> {
  const port = async (i: number) => (options.portBase === 0 ? freePort(options.host) : options.portBase + i);
  const instances: Instance[] = [];
  for (const [i, app] of SERVICE_ORDER.entries()) instances.push({ app, name: app, port: await port(i), env: { PARLEY_INSTANCE_ID: `${app}-1` } });
  if (options.topology === 'multi') {
    for (let n = 2; n <= CHANNELS; n++) {
      instances.push({ app: 'channel', name: `channel-${n}`, port: await port(SERVICE_ORDER.length + n - 2), env: { PARLEY_INSTANCE_ID: `channel-${n}` } });
    }
    // Each channel server projects history into its own database (the log is shared, the projections are not).
    for (const instance of instances.filter((i) => i.app === 'channel')) {
      instance.env['PARLEY_CHANNEL_DB'] = `sqlite:${join(dataDir, `history-${instance.env['PARLEY_INSTANCE_ID']}.sqlite`)}`;
    }
  }
  return instances;
}

/** Starts NATS for the topology: one server, or a 3-node JetStream cluster. */
async function startNats(options: TopologyOptions, dataDir: string, log: (line: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  if (options.topology === 'single') {
    const server = await NatsServer.start({ storeDir: join(dataDir, 'nats'), port: options.natsPort, name: 'parley-single', onLine: log });
    return { url: server.url, stop: () => server.stop() };
  }
  const ports = options.natsPort === 0 ? undefined : [0, 1, 2].map((i) => options.natsPort + i);
  const cluster = await NatsCluster.start({ storeDir: join(dataDir, 'nats-cluster'), ports, onLine: (node, line) => log(`[${node}] ${line}`) });
  return { url: cluster.url, stop: () => cluster.stop() };
}

/**
 * Runs Parley on this machine. The single-server topology: one nats-server child with JetStream on
 * a local data directory, then the five services, each its own Node process. The multi-server
 * topology: a 3-node NATS JetStream cluster on loopback (streams replicated three times), three
 * channel servers sharing the rooms (lookup balances sessions across them), and one of each other
 * service. Start-up fails fast, naming the culprit, if a port is taken or a service cannot start;
 * stop() takes everything down in reverse order.
 */
export async function startParley(options: TopologyOptions): Promise<RunningParley> {
  const dataDir = resolve(options.dataDir);
  const logsDir = join(dataDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const connectHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const instances = await plan(options, dataDir);
  const natsPorts = options.natsPort === 0 ? [] : options.topology === 'multi' ? [0, 1, 2].map((i) => options.natsPort + i) : [options.natsPort];
  // The web client, and its API calls forwarded, on one origin (live sessions spread over the channel servers).
  const webPort = options.portBase === 0 ? 0 : options.portBase + WEB_PORT_OFFSET;

  const taken = [];
  for (const instance of instances) if (!(await portFree(options.host, instance.port))) taken.push(`${instance.port} (${instance.name})`);
  if (webPort && !(await portFree(options.host, webPort))) taken.push(`${webPort} (web)`);
  for (const port of natsPorts) if (!(await portFree('127.0.0.1', port))) taken.push(`${port} (nats)`);
  if (taken.length) {
    throw new Error(`port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}. Is Parley already running? Choose others with --port-base and --nats-port.`);
  }

  const natsLog = createWriteStream(join(logsDir, 'nats-server.log'), { flags: 'a' });
  const nats = await startNats(options, dataDir, (line) => natsLog.write(`${line}\n`));
  const urlOf = (instance: Instance) => `http://${connectHost}:${instance.port}`;
  const first = (app: ServiceName) => urlOf(instances.find((i) => i.app === app)!);
  const services: ServiceProcess[] = [];
  let web: { url: string; close(): Promise<void> } | undefined;
  const stop = async () => {
    await web?.close();
    for (const service of [...services].reverse()) await service.stop();
    await nats.stop();
    natsLog.end();
  };
  try {
    for (const instance of instances) {
      const service = new ServiceProcess(
        {
          name: instance.name,
          entry: join(options.root, 'apps', instance.app, 'dist', 'main.js'),
          url: urlOf(instance),
          env: {
            ...process.env,
            PARLEY_NATS_URL: nats.url,
            PARLEY_STREAM_REPLICAS: options.topology === 'multi' ? '3' : '1',
            PARLEY_HTTP_HOST: options.host,
            PARLEY_HTTP_PORT: String(instance.port),
            PARLEY_DATA_DIR: dataDir,
            PARLEY_LOG_LEVEL: options.logLevel,
            PARLEY_ADVERTISE_URL: urlOf(instance),
            PARLEY_PUBLIC_CHANNEL_URL: first('channel'),
            PARLEY_PUBLIC_FILES_URL: first('files'),
            PARLEY_PUBLIC_LOOKUP_URL: first('lookup'),
            PARLEY_PUBLIC_COMPLIANCE_URL: first('compliance'),
            ...instance.env,
            ...(instance.app === 'channel' ? { NODE_OPTIONS: [process.env['NODE_OPTIONS'], CHANNEL_NODE_OPTIONS].filter(Boolean).join(' ') } : {}),
          },
        },
        logsDir,
        options.console,
      );
      services.push(service);
      service.start();
    }
    await Promise.all(services.map((s) => s.waitReady(90_000)));
    const upstreams = { lookup: first('lookup'), channel: first('channel'), files: first('files'), provisioning: first('provisioning'), compliance: first('compliance') };
    const liveChannels = instances.filter((i) => i.app === 'channel').map(urlOf);
    web = await startWebGateway({ host: options.host, port: webPort, distDir: join(options.root, 'apps', 'web', 'dist'), upstreams, liveChannels, log: options.console.warn });
    options.console.info(`Web client: ${web.url}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    topology: options.topology,
    natsUrl: nats.url,
    initialAdmin: takeInitialAdmin(join(dataDir, 'initial-admin-password')),
    services: services.map((s) => ({ name: s.spec.name, url: s.spec.url, logFile: s.logFile })),
    ...(web ? { web: web.url } : {}),
    stop,
  };
}
