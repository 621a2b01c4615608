import { Inject, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { EventLog } from '@parley/eventlog';
import type { NatsConnection } from '@nats-io/transport-node';
import { EVENT_LOG, LOGGER, NATS_CONNECTION, SERVICE_CONFIG } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { ChannelRuntime, type ChannelConfig } from './channel.runtime.js';
import { RoomsRpcController } from './rooms/rooms.rpc.controller.js';

/** The channel service: rooms, live sessions and real-time messaging; the only writer of the rooms it owns. */
@Module({
  controllers: [RoomsRpcController],
  providers: [
    {
      provide: ChannelRuntime,
      inject: [SERVICE_CONFIG, NATS_CONNECTION, EVENT_LOG, LOGGER],
      useFactory: (config: ChannelConfig, nc: NatsConnection, log: EventLog, logger: Logger) => ChannelRuntime.start(config, nc, log, logger),
    },
  ],
})
export class ChannelModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(ChannelRuntime) private readonly runtime: ChannelRuntime,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.runtime.listen(this.http.httpAdapter.getHttpServer());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
