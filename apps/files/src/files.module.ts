import { Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import type { EventLog } from '@parley/eventlog';
import { AccessGuard, CALLER_VERIFIER, EVENT_LOG, LOGGER, NATS_CONNECTION, ROLE_CHECK, SERVICE_CONFIG, type CallerVerifier } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import type { FastifyInstance } from 'fastify';
import { FilesController } from './api/files.controller.js';
import type { FilesConfig } from './files.config.js';
import { FilesRuntime } from './files.runtime.js';

/** The files service: file posting, uploads and downloads of files in rooms, stored in S3 / MinIO or a local folder. */
@Module({
  controllers: [FilesController],
  providers: [
    {
      provide: FilesRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: FilesConfig, nc: NatsConnection, log: EventLog, logger: Logger) => FilesRuntime.start(config, nc, log, logger),
    },
    { provide: CALLER_VERIFIER, inject: [FilesRuntime], useFactory: (runtime: FilesRuntime): CallerVerifier => ({ verify: (token) => runtime.verify(token) }) },
    { provide: ROLE_CHECK, inject: [FilesRuntime], useFactory: (runtime: FilesRuntime) => runtime.state.authz },
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class FilesModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(FilesRuntime) private readonly runtime: FilesRuntime,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  /**
   * Upload bodies are streamed by the handler, never parsed or buffered: every content type but
   * JSON (the API's own requests) passes through untouched, whatever its size.
   */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    fastify.removeContentTypeParser(['text/plain']);
    fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
