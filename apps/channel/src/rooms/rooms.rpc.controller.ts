import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { parseOrThrow, RoomCommandRpcSchema, RoomContentRpcSchema, RoomFileAccessRpcSchema, RoomFileRpcSchema, RoomGetRpcSchema } from '@parley/contracts';
import { ChannelRuntime } from '../channel.runtime.js';

/**
 * Room commands and reads other services (the admin API, the files service) send over NATS
 * request-reply; any channel server takes them, and writes go on to the room's owner.
 */
@Controller()
export class RoomsRpcController {
  constructor(@Inject(ChannelRuntime) private readonly runtime: ChannelRuntime) {}

  @MessagePattern('rooms.command')
  command(payload: unknown) {
    return this.runtime.writes.admin(parseOrThrow(RoomCommandRpcSchema, payload, 'invalid room command'));
  }

  @MessagePattern('rooms.content')
  content(payload: unknown) {
    return this.runtime.writes.content(parseOrThrow(RoomContentRpcSchema, payload, 'invalid room content command'));
  }

  @MessagePattern('rooms.get')
  get(payload: unknown) {
    const { actorId, roomId } = parseOrThrow(RoomGetRpcSchema, payload, 'invalid room request');
    return this.runtime.roomAdmin.get(actorId, roomId);
  }

  @MessagePattern('rooms.file-access')
  fileAccess(payload: unknown) {
    const { actorId, roomId, intent } = parseOrThrow(RoomFileAccessRpcSchema, payload, 'invalid file access request');
    return this.runtime.roomFiles.access(actorId, roomId, intent);
  }

  @MessagePattern('rooms.file')
  file(payload: unknown) {
    return this.runtime.writes.file(parseOrThrow(RoomFileRpcSchema, payload, 'invalid file post'));
  }
}
