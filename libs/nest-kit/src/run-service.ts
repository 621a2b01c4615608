import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Type } from '@nestjs/common';
import { commonSettings, ConfigError, httpPortSetting, loadConfig, type ConfigOf, type ConfigShape, type ServiceName } from '@parley/config';
import { EventLog } from '@parley/eventlog';
import { runningProjectors } from '@parley/projections';
import { createLogger, meterOf, observeProjectionLag, startTelemetry, type Logger } from '@parley/telemetry';
import { CoreModule } from './core.module.js';
import { ErrorFilter } from './error.filter.js';
import { installHttpTracing } from './http-tracing.js';
import { openApiDocument, serveApiDocs } from './http/openapi.js';
import { connectNats } from './nats.js';
import { NatsRpcServer } from './rpc/rpc-server.js';
import { NestPinoLogger } from './nest-logger.js';
import { startupStage, watchStartup } from './startup.js';

/** The version services report (OpenAPI documents, telemetry). */
export const SERVICE_VERSION = '0.1.0';

export function serviceSettings<S extends ConfigShape>(name: ServiceName, extra: S) {
  return { ...commonSettings, httpPort: httpPortSetting(name), ...extra };
}

export interface ServiceDefinition<S extends ConfigShape> {
  name: ServiceName;
  /** The service's own Nest module (controllers, providers). */
  module: Type;
  /** Settings beyond the common ones. */
  settings: S;
  /** Title of the service's API: its OpenAPI document is served at /docs/openapi.json, Swagger UI at /docs. */
  apiTitle?: string;
  /** Serve the module's @MessagePattern handlers to other services over NATS request-reply. */
  rpc?: boolean;
}

export interface RunningService<C> {
  config: C;
  app: NestFastifyApplication;
  logger: Logger;
  /** Where the HTTP server listens, e.g. http://127.0.0.1:8081. */
  url: string;
  /** Stops taking requests, closes Nest, the event log, NATS and telemetry, in that order. */
  close(): Promise<void>;
}

/**
 * Boots one Parley service: validated configuration, telemetry, logger, NATS (waiting for it if
 * needed), the event log's streams, then Nest on Fastify with health, errors and tracing.
 */
export async function runService<S extends ConfigShape>(
  definition: ServiceDefinition<S>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService<ConfigOf<ReturnType<typeof serviceSettings<S>>>>> {
  const shape = serviceSettings(definition.name, definition.settings);
  const config = loadConfig(shape, env);
  const service = `parley-${definition.name}`;
  const telemetry = startTelemetry({
    serviceName: service,
    serviceVersion: SERVICE_VERSION,
    instanceId: config.instanceId,
    enabled: config.telemetry,
    otlpEndpoint: config.otlpEndpoint,
  });
  const logger = createLogger({ service, instanceId: config.instanceId, level: config.logLevel });
  const stopWatching = watchStartup(logger);
  startupStage('connecting to NATS');
  const nc = await connectNats(config, `${service}/${config.instanceId}`, logger);
  startupStage('checking the event log streams');
  const eventLog = await EventLog.open(nc, { namespace: config.namespace, replicas: config.streamReplicas });
  startupStage('starting the service module');

  const adapter = new FastifyAdapter({ bodyLimit: 1024 * 1024, return503OnClosing: true, trustProxy: config.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(CoreModule.forRoot({ config, nc, eventLog, logger, telemetry }, definition.module), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  app.useGlobalFilters(app.get(ErrorFilter));
  const fastify = app.getHttpAdapter().getInstance();
  // The lag (events, seconds) of every projection this service runs, on its /metrics.
  const unobserveLag = telemetry.enabled ? observeProjectionLag(meterOf(definition.name), runningProjectors) : () => undefined;
  if (telemetry.enabled) {
    installHttpTracing(fastify, telemetry.tracer);
    fastify.get('/metrics', (request, reply) => {
      reply.hijack();
      telemetry.metricsHandler!(request.raw, reply.raw);
    });
  }
  if (definition.apiTitle) serveApiDocs(fastify, openApiDocument(definition.apiTitle, SERVICE_VERSION));
  if (definition.rpc) {
    app.connectMicroservice({ strategy: new NatsRpcServer(nc, eventLog.subjects, service, logger) }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  startupStage('opening the HTTP port');
  await app.listen(config.httpPort, config.httpHost);
  stopWatching();
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  const url = `http://${config.httpHost === '0.0.0.0' ? '127.0.0.1' : config.httpHost}:${port}`;
  logger.info({ url, nats: config.natsServers, namespace: config.namespace }, `${service} ready`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info(`${service} stopping`);
      await app.close();
      unobserveLag();
      await eventLog.close();
      await nc.drain().catch(() => undefined);
      await telemetry.shutdown().catch(() => undefined);
      logger.info(`${service} stopped`);
      logger.flush();
    })());
  return { config, app, logger, url, close };
}

/**
 * The `main` of a service: runs it, stops it cleanly on SIGTERM or SIGINT, and exits non-zero with
 * a readable reason when configuration is wrong or start-up fails.
 */
export function serviceMain<S extends ConfigShape>(definition: ServiceDefinition<S>): void {
  runService(definition).then(
    (running) => {
      const stop = (signal: string) => {
        const grace = setTimeout(() => {
          running.logger.error({ signal }, 'shutdown grace period over; exiting');
          process.exit(1);
        }, running.config.shutdownGraceMs);
        grace.unref();
        running.close().then(
          () => process.exit(0),
          (error: unknown) => {
            running.logger.error({ err: error }, 'error while stopping');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`parley-${definition.name}: ${error.message}\n`);
        process.exit(2);
      }
      process.stderr.write(`parley-${definition.name}: failed to start: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
