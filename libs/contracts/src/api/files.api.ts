import { z } from 'zod';
import { FileLimits } from '../events/room.events.js';
import { AggregateIdSchema } from '../ids.js';

// File posting, served by the files service (docs/files.md).

/** The query of `POST /v1/rooms/:room/files`, whose body is the file's bytes. */
export const UploadQuerySchema = z.strictObject({
  /** The file's name; the server keeps its last path segment, without control characters. */
  name: z.string().min(1).max(1_024),
  /** A line about the file, shown with it in the room. */
  caption: z.string().max(FileLimits.captionMax).optional(),
  /** The size in bytes, when the body is sent chunked: a larger file is refused before it is read, and a body of another size is refused. */
  size: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

export const RoomParamSchema = z.strictObject({ room: AggregateIdSchema });

export const FileViewSchema = z.object({
  id: z.string(),
  roomId: z.string(),
  /** The seq of the room's FilePosted event. */
  seq: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  /** Sniffed from the content. */
  contentType: z.string(),
  sha256: z.string(),
  uploader: z.object({ id: z.string(), name: z.string() }),
  postedAt: z.string(),
  caption: z.string().nullable(),
});
export type FileView = z.infer<typeof FileViewSchema>;

/** `GET /v1/files/:id`: with a signed link, the link's query; `disposition=inline` shows images and text in the browser. */
export const DownloadQuerySchema = z.strictObject({
  disposition: z.enum(['attachment', 'inline']).default('attachment'),
  /** The user the link was made for. */
  user: AggregateIdSchema.optional(),
  /** Unix seconds after which the link is refused. */
  expires: z.coerce.number().int().min(0).optional(),
  signature: z.string().max(128).optional(),
});

export const FileLinkSchema = z.object({
  /** A URL that downloads the file without an Authorization header, for the user who asked, until `expiresAt`. */
  url: z.string(),
  expiresAt: z.string(),
});

// ── between services: the channel service decides who may post and read files in its rooms ──

/** `rooms.file-access`: may the actor read this room's files (`read`) or post one (`upload`)? Answers the room's name, or a coded error. */
export const RoomFileAccessRpcSchema = z.strictObject({
  actorId: AggregateIdSchema,
  roomId: AggregateIdSchema,
  intent: z.enum(['read', 'upload']),
});

export const RoomFileAccessSchema = z.object({ roomId: z.string(), name: z.string() });

/** `rooms.file`: makes a stored file part of the room (a FilePosted event). */
export const RoomFileRpcSchema = z.strictObject({
  actorId: AggregateIdSchema,
  roomId: AggregateIdSchema,
  fileId: AggregateIdSchema,
  name: z.string().min(1).max(FileLimits.nameMax),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  contentType: z.string().min(1).max(FileLimits.contentTypeMax),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  caption: z.string().max(FileLimits.captionMax).nullable(),
  /** Makes a retried request (after a timeout) post once. */
  commandId: z.string().min(1).max(128),
});

export const PostedFileSchema = z.object({
  seq: z.number().int(),
  /** The event's position in the log, so the caller can wait for its projection to reach it. */
  streamSeq: z.number().int(),
  postedAt: z.string(),
});
