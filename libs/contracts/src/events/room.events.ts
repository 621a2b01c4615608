import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { AggregateIdSchema } from '../ids.js';
import { PrincipalSchema } from '../principals.js';

/** Limits shared by the server, the CLI and the web client. */
export const RoomLimits = {
  nameMax: 256,
  descriptionMax: 256,
  disclaimerMax: 4_000,
  textMax: 8_000,
  storyTitleMax: 256,
  storyBodyMax: 64_000,
  clientMsgIdMax: 128,
} as const;

export const RoomPrivacySchema = z.enum(['open', 'closed', 'secret']);
export const RoomTypeSchema = z.enum(['normal', 'auditorium']);

export const RoomCreated = defineEvent({
  type: 'RoomCreated',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    categoryId: AggregateIdSchema,
    name: z.string().trim().min(1).max(RoomLimits.nameMax),
    description: z.string().max(RoomLimits.descriptionMax),
    privacy: RoomPrivacySchema,
    roomType: RoomTypeSchema,
    /** `inherit` takes the category's invitation setting; `off` sends none. */
    invitations: z.enum(['inherit', 'off']),
    addinId: AggregateIdSchema.nullable(),
    disclaimer: z.string().max(RoomLimits.disclaimerMax),
    members: z.array(PrincipalSchema).max(10_000),
    managers: z.array(PrincipalSchema).max(1_000),
    presenters: z.array(PrincipalSchema).max(1_000),
  }),
});

export const StorySchema = z.strictObject({
  title: z.string().trim().min(1).max(RoomLimits.storyTitleMax),
  body: z.string().min(1).max(RoomLimits.storyBodyMax),
});

export const MessagePosted = defineEvent({
  type: 'MessagePosted',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    /** The client's id for this post; a retry with the same id is stored once. */
    clientMsgId: z.string().min(1).max(RoomLimits.clientMsgIdMax),
    /** Plain text; links and @mentions are recognised by clients, never rendered as HTML. */
    text: z.string().min(1).max(RoomLimits.textMax),
    /** High-priority message. */
    alert: z.boolean(),
    /** A story: a titled long post. `text` then holds its summary. */
    story: StorySchema.nullable(),
    /** User ids mentioned with @. */
    mentions: z.array(z.string().min(1).max(256)).max(100),
  }),
});

export const MessageEdited = defineEvent({
  type: 'MessageEdited',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    /** The room seq of the MessagePosted event being edited. */
    messageSeq: z.number().int().min(1),
    text: z.string().min(1).max(RoomLimits.textMax),
  }),
});

export const MessageRedacted = defineEvent({
  type: 'MessageRedacted',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    /** The room seq of the MessagePosted event being redacted; its text leaves every projection. */
    messageSeq: z.number().int().min(1),
    reason: z.string().max(RoomLimits.descriptionMax).nullable(),
  }),
});

export const RoomRoleSchema = z.enum(['members', 'managers', 'presenters']);
export type RoomRole = z.infer<typeof RoomRoleSchema>;

/** Room settings that can change after creation. */
export const RoomSettingsChangesSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(RoomLimits.nameMax).optional(),
    description: z.string().max(RoomLimits.descriptionMax).optional(),
    categoryId: AggregateIdSchema.optional(),
    privacy: RoomPrivacySchema.optional(),
    roomType: RoomTypeSchema.optional(),
    invitations: z.enum(['inherit', 'off']).optional(),
    addinId: AggregateIdSchema.nullable().optional(),
    disclaimer: z.string().max(RoomLimits.disclaimerMax).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const RoomUpdated = defineEvent({
  type: 'RoomUpdated',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({ changes: RoomSettingsChangesSchema }),
});

/** Members, managers or presenters added and removed (users, groups, OUs). */
export const RoomRolesChanged = defineEvent({
  type: 'RoomRolesChanged',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    role: RoomRoleSchema,
    added: z.array(PrincipalSchema).max(1_000),
    removed: z.array(PrincipalSchema).max(1_000),
  }),
});

/** A disabled room accepts nothing until it is enabled again. */
export const RoomDisabled = defineEvent({ type: 'RoomDisabled', v: 1, aggregate: 'room', data: z.strictObject({}) });
export const RoomEnabled = defineEvent({ type: 'RoomEnabled', v: 1, aggregate: 'room', data: z.strictObject({}) });
/** The room is gone for users; the log and the compliance archive keep its history. */
export const RoomRemoved = defineEvent({ type: 'RoomRemoved', v: 1, aggregate: 'room', data: z.strictObject({}) });

/** An administrator or manager removed messages matching a filter; their text is replaced for readers. */
export const MessagesRemoved = defineEvent({
  type: 'MessagesRemoved',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    /** The room seqs of the MessagePosted events removed. */
    messageSeqs: z.array(z.number().int().min(1)).min(1).max(10_000),
    /** What readers see instead (the log and the compliance archive keep the original). */
    replacement: z.string().max(RoomLimits.textMax),
    /** The filter that selected them, as given, for the record. */
    filter: z.strictObject({
      authorId: z.string().max(256).nullable(),
      contains: z.string().max(256).nullable(),
      fromSeq: z.number().int().min(1).nullable(),
      toSeq: z.number().int().min(1).nullable(),
    }),
  }),
});

/** History up to and including `upToSeq` is cleared for readers (not from the log or the archive). */
export const HistoryCleared = defineEvent({
  type: 'HistoryCleared',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({ upToSeq: z.number().int().min(1) }),
});

/** Limits of posted files shared by the server, the CLI and the web client. */
export const FileLimits = {
  nameMax: 255,
  captionMax: 1_000,
  contentTypeMax: 255,
} as const;

/**
 * Someone posted a file to the room. The bytes live in the file store under `fileId`; this event
 * is what makes them part of the room (the files service removes objects no event names).
 */
export const FilePosted = defineEvent({
  type: 'FilePosted',
  v: 1,
  aggregate: 'room',
  data: z.strictObject({
    /** The file's id (UUIDv7): `GET /v1/files/<fileId>` on the files service. */
    fileId: AggregateIdSchema,
    /** The file's name as sanitised by the server (no paths, no control characters). */
    name: z.string().min(1).max(FileLimits.nameMax),
    /** Bytes. */
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** The media type sniffed from the content (never taken from the name or the client). */
    contentType: z.string().min(1).max(FileLimits.contentTypeMax),
    /** SHA-256 of the content, lower-case hex. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** A line the poster wrote about the file. */
    caption: z.string().max(FileLimits.captionMax).nullable(),
  }),
});
