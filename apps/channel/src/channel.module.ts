import { Module } from '@nestjs/common';

/** The channel service: Rooms, live sessions and real-time messaging; the only writer of the rooms it owns. */
@Module({})
export class ChannelModule {}
