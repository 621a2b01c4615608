import { ConfigError, loadConfig } from '@parley/config';
import { createLogger, type Logger } from '@parley/telemetry';
import { clientBuilt, INSTALLED_CLIENT } from './static-files.js';
import { startWebGateway } from './web-gateway.js';
import { upstreamsOf, webSettings, type WebConfig } from './web-gateway.settings.js';

const NAME = 'parley-web';

export interface RunningWebServer {
  config: WebConfig;
  logger: Logger;
  /** Where it listens, e.g. http://127.0.0.1:8088. */
  url: string;
  /** Stops taking connections, ends live sessions, lets requests under way finish within PARLEY_SHUTDOWN_GRACE_MS. */
  close(): Promise<void>;
}

/**
 * Runs the web client's server as its own process does (the parley-web image): validated
 * configuration, JSON logs, then the gateway. Refuses to start without a built client to serve.
 */
export async function runWebServer(env: NodeJS.ProcessEnv = process.env): Promise<RunningWebServer> {
  const config = loadConfig(webSettings, env);
  const distDir = config.distDir ?? INSTALLED_CLIENT;
  if (!clientBuilt(distDir)) {
    throw new ConfigError([{ env: webSettings.distDir.env, message: `${distDir} holds no built web client (index.html): build it with \`npm run build -w @parley/web\`` }]);
  }
  const logger = createLogger({ service: NAME, instanceId: config.instanceId, level: config.logLevel });
  const gateway = await startWebGateway({
    host: config.httpHost,
    port: config.httpPort,
    distDir,
    upstreams: upstreamsOf(config),
    liveChannels: config.liveChannelUrls,
    trustProxy: config.trustProxy,
    log: (line) => logger.warn(line),
  });
  logger.info({ url: gateway.url, distDir, upstreams: upstreamsOf(config), liveChannels: config.liveChannelUrls }, `${NAME} ready`);
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info(`${NAME} stopping`);
      await gateway.close(config.shutdownGraceMs);
      logger.info(`${NAME} stopped`);
      logger.flush();
    })());
  return { config, logger, url: gateway.url, close };
}

/**
 * The `main` of the web client's server, as nest-kit's serviceMain is the services': runs it, stops
 * it on SIGTERM or SIGINT, exits 2 naming every bad setting, 1 when it cannot start.
 */
export function webServerMain(): void {
  runWebServer().then(
    (running) => {
      const stop = () =>
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            running.logger.error({ err: error }, 'error while stopping');
            process.exit(1);
          },
        );
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${NAME}: ${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`${NAME}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
