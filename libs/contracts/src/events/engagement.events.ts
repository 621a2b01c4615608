import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { AggregateIdSchema } from '../ids.js';

/**
 * How one user keeps on top of many rooms: followed rooms, read positions, notification
 * preferences, answers to invitations. One aggregate per user, `chat.engagement.<userId>`, written
 * by whichever channel server the user's session is on (docs/engagement.md, ADR 0011).
 */
const roomId = AggregateIdSchema;

export const NotificationLevelSchema = z.enum(['all', 'mentions', 'none']);
export type NotificationLevel = z.infer<typeof NotificationLevelSchema>;

/** The user follows a room: unread and mention counts are kept for it, joined or not. */
export const RoomFollowed = defineEvent({ type: 'RoomFollowed', v: 1, aggregate: 'engagement', data: z.strictObject({ roomId }) });
export const RoomUnfollowed = defineEvent({ type: 'RoomUnfollowed', v: 1, aggregate: 'engagement', data: z.strictObject({ roomId }) });

/** Everything up to `seq` (a room seq) has been read, on any device. Positions only move forward. */
export const ReadPositionSet = defineEvent({
  type: 'ReadPositionSet',
  v: 1,
  aggregate: 'engagement',
  data: z.strictObject({ roomId, seq: z.number().int().min(0) }),
});

/** Which of a room's messages notify the user: all, only those that mention them, none. */
export const NotificationLevelSet = defineEvent({
  type: 'NotificationLevelSet',
  v: 1,
  aggregate: 'engagement',
  data: z.strictObject({ roomId, level: NotificationLevelSchema }),
});

/** The user accepted the invitation to a room (and so follows it). */
export const InvitationAccepted = defineEvent({ type: 'InvitationAccepted', v: 1, aggregate: 'engagement', data: z.strictObject({ roomId }) });
/** The user declined the invitation to a room. */
export const InvitationDeclined = defineEvent({ type: 'InvitationDeclined', v: 1, aggregate: 'engagement', data: z.strictObject({ roomId }) });

/** Limits of topic feed filters. */
export const FeedLimits = { filtersPerUser: 100, termsMax: 20, termMax: 100, fromMax: 50, roomsMax: 100, nameMax: 100 } as const;

/**
 * A topic feed filter: messages matching it, in rooms the user may read, arrive in their feed.
 * A message matches when it contains any of `terms` (words or phrases, matched as whole words,
 * case-insensitively) — or any message when there are no terms — and is by one of `from` (anyone
 * when empty) in one of `rooms` (everywhere the user may read when empty). At least one term or
 * one author. `alert` feeds notify; `quiet` ones only collect.
 */
export const FeedFilterSchema = z
  .strictObject({
    filterId: AggregateIdSchema,
    name: z.string().trim().min(1).max(FeedLimits.nameMax),
    terms: z.array(z.string().trim().min(1).max(FeedLimits.termMax)).max(FeedLimits.termsMax),
    from: z.array(AggregateIdSchema).max(FeedLimits.fromMax),
    rooms: z.array(AggregateIdSchema).max(FeedLimits.roomsMax),
    mode: z.enum(['alert', 'quiet']),
  })
  .refine((f) => f.terms.length > 0 || f.from.length > 0, { message: 'give at least one term or one author', path: ['terms'] });
export type FeedFilter = z.infer<typeof FeedFilterSchema>;

export const FeedFilterAdded = defineEvent({ type: 'FeedFilterAdded', v: 1, aggregate: 'engagement', data: FeedFilterSchema });
export const FeedFilterRemoved = defineEvent({ type: 'FeedFilterRemoved', v: 1, aggregate: 'engagement', data: z.strictObject({ filterId: AggregateIdSchema }) });
