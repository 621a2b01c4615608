import { PostedFileSchema, RoomFileAccessSchema, UnavailableError, type RoomFileRpcSchema } from '@parley/contracts';
import type { RpcClient } from '@parley/nest-kit';
import type { z } from 'zod';

export type PostedFile = z.infer<typeof PostedFileSchema>;

/** How many times a file post is sent before its fate is left to the sweeper. */
const POST_ATTEMPTS = 3;

/**
 * The channel service, which owns rooms, asked over NATS: who may read and post files in a room,
 * and the posting itself (the FilePosted event). A post carries a command id, so sending it again
 * after a lost answer posts the file once.
 */
export class ChannelRooms {
  constructor(private readonly rpc: RpcClient) {}

  async access(actorId: string, roomId: string, intent: 'read' | 'upload'): Promise<{ roomId: string; name: string }> {
    return RoomFileAccessSchema.parse(await this.rpc.request('rooms.file-access', { actorId, roomId, intent }));
  }

  async post(request: z.input<typeof RoomFileRpcSchema>): Promise<PostedFile> {
    for (let attempt = 1; ; attempt++) {
      try {
        return PostedFileSchema.parse(await this.rpc.request('rooms.file', request, 5_000));
      } catch (error) {
        if (!(error instanceof UnavailableError) || attempt >= POST_ATTEMPTS) throw error;
      }
    }
  }
}
