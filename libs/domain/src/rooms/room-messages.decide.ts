import { ForbiddenError, NotFoundError, type RoomEvent } from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import type { Authorizer } from '../directory/authorizer.js';
import { canManageRoom } from './room-admin.decide.js';
import type { RoomAccess } from './room-access.js';
import type { Room } from './room.js';

export type RoomMessageCommand =
  | { type: 'PostMessage'; clientMsgId: string; text: string; alert: boolean; story: { title: string; body: string } | null }
  | { type: 'EditMessage'; messageSeq: number; text: string }
  | { type: 'RedactMessage'; messageSeq: number; reason: string | null };

/** What a message decision needs to know about earlier messages, from the room's recent history. */
export interface MessageFacts {
  author(messageSeq: number): { authorId: string; redacted: boolean } | undefined;
}

export interface RoomMessageContext {
  actorId: string;
  authz: Authorizer;
  access: RoomAccess;
  messages: MessageFacts;
  /** Resolves an @mention to a user id, if it names one. */
  userIdByName(name: string): string | undefined;
}

type Out = Decided<RoomEvent>[];

const MENTION = /(^|[^\w@])@([\w.-]{1,64})/g;

/** The users a text mentions with @name (known names only, each once, at most 100). */
export function mentionsIn(text: string, userIdByName: (name: string) => string | undefined): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(MENTION)) {
    const id = userIdByName(match[2]!.replace(/\.+$/, ''));
    if (id) ids.add(id);
    if (ids.size >= 100) break;
  }
  return [...ids];
}

function assertOpen(room: Room | undefined): asserts room is Room {
  if (!room || room.removed) throw new NotFoundError('no such room');
  if (room.disabled) throw new ForbiddenError(`room "${room.name}" is disabled`);
}

/**
 * Decides posting, editing and redacting: only those who may post post (presenters in an
 * auditorium), authors edit their own messages, authors and managers redact, and a disabled room
 * accepts nothing. Redacted messages cannot be edited.
 */
export function decideRoomMessage(command: RoomMessageCommand, room: Room | undefined, ctx: RoomMessageContext): Out {
  assertOpen(room);
  switch (command.type) {
    case 'PostMessage': {
      if (!ctx.access.canPost(ctx.actorId, room)) {
        const why = ctx.access.canJoin(ctx.actorId, room) ? `only presenters post in the auditorium "${room.name}"` : `you may not post in room "${room.name}"`;
        throw new ForbiddenError(why);
      }
      return [
        {
          type: 'MessagePosted',
          data: {
            clientMsgId: command.clientMsgId,
            text: command.text,
            alert: command.alert,
            story: command.story,
            mentions: mentionsIn(command.story ? `${command.text}\n${command.story.body}` : command.text, ctx.userIdByName),
          },
        },
      ];
    }
    case 'EditMessage':
    case 'RedactMessage': {
      if (!ctx.access.canJoin(ctx.actorId, room)) throw new ForbiddenError(`you may not change messages in room "${room.name}"`);
      const message = ctx.messages.author(command.messageSeq);
      if (!message) throw new NotFoundError(`messageSeq: no message ${command.messageSeq} in room "${room.name}"`);
      if (message.redacted) throw new ForbiddenError(`messageSeq: message ${command.messageSeq} was redacted`);
      if (command.type === 'EditMessage') {
        if (message.authorId !== ctx.actorId) throw new ForbiddenError('only the author may edit a message');
        return [{ type: 'MessageEdited', data: { messageSeq: command.messageSeq, text: command.text } }];
      }
      if (message.authorId !== ctx.actorId && !canManageRoom(room, ctx.actorId, ctx.authz)) {
        throw new ForbiddenError('only the author, the room’s managers and administrators may redact a message');
      }
      return [{ type: 'MessageRedacted', data: { messageSeq: command.messageSeq, reason: command.reason } }];
    }
    default:
      return assertNever(command);
  }
}
