import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@parley/telemetry';

export interface NatsSettings {
  natsServers: readonly string[];
  natsUser?: string | undefined;
  natsPassword?: string | undefined;
}

/**
 * Connects to NATS, waiting (and saying so) while no server answers, then reconnecting for ever.
 * Async stack traces are off: they cost a third of the publish throughput and our errors carry
 * their own context.
 */
export async function connectNats(settings: NatsSettings, name: string, logger: Logger): Promise<NatsConnection> {
  const servers = [...settings.natsServers];
  let warned = false;
  for (let attempt = 0; ; attempt++) {
    try {
      const nc = await connect({
        servers,
        name,
        user: settings.natsUser,
        pass: settings.natsPassword,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        noAsyncTraces: true,
      });
      if (warned) logger.info({ servers }, 'connected to NATS');
      void (async () => {
        for await (const status of nc.status()) {
          if (status.type === 'disconnect') logger.warn({ server: status.server }, 'lost the NATS connection; reconnecting');
          else if (status.type === 'reconnect') logger.info({ server: status.server }, 'NATS connection restored');
        }
      })();
      return nc;
    } catch (error) {
      if (!warned || attempt % 20 === 0) logger.warn({ servers, err: (error as Error).message }, 'waiting for NATS');
      warned = true;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** Math.min(attempt, 5))));
    }
  }
}
