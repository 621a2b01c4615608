import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { EventLog } from '@parley/eventlog';
import { EVENT_LOG, LOGGER } from '@parley/nest-kit';
import type { Logger } from '@parley/telemetry';
import { ChannelRuntime } from './channel.runtime.js';
import { RoomsRpcController } from './rooms/rooms.rpc.controller.js';

/** The channel service: rooms, live sessions and real-time messaging; the only writer of the rooms it owns. */
@Module({
  controllers: [RoomsRpcController],
  providers: [
    {
      provide: ChannelRuntime,
      inject: [EVENT_LOG, LOGGER],
      useFactory: (log: EventLog, logger: Logger) => ChannelRuntime.start(log, logger),
    },
  ],
})
export class ChannelModule implements OnApplicationShutdown {
  constructor(@Inject(ChannelRuntime) private readonly runtime: ChannelRuntime) {}

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.stop();
  }
}
