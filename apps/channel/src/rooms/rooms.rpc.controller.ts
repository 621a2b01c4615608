import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { parseOrThrow, RoomCommandRpcSchema, RoomContentRpcSchema, RoomGetRpcSchema } from '@parley/contracts';
import { ChannelRuntime } from '../channel.runtime.js';

/** Room commands and reads other services (the admin API) send over NATS request-reply. */
@Controller()
export class RoomsRpcController {
  constructor(@Inject(ChannelRuntime) private readonly runtime: ChannelRuntime) {}

  @MessagePattern('rooms.command')
  command(payload: unknown) {
    return this.runtime.roomAdmin.execute(parseOrThrow(RoomCommandRpcSchema, payload, 'invalid room command'));
  }

  @MessagePattern('rooms.content')
  content(payload: unknown) {
    return this.runtime.roomContent.execute(parseOrThrow(RoomContentRpcSchema, payload, 'invalid room content command'));
  }

  @MessagePattern('rooms.get')
  get(payload: unknown) {
    const { actorId, roomId } = parseOrThrow(RoomGetRpcSchema, payload, 'invalid room request');
    return this.runtime.roomAdmin.get(actorId, roomId);
  }
}
