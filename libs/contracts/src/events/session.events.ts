import { z } from 'zod';
import { defineActivity } from '../envelope.js';

/** A user's session entered a room (compliance JOIN). */
export const RoomJoined = defineActivity({
  type: 'RoomJoined',
  v: 1,
  subject: 'room',
  data: z.strictObject({ userId: z.string().min(1).max(128), sessionId: z.string().min(1).max(128) }),
});

/** A user's session left a room, or the session ended (compliance PART). */
export const RoomParted = defineActivity({
  type: 'RoomParted',
  v: 1,
  subject: 'room',
  data: z.strictObject({
    userId: z.string().min(1).max(128),
    sessionId: z.string().min(1).max(128),
    reason: z.enum(['left', 'disconnected', 'removed', 'disabled']),
  }),
});

/** Someone read a room's history ("backchat"): on join, or by paging back (compliance BACKCHAT). */
export const HistoryViewed = defineActivity({
  type: 'HistoryViewed',
  v: 1,
  subject: 'room',
  data: z.strictObject({
    userId: z.string().min(1).max(128),
    /** The seqs of the first and last messages shown. */
    fromSeq: z.number().int().min(0),
    toSeq: z.number().int().min(0),
    count: z.number().int().min(0),
  }),
});

/** Someone downloaded a posted file, or a range of it (compliance FILE DOWNLOAD). */
export const FileDownloaded = defineActivity({
  type: 'FileDownloaded',
  v: 1,
  subject: 'room',
  data: z.strictObject({
    userId: z.string().min(1).max(128),
    fileId: z.string().min(1).max(128),
    name: z.string().min(1).max(255),
    /** The bytes asked for: the whole file (null), or a range, both ends inclusive. */
    range: z.strictObject({ start: z.number().int().min(0), end: z.number().int().min(0) }).nullable(),
    /** How the request proved who it was for: an access token, or a signed download link. */
    via: z.enum(['token', 'link']),
  }),
});
