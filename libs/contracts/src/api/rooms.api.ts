import { z } from 'zod';
import { RoomLimits, RoomPrivacySchema, RoomRoleSchema, RoomTypeSchema } from '../events/room.events.js';
import { AggregateIdSchema } from '../ids.js';
import { PrincipalSchema } from '../principals.js';
import { ListChangeSchema, PrincipalRefSchema, PrincipalViewSchema } from './common.api.js';

/** A room's address, as clients and the directory write it. */
export const roomUri = (roomId: string) => `parley://room/${roomId}`;

const RoomSettingsShape = {
  name: z.string().trim().min(1).max(RoomLimits.nameMax),
  description: z.string().max(RoomLimits.descriptionMax),
  privacy: RoomPrivacySchema,
  roomType: RoomTypeSchema,
  invitations: z.enum(['inherit', 'off']),
  addinId: AggregateIdSchema.nullable(),
  disclaimer: z.string().max(RoomLimits.disclaimerMax),
};

// ── the admin API (provisioning) ────────────────────────────────────────────────────────────

export const CreateRoomRequestSchema = z.strictObject({
  categoryId: AggregateIdSchema,
  name: RoomSettingsShape.name,
  description: RoomSettingsShape.description.default(''),
  privacy: RoomSettingsShape.privacy.default('open'),
  roomType: RoomSettingsShape.roomType.default('normal'),
  invitations: RoomSettingsShape.invitations.default('inherit'),
  addinId: RoomSettingsShape.addinId.default(null),
  disclaimer: RoomSettingsShape.disclaimer.default(''),
  members: z.array(PrincipalRefSchema).max(1_000).default([]),
  /** Empty: the creator manages the room. */
  managers: z.array(PrincipalRefSchema).max(1_000).default([]),
  presenters: z.array(PrincipalRefSchema).max(1_000).default([]),
});

export const UpdateRoomRequestSchema = z
  .strictObject({
    name: RoomSettingsShape.name.optional(),
    description: RoomSettingsShape.description.optional(),
    categoryId: AggregateIdSchema.optional(),
    privacy: RoomSettingsShape.privacy.optional(),
    roomType: RoomSettingsShape.roomType.optional(),
    invitations: RoomSettingsShape.invitations.optional(),
    addinId: RoomSettingsShape.addinId.optional(),
    disclaimer: RoomSettingsShape.disclaimer.optional(),
    members: ListChangeSchema.optional(),
    managers: ListChangeSchema.optional(),
    presenters: ListChangeSchema.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const RoomViewSchema = z.object({
  id: z.string(),
  uri: z.string(),
  categoryId: z.string(),
  name: z.string(),
  description: z.string(),
  privacy: RoomPrivacySchema,
  roomType: RoomTypeSchema,
  invitations: z.enum(['inherit', 'off']),
  addinId: z.string().nullable(),
  disclaimer: z.string(),
  members: z.array(PrincipalViewSchema),
  managers: z.array(PrincipalViewSchema),
  presenters: z.array(PrincipalViewSchema),
  disabled: z.boolean(),
});
export type RoomView = z.infer<typeof RoomViewSchema>;

export const RoomSummarySchema = z.object({ id: z.string(), uri: z.string(), categoryId: z.string(), categoryPath: z.array(z.string()), name: z.string() });

export const RoomListQuerySchema = z.strictObject({
  categoryId: AggregateIdSchema.optional(),
  /** Prefix of the room name, case-insensitive. */
  q: z.string().max(256).optional(),
});

// ── between services: room commands, executed by the channel service that owns the room ──────

/** A room administration command with principals already resolved to ids. */
export const RoomAdminCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('CreateRoom'),
    categoryId: AggregateIdSchema,
    ...RoomSettingsShape,
    members: z.array(PrincipalSchema).max(1_000),
    managers: z.array(PrincipalSchema).max(1_000),
    presenters: z.array(PrincipalSchema).max(1_000),
  }),
  z.strictObject({
    type: z.literal('UpdateRoom'),
    changes: z.strictObject({
      name: RoomSettingsShape.name.optional(),
      description: RoomSettingsShape.description.optional(),
      categoryId: AggregateIdSchema.optional(),
      privacy: RoomSettingsShape.privacy.optional(),
      roomType: RoomSettingsShape.roomType.optional(),
      invitations: RoomSettingsShape.invitations.optional(),
      addinId: RoomSettingsShape.addinId.optional(),
      disclaimer: RoomSettingsShape.disclaimer.optional(),
    }),
  }),
  z.strictObject({ type: z.literal('ChangeRoomRoles'), role: RoomRoleSchema, add: z.array(PrincipalSchema).max(1_000), remove: z.array(PrincipalSchema).max(1_000) }),
  z.strictObject({ type: z.literal('DisableRoom') }),
  z.strictObject({ type: z.literal('EnableRoom') }),
  z.strictObject({ type: z.literal('RemoveRoom') }),
]);
export type RoomAdminCommandInput = z.infer<typeof RoomAdminCommandSchema>;

export const RoomCommandRpcSchema = z.strictObject({
  /** The user on whose behalf the command runs; the channel service authorises it. */
  actorId: AggregateIdSchema,
  roomId: AggregateIdSchema,
  /** Several commands run in order, all or nothing (one admin request may change settings and roles). */
  commands: z.array(RoomAdminCommandSchema).min(1).max(16),
  /** Makes a retried request (after a timeout) run once. */
  commandId: z.string().min(1).max(128),
});

export const RoomGetRpcSchema = z.strictObject({ actorId: AggregateIdSchema, roomId: AggregateIdSchema });

// ── room content: removal by filter and history clearing (managers and administrators) ──────

const MessageFilterShape = {
  contains: z.string().min(1).max(256).optional(),
  fromSeq: z.number().int().min(1).optional(),
  toSeq: z.number().int().min(1).optional(),
};

export const RemoveMessagesRequestSchema = z.strictObject({
  /** Only messages by this user. */
  author: PrincipalRefSchema.optional(),
  ...MessageFilterShape,
  /** What readers see instead of each removed message. */
  replacement: z.string().max(RoomLimits.textMax).default('[removed by a moderator]'),
});

export const ClearHistoryRequestSchema = z.strictObject({ upToSeq: z.number().int().min(1) });

export const RoomContentResultSchema = z.object({ removed: z.number().int(), seq: z.number().int() });

export const RoomContentRpcSchema = z.strictObject({
  actorId: AggregateIdSchema,
  roomId: AggregateIdSchema,
  command: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('RemoveMessages'),
      filter: z.strictObject({
        authorId: AggregateIdSchema.nullable(),
        contains: z.string().max(256).nullable(),
        fromSeq: z.number().int().min(1).nullable(),
        toSeq: z.number().int().min(1).nullable(),
      }),
      replacement: z.string().max(RoomLimits.textMax),
    }),
    z.strictObject({ type: z.literal('ClearHistory'), upToSeq: z.number().int().min(1) }),
  ]),
  commandId: z.string().min(1).max(128),
});

// ── the lookup service: where sessions go, and where rooms are ──────────────────────────────

export const SessionTargetSchema = z.object({ instanceId: z.string(), url: z.string() });
export type SessionTarget = z.infer<typeof SessionTargetSchema>;

export const SessionQuerySchema = z.strictObject({
  /** An instance to avoid (the one the client just lost); ignored when it is the only one. */
  exclude: z.string().max(128).optional(),
});

export const RoomDirectoryEntrySchema = z.object({
  id: z.string(),
  uri: z.string(),
  name: z.string(),
  description: z.string(),
  categoryId: z.string(),
  categoryPath: z.array(z.string()),
  privacy: RoomPrivacySchema,
  roomType: RoomTypeSchema,
  disabled: z.boolean(),
  /** The channel server that owns the room now, if any is alive. */
  owner: SessionTargetSchema.nullable(),
});
export type RoomDirectoryEntry = z.infer<typeof RoomDirectoryEntrySchema>;

export const RoomSearchQuerySchema = z.strictObject({
  /** Words the room's name, description or category must contain (case-insensitive). */
  q: z.string().max(256).optional(),
  categoryId: AggregateIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().max(512).optional(),
});
export type RoomSearchQuery = { q?: string; categoryId?: string; limit?: number; after?: string };

export const InstanceViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  sessions: z.number().int(),
  rooms: z.number().int(),
  draining: z.boolean(),
  startedAt: z.string(),
});
export type InstanceView = z.infer<typeof InstanceViewSchema>;
