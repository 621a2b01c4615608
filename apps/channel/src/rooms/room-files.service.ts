import { ConflictError } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { checkFileRead, checkFileUpload, decideFilePost, type PostFile, type RoomFileContext } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { RoomHub } from '../live/room-hub.js';
import type { RoomRegistry } from '../live/room-registry.js';

export interface PostFileRequest extends Omit<PostFile, 'type'> {
  actorId: string;
  roomId: string;
  commandId: string;
}

/**
 * Files in rooms, as the room's writer sees them: the files service asks here whether someone may
 * read a room's files or post one (before it takes the bytes), and, once the bytes are stored,
 * has the FilePosted event decided and appended here, fenced on the room's version like a post.
 */
export class RoomFilesService {
  constructor(
    private readonly state: DirectoryState,
    private readonly registry: RoomRegistry,
    private readonly hub: RoomHub,
    private readonly log: EventLog,
  ) {}

  async access(actorId: string, roomId: string, intent: 'read' | 'upload'): Promise<{ roomId: string; name: string }> {
    const { room } = await this.registry.get(roomId);
    if (intent === 'read') checkFileRead(room, this.context(actorId));
    else checkFileUpload(room, this.context(actorId));
    return { roomId, name: room.name };
  }

  async post(request: PostFileRequest): Promise<{ seq: number; streamSeq: number; postedAt: string }> {
    const live = await this.registry.get(request.roomId);
    return live.serially(async () => {
      for (let attempt = 0; ; attempt++) {
        const decided = decideFilePost({ ...request, type: 'PostFile' }, live.room, this.context(request.actorId));
        const drafts = decided.map((d) => ({ ...d, actor: { kind: 'user', id: request.actorId } }) as unknown as EventDraft);
        try {
          const { events } = await this.log.append({ kind: 'room', id: request.roomId }, drafts, live.version, { commandId: request.commandId });
          for (const stored of events) this.hub.dispatch(stored);
          const last = events.at(-1)!;
          return { seq: last.event.seq, streamSeq: last.streamSeq, postedAt: last.event.occurredAt };
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 5) throw error;
          for (const stored of await this.registry.refresh(live)) this.hub.dispatch(stored);
        }
      }
    });
  }

  private context(actorId: string): RoomFileContext {
    return {
      actorId,
      access: this.state.rooms,
      fileUpload: (categoryId) => this.state.tree.categories.get(categoryId)?.settings.fileUpload ?? true,
      maxFileBytes: this.state.view.settings.maxFileSizeKb * 1024,
    };
  }
}
