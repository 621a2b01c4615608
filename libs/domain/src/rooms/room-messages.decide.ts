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

export interface RoomMessageContext extends MentionDirectory {
  actorId: string;
  authz: Authorizer;
  access: RoomAccess;
  messages: MessageFacts;
}

/** How @mentions are resolved. */
export interface MentionDirectory {
  /** Resolves an @mention to a user id, if it names one. */
  userIdByName(name: string): string | undefined;
  /** The users of the group an @mention names (its members, nested groups too), if it names a group and no user. */
  usersOfGroupNamed?(name: string): Iterable<string> | undefined;
  /** The users in the room now, whom `@here` reaches. */
  present?(): Iterable<string>;
}

type Out = Decided<RoomEvent>[];

const MENTION = /(^|[^\w@])@([\w.-]{1,64})/g;
/** Users named one by one in a message, at most. */
const NAMED_MAX = 100;
/** Users a message mentions in all, @group and @here included (the event stays small). */
const MENTIONED_MAX = 1_000;

/**
 * The users a text mentions, each once: `@name` for a user (known names only, at most 100), or for
 * a group when no user has that name (its members), and `@here` for the people in the room now.
 * A group's or the room's people are kept only if `mayRead` lets them read the room. At most 1,000.
 */
export function mentionsIn(text: string, directory: MentionDirectory, mayRead: (userId: string) => boolean = () => true): string[] {
  const ids = new Set<string>();
  let named = 0;
  const many = (users: Iterable<string>) => {
    for (const id of users) {
      if (ids.size >= MENTIONED_MAX) return;
      if (mayRead(id)) ids.add(id);
    }
  };
  for (const match of text.matchAll(MENTION)) {
    if (ids.size >= MENTIONED_MAX) break;
    const name = match[2]!.replace(/\.+$/, '');
    if (name.toLowerCase() === 'here') {
      many(directory.present?.() ?? []);
      continue;
    }
    const id = directory.userIdByName(name);
    if (id) {
      if (named++ < NAMED_MAX) ids.add(id);
      continue;
    }
    const group = directory.usersOfGroupNamed?.(name);
    if (group) many(group);
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
            mentions: mentionsIn(command.story ? `${command.text}\n${command.story.body}` : command.text, ctx, (userId) => ctx.access.canRead(userId, room)),
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
