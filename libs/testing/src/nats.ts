import { NatsServer, type NatsServerOptions } from '@parley/supervisor';
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
