import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError, UnavailableError, uuidv7 } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { decideRoomMessage, type RoomMessageCommand } from '@parley/domain';
import type { EventDraft, EventLog, Version } from '@parley/eventlog';
import { directoryPeople } from '../engagement/directory-people.js';
import type { LiveRoom } from './live-room.js';
import type { RoomHub } from './room-hub.js';
import type { RoomRegistry } from './room-registry.js';

/** How long a write keeps trying while the log is unavailable (a NATS node lost, a leader election). */
const UNAVAILABLE_RETRY_MS = 15_000;

/** Posting, editing and redacting as a session sees it (on this server, or through the room's owner). */
export interface RoomMessaging {
  execute(actorId: string, roomId: string, command: RoomMessageCommand): Promise<number>;
}

/**
 * Posting, editing and redacting, as the room's writer: one command at a time per room on this
 * server, decided against the room as it stands, appended fenced on its version; on losing a race
 * to another server, the room catches up from the log and the command is decided again. A post is
 * idempotent by the client's message id: a resend is answered with the first post's seq.
 */
export class MessagingService implements RoomMessaging {
  /** Appends refused because another server wrote the room first (each then decided again). */
  conflicts = 0;

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
      const giveUpAt = Date.now() + UNAVAILABLE_RETRY_MS;
      // The append decided and not yet confirmed: while the log is unavailable it is sent again as
      // it was (same event ids, so the log stores it once if the first attempt did get through).
      let pending: { drafts: EventDraft[]; version: Version } | undefined;
      for (let collisions = 0, waits = 0; ; ) {
        if (!pending) {
          if (command.type === 'PostMessage') {
            const earlier = room.postedAs(actorId, command.clientMsgId);
            if (earlier !== undefined) return earlier;
          }
          const decided = decideRoomMessage(command, room.room!, {
            actorId,
            authz: this.state.authz,
            access: this.state.rooms,
            messages: room,
            userIdByName: (name) => this.state.view.userIdByName(name),
            usersOfGroupNamed: (name) => this.groupMembers(name),
            present: () => room.presence.keys(),
          });
          pending = { drafts: decided.map((d) => ({ ...d, id: uuidv7(), actor: { kind: 'user', id: actorId } }) as unknown as EventDraft), version: room.version };
        }
        try {
          const { events } = await this.log.append({ kind: 'room', id: roomId }, pending.drafts, pending.version, { commandId: commandId(actorId, command) });
          for (const stored of events) this.hub.dispatch(stored);
          return events.at(-1)!.event.seq;
        } catch (error) {
          if (error instanceof UnavailableError && Date.now() < giveUpAt) {
            // The log lost a node or is electing a leader. Reading the room now would wait for
            // the same election; the fenced append tells whether the room has moved meanwhile.
            await new Promise((resolve) => setTimeout(resolve, Math.min(500, 50 * 2 ** waits++)));
            continue;
          }
          pending = undefined;
          if (!(error instanceof ConflictError) || collisions >= 10) throw error;
          this.conflicts++;
          // Another server wrote the room (ownership is moving, or two servers briefly both own it),
          // or an earlier attempt of this very write was stored after all: catch up and decide
          // again, after a short random pause so that two writers do not keep colliding.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** collisions++)));
          await this.catchUp(room);
        }
      }
    });
  }

  /** The active members of the group with this name (any case), nested groups too; undefined if none has it. */
  private groupMembers(name: string): Iterable<string> | undefined {
    const wanted = name.toLowerCase();
    for (const group of this.state.view.groups.values()) {
      if (!group.removed && group.name.toLowerCase() === wanted) return directoryPeople(this.state).usersNamedBy([{ kind: 'group', id: group.id }]);
    }
    return undefined;
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

