import { ForbiddenError, NotFoundError, PayloadTooLargeError, type RoomEvent } from '@parley/contracts';
import type { Decided } from '../decider.js';
import type { RoomAccess } from './room-access.js';
import type { Room } from './room.js';

/** A file already in the file store, to become part of the room. */
export interface PostFile {
  type: 'PostFile';
  fileId: string;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  caption: string | null;
}

export interface RoomFileContext {
  actorId: string;
  access: RoomAccess;
  /** The `fileUpload` setting of the room's category (Group Chat's per-category switch). */
  fileUpload(categoryId: string): boolean;
  /** The server's largest file, in bytes (`maxFileSizeKb`). */
  maxFileBytes: number;
}

/** Reading a room's files needs the right to read the room; a room the actor may not see does not exist for them. */
export function checkFileRead(room: Room | undefined, ctx: RoomFileContext): asserts room is Room {
  if (!room || !ctx.access.canSee(ctx.actorId, room)) throw new NotFoundError('no such room');
  if (!ctx.access.canRead(ctx.actorId, room)) throw new ForbiddenError(`you may not read room "${room.name}"`);
}

/**
 * Posting a file needs what posting a message needs (presenters only, in an auditorium; nothing
 * in a disabled room) and a category that allows file upload.
 */
export function checkFileUpload(room: Room | undefined, ctx: RoomFileContext): asserts room is Room {
  if (!room || !ctx.access.canSee(ctx.actorId, room)) throw new NotFoundError('no such room');
  if (room.disabled) throw new ForbiddenError(`room "${room.name}" is disabled`);
  if (!ctx.access.canPost(ctx.actorId, room)) {
    const why = ctx.access.canJoin(ctx.actorId, room) ? `only presenters post in the auditorium "${room.name}"` : `you may not post in room "${room.name}"`;
    throw new ForbiddenError(why);
  }
  if (!ctx.fileUpload(room.categoryId)) throw new ForbiddenError(`file upload is off in the category of room "${room.name}"`);
}

/** Decides a file post: the upload rules, then the size the server allows. */
export function decideFilePost(command: PostFile, room: Room | undefined, ctx: RoomFileContext): Decided<RoomEvent>[] {
  checkFileUpload(room, ctx);
  if (command.size > ctx.maxFileBytes) throw new PayloadTooLargeError(`the file is larger than the server allows (${ctx.maxFileBytes} bytes)`);
  const { fileId, name, size, contentType, sha256, caption } = command;
  return [{ type: 'FilePosted', data: { fileId, name, size, contentType, sha256, caption } }];
}
