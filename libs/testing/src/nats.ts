import { NatsCluster, NatsServer, type NatsClusterOptions, type NatsServerOptions } from '@parley/supervisor';
import { tempDir } from './temp.js';

export interface TestNats {
  server: NatsServer;
  url: string;
  /** Stops the server and deletes its store. */
  stop(): Promise<void>;
}

/**
 * Starts a nats-server with JetStream on a free port and a temporary store. The server dies with
 * the test process even if Jest is killed; `server.crash()` + `server.restart()` simulate a crash
 * and recovery on the same store.
 */
export async function startNats(options: Partial<NatsServerOptions> = {}): Promise<TestNats> {
  const store = tempDir('parley-nats-');
  const server = await NatsServer.start({ storeDir: store.path, ...options });
  return {
    server,
    get url() {
      return server.url;
    },
    async stop() {
      await server.stop();
      store.remove();
    },
  };
}

export interface TestNatsCluster {
  cluster: NatsCluster;
  /** Comma-separated client URLs of every node, as PARLEY_NATS_URL takes them. */
  url: string;
  /** Stops every node and deletes the stores. */
  stop(): Promise<void>;
}

/**
 * Starts a 3-node JetStream cluster on loopback with temporary stores. `cluster.nodes[i].crash()`
 * and `.restart()` take one node down and back up on its store.
 */
export async function startNatsCluster(options: Partial<NatsClusterOptions> = {}): Promise<TestNatsCluster> {
  const store = tempDir('parley-nats-cluster-');
  const cluster = await NatsCluster.start({ storeDir: store.path, ...options });
  return {
    cluster,
    url: cluster.url,
    async stop() {
      await cluster.stop();
      store.remove();
    },
  };
}
