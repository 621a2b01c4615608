import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { InstanceRegistry } from '@parley/cluster';
import { EventLog } from '@parley/eventlog';
import { NatsCluster, SupervisedProcess } from '@parley/supervisor';
import { seedFanout, type SeededRoom } from '../fanout/seed.js';

const root = join(__dirname, '..', '..', '..', '..');
const entry = (app: string) => join(root, 'apps', app, 'dist', 'main.js');

export interface ChannelServer {
  id: string;
  url: string;
  process: SupervisedProcess;
}

/**
 * The multi-server topology as a failover test needs it, every part a real process: a 3-node NATS
 * JetStream cluster (R3 streams and buckets), three channel servers and the lookup service, and a
 * seeded world (users, an open category, rooms, an access token per member) written to the log.
 */
export class FailoverWorld {
  private constructor(
    readonly cluster: NatsCluster,
    readonly nc: NatsConnection,
    readonly log: EventLog,
    readonly channels: ChannelServer[],
    readonly lookup: { url: string; process: SupervisedProcess },
    readonly rooms: SeededRoom[],
    private readonly dir: string,
  ) {}

  static async start(options: { rooms: number; members: number; onLine?: (name: string, line: string) => void }): Promise<FailoverWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'parley-failover-'));
    const started: SupervisedProcess[] = [];
    let cluster: NatsCluster | undefined;
    let nc: NatsConnection | undefined;
    try {
      cluster = await NatsCluster.start({ storeDir: join(dir, 'nats') });
      nc = await connect({ servers: cluster.urls, noAsyncTraces: true });
      const namespace = 'failover';
      const log = await EventLog.open(nc, { namespace, replicas: 3 });
      const rooms = await seedFanout(nc, log, namespace, Array.from({ length: options.rooms }, () => options.members), 3);
      const env = {
        ...process.env,
        PARLEY_NATS_URL: cluster.url,
        PARLEY_NAMESPACE: namespace,
        PARLEY_STREAM_REPLICAS: '3',
        PARLEY_HTTP_PORT: '0',
        PARLEY_HTTP_HOST: '127.0.0.1',
        PARLEY_LOG_LEVEL: 'info',
        PARLEY_POSTS_PER_SECOND: '100',
        PARLEY_POST_BURST: '100',
      };
      // A service that fails to start (NATS still forming its cluster on a busy machine) is
      // started again once, as its supervisor (Kubernetes, the launcher) would.
      const spawn = (app: string, id: string) => spawnOnce(app, id).catch(() => spawnOnce(app, id));
      const spawnOnce = async (app: string, id: string) => {
        const child = SupervisedProcess.spawn(process.execPath, [entry(app)], {
          env: { ...env, PARLEY_INSTANCE_ID: id, PARLEY_DATA_DIR: join(dir, id) },
          onLine: (line) => options.onLine?.(id, line),
        });
        started.push(child);
        const ready = await child.waitForLine(/"msg":"parley-[a-z]+ ready"/, 120_000, id);
        return { id, url: (JSON.parse(ready.input!) as { url: string }).url, process: child };
      };
      const [lookup, ...channels] = await Promise.all([spawn('lookup', 'lookup-1'), ...[1, 2, 3].map((n) => spawn('channel', `channel-${n}`))]);
      // Ready once every channel server is in the registry the lookup service reads.
      const registry = await InstanceRegistry.open(nc, { namespace, replicas: 3 });
      await registry.watch();
      for (const deadline = Date.now() + 60_000; registry.live().length < channels.length; await new Promise((resolve) => setTimeout(resolve, 100))) {
        if (Date.now() > deadline) throw new Error(`only ${registry.live().length} of ${channels.length} channel servers announced themselves`);
      }
      registry.stop();
      return new FailoverWorld(cluster, nc, log, channels, lookup!, rooms, dir);
    } catch (error) {
      await Promise.all(started.map((c) => c.stop()));
      await nc?.close();
      await cluster?.stop();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all([this.lookup.process, ...this.channels.map((c) => c.process)].map((p) => p.stop()));
    await this.log.close().catch(() => undefined);
    await this.nc.close().catch(() => undefined);
    await this.cluster.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
