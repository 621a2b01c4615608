import { z } from 'zod';
import { FeedLimits, NotificationLevelSchema } from '../events/engagement.events.js';
import { AggregateIdSchema } from '../ids.js';

/**
 * Invitations, followed rooms, read positions and unread counts of the signed-in user, on the
 * channel service (docs/engagement.md).
 */

/** An invitation to a room waiting for an answer. */
export const InvitationViewSchema = z.object({
  roomId: z.string(),
  roomName: z.string(),
  /** Who added the user to the room. */
  invitedBy: z.object({ id: z.string(), label: z.string() }),
  invitedAt: z.string(),
});
export type InvitationView = z.infer<typeof InvitationViewSchema>;
export const InvitationListSchema = z.object({ items: z.array(InvitationViewSchema) });

/** Where the user stands in one room. */
export const RoomStandingSchema = z.object({
  roomId: z.string(),
  roomName: z.string(),
  /** Messages and files by others after the read position. */
  unread: z.number().int().min(0),
  /** Of those, the ones mentioning the user. */
  mentions: z.number().int().min(0),
  /** Everything up to this seq has been read. */
  readSeq: z.number().int().min(0),
  /** The room's latest seq: reading up to it marks everything read. */
  lastSeq: z.number().int().min(0),
  level: NotificationLevelSchema,
  following: z.boolean(),
});
export type RoomStanding = z.infer<typeof RoomStandingSchema>;
/** Followed rooms, and any other room with unread mentions. */
export const UnreadListSchema = z.object({ items: z.array(RoomStandingSchema) });

export const ReadPositionRequestSchema = z.strictObject({ seq: z.number().int().min(0) });
export const NotificationLevelRequestSchema = z.strictObject({ level: NotificationLevelSchema });

/** A new topic feed filter (docs/engagement.md). Authors by user name or id; rooms by id. */
export const FeedFilterRequestSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(FeedLimits.nameMax),
    terms: z.array(z.string().trim().min(1).max(FeedLimits.termMax)).max(FeedLimits.termsMax).default([]),
    from: z.array(z.string().trim().min(1).max(256)).max(FeedLimits.fromMax).default([]),
    rooms: z.array(AggregateIdSchema).max(FeedLimits.roomsMax).default([]),
    mode: z.enum(['alert', 'quiet']).default('alert'),
  })
  .refine((f) => f.terms.length > 0 || f.from.length > 0, { message: 'give at least one term or one author', path: ['terms'] });
export type FeedFilterRequest = z.input<typeof FeedFilterRequestSchema>;
export type FeedFilterSpec = z.output<typeof FeedFilterRequestSchema>;

export const FeedFilterViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  terms: z.array(z.string()),
  from: z.array(z.object({ id: z.string(), label: z.string() })),
  rooms: z.array(z.object({ id: z.string(), label: z.string() })),
  mode: z.enum(['alert', 'quiet']),
});
export type FeedFilterView = z.infer<typeof FeedFilterViewSchema>;
export const FeedFilterListSchema = z.object({ items: z.array(FeedFilterViewSchema) });

/** A message that matched some of the user's filters. */
export const FeedItemSchema = z.object({
  roomId: z.string(),
  roomName: z.string(),
  seq: z.number().int(),
  author: z.object({ id: z.string(), label: z.string() }),
  text: z.string(),
  filterIds: z.array(z.string()),
  alert: z.boolean(),
  occurredAt: z.string(),
  /** `parley://room/<id>?seq=<seq>`: the message in its room. */
  link: z.string(),
});
export type FeedItem = z.infer<typeof FeedItemSchema>;

export const FeedQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `next` of the previous page. */
  before: z.coerce.number().int().min(1).optional(),
});
export type FeedQuery = z.output<typeof FeedQuerySchema>;
export const FeedPageSchema = z.object({ items: z.array(FeedItemSchema), next: z.number().int().nullable() });
