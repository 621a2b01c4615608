import { Inject, Module, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { EventLog } from '@parley/eventlog';
import type { NatsConnection } from '@nats-io/transport-node';
import { AccessGuard, CALLER_VERIFIER, EVENT_LOG, LOGGER, NATS_CONNECTION, ROLE_CHECK, SERVICE_CONFIG, type CallerVerifier } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { ChannelRuntime, type ChannelConfig } from './channel.runtime.js';
import { EngagementController } from './engagement/engagement.controller.js';
import { EngagementService } from './engagement/engagement.service.js';
import { HistoryController } from './history/history.controller.js';
import { HistoryService } from './history/history.service.js';
import { RoomsRpcController } from './rooms/rooms.rpc.controller.js';

/**
 * The channel service: rooms, live sessions and real-time messaging (the only writer of the rooms
 * it owns), and the history and search API over what it projects from the log.
 */
@Module({
  controllers: [RoomsRpcController, HistoryController, EngagementController],
  providers: [
    {
      provide: ChannelRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: ChannelConfig, nc: NatsConnection, log: EventLog, logger: Logger) => ChannelRuntime.start(config, nc, log, logger),
    },
    { provide: HistoryService, inject: [ChannelRuntime], useFactory: (runtime: ChannelRuntime) => runtime.history },
    { provide: EngagementService, inject: [ChannelRuntime], useFactory: (runtime: ChannelRuntime) => runtime.engagement },
    {
      provide: CALLER_VERIFIER,
      inject: [ChannelRuntime],
      useFactory: (runtime: ChannelRuntime): CallerVerifier => ({
        verify: async (token) => {
          const claims = await runtime.verifier.verify(token);
          return { userId: claims.sub, name: claims.name, roles: claims.roles, sessionId: claims.sid };
        },
      }),
    },
    { provide: ROLE_CHECK, inject: [ChannelRuntime], useFactory: (runtime: ChannelRuntime) => runtime.state.authz },
    // Room commands arriving over NATS (RoomsRpcController) carry no @Endpoint: the guard lets them through.
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
})
export class ChannelModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(ChannelRuntime) private readonly runtime: ChannelRuntime,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.listen(this.http.httpAdapter.getHttpServer());
  }

  /** On SIGTERM or a drain request, before the HTTP server closes: clients are sent elsewhere first. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runtime.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
