import { createServer } from 'node:net';
import { join } from 'node:path';
import { NatsServer } from './nats-server.js';

export interface NatsClusterOptions {
  /** Each node keeps its JetStream files in `<storeDir>/<node name>`; reuse it to restart on the same data. */
  storeDir: string;
  /** Number of nodes (3 by default: the smallest cluster that survives losing one). */
  size?: number;
  /** Cluster name (also prefixes the node names). */
  name?: string;
  /** Interface to listen on; loopback by default. */
  host?: string;
  /** Client ports of the nodes, in order; free ones are picked where absent or 0. */
  ports?: readonly number[];
  /** Receives every log line of every node. */
  onLine?: (node: string, line: string) => void;
  /** How long to wait for the nodes to elect a JetStream metadata leader. */
  readyTimeoutMs?: number;
}

/** A port nothing listens on right now (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A JetStream cluster of nats-server children on one machine (routes on loopback), for the multi-server
 * topology and for failover tests: any node can be crashed and restarted on its store while the
 * others carry on. Streams need `num_replicas: 3` to survive a node.
 */
export class NatsCluster {
  private constructor(readonly nodes: readonly NatsServer[]) {}

  static async start(options: NatsClusterOptions): Promise<NatsCluster> {
    const size = options.size ?? 3;
    const name = options.name ?? 'parley';
    const host = options.host ?? '127.0.0.1';
    const routePorts: number[] = [];
    for (let i = 0; i < size; i++) routePorts.push(await freePort(host));
    let elected: () => void = () => undefined;
    const leader = new Promise<void>((resolve) => (elected = resolve));
    const nodes = await Promise.all(
      routePorts.map((port, i) => {
        const node = `${name}-${i + 1}`;
        const routes = routePorts.filter((_, j) => j !== i).map((p) => `nats://${host}:${p}`);
        return NatsServer.start({
          storeDir: join(options.storeDir, node),
          host,
          port: options.ports?.[i] ?? 0,
          name: node,
          args: ['--cluster_name', name, '--cluster', `nats://${host}:${port}`, '--routes', routes.join(',')],
          onLine: (line) => {
            if (/metadata leader/.test(line)) elected();
            options.onLine?.(node, line);
          },
        });
      }),
    );
    const cluster = new NatsCluster(nodes);
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the NATS cluster elected no JetStream leader within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([leader, timeout]);
    } catch (error) {
      await cluster.stop();
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return cluster;
  }

  /** Every node's client URL. */
  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** The client URLs as PARLEY_NATS_URL takes them (comma-separated). */
  get url(): string {
    return this.urls.join(',');
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}
