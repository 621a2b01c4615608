import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { decideRoomMessage, type RoomMessageCommand } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { LiveRoom } from './live-room.js';
import type { RoomHub } from './room-hub.js';
import type { RoomRegistry } from './room-registry.js';

/**
 * Posting, editing and redacting, as the room's writer: one command at a time per room on this
 * server, decided against the room as it stands, appended fenced on its version; on losing a race
 * to another server, the room catches up from the log and the command is decided again. A post is
 * idempotent by the client's message id: a resend is answered with the first post's seq.
 */
export class MessagingService {
  constructor(
    private readonly log: EventLog,
    private readonly registry: RoomRegistry,
    private readonly hub: RoomHub,
    private readonly state: DirectoryState,
  ) {}

  /** Runs a message command for `actorId` and returns the seq of the event it produced (or of the earlier post it repeats). */
  async execute(actorId: string, roomId: string, command: RoomMessageCommand): Promise<number> {
    const room = await this.registry.get(roomId);
    if (!room.room) throw new NotFoundError(`no room ${roomId}`);
    return room.serially(async () => {
      for (let attempt = 0; ; attempt++) {
        if (command.type === 'PostMessage') {
          const earlier = room.postedAs(actorId, command.clientMsgId);
          if (earlier !== undefined) return earlier;
        }
        const decided = decideRoomMessage(command, room.room, {
          actorId,
          authz: this.state.authz,
          access: this.state.rooms,
          messages: room,
          userIdByName: (name) => this.state.view.userIdByName(name),
        });
        const drafts = decided.map((d) => ({ ...d, actor: { kind: 'user', id: actorId } }) as unknown as EventDraft);
        try {
          const { events } = await this.log.append({ kind: 'room', id: roomId }, drafts, room.version, { commandId: commandId(actorId, command) });
          for (const stored of events) this.hub.dispatch(stored);
          return events.at(-1)!.event.seq;
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 5) throw error;
          await this.catchUp(room);
        }
      }
    });
  }

  private async catchUp(room: LiveRoom): Promise<void> {
    for (const stored of await this.registry.refresh(room)) this.hub.dispatch(stored);
  }
}

/**
 * The log deduplicates appends by command id: a post's is derived from its author and client
 * message id, so a resend after a lost acknowledgement is stored once even on another server.
 */
function commandId(actorId: string, command: RoomMessageCommand): string | undefined {
  if (command.type !== 'PostMessage') return undefined;
  return `post-${createHash('sha256').update(`${actorId}\u0000${command.clientMsgId}`).digest('hex').slice(0, 40)}`;
}

