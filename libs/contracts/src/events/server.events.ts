import { z } from 'zod';
import { defineEvent } from '../envelope.js';
import { AggregateIdSchema } from '../ids.js';
import { GroupMemberSchema } from '../principals.js';
import { RoleSchema } from '../roles.js';
import { DnSchema } from './user.events.js';

/** Server-wide settings, policies, roles and add-ins live on `chat.server.config`. */
export const SERVER_CONFIG_ID = 'config';
/** Directory-level facts (organisational units, sync runs) live on `chat.server.directory`. */
export const DIRECTORY_ID = 'directory';

/** Server configuration as in Group Chat / Lync Persistent Chat, with their defaults and ranges. */
export const ServerSettingsSchema = z.strictObject({
  /** Messages a joining client receives at once ("backchat"). */
  backchatSize: z.number().int().min(1).max(500),
  /** Largest file that may be posted, in KB. */
  maxFileSizeKb: z.number().int().min(1).max(2_000_000),
  /** Above this many present participants, per-person join/part notices stop. */
  participantUpdateLimit: z.number().int().min(1).max(100_000),
  /** Where room managers manage their rooms (shown by clients); empty for none. */
  roomManagementUrl: z.union([z.literal(''), z.url().max(2048)]),
});
export type ServerSettings = z.infer<typeof ServerSettingsSchema>;

export const DEFAULT_SERVER_SETTINGS: ServerSettings = Object.freeze({
  backchatSize: 30,
  maxFileSizeKb: 20_000,
  participantUpdateLimit: 75,
  roomManagementUrl: '',
});

/** Where a persistent-chat policy applies: everyone, a group's members, or one user. */
export const PolicyTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('global') }),
  z.strictObject({ kind: z.literal('group'), id: AggregateIdSchema }),
  z.strictObject({ kind: z.literal('user'), id: AggregateIdSchema }),
]);
export type PolicyTarget = z.infer<typeof PolicyTargetSchema>;

export const AddinNameSchema = z.string().trim().min(1).max(256);
export const AddinUrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

export const ServerSettingsChanged = defineEvent({
  type: 'ServerSettingsChanged',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ changes: ServerSettingsSchema.partial().refine((c) => Object.keys(c).length > 0, 'must change something') }),
});

export const PolicySet = defineEvent({
  type: 'PolicySet',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ target: PolicyTargetSchema, persistentChatEnabled: z.boolean() }),
});

export const PolicyCleared = defineEvent({
  type: 'PolicyCleared',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ target: PolicyTargetSchema }),
});

export const AddinRegistered = defineEvent({
  type: 'AddinRegistered',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ addinId: AggregateIdSchema, name: AddinNameSchema, url: AddinUrlSchema }),
});

export const AddinUpdated = defineEvent({
  type: 'AddinUpdated',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({
    addinId: AggregateIdSchema,
    changes: z.strictObject({ name: AddinNameSchema.optional(), url: AddinUrlSchema.optional() }).refine((c) => Object.keys(c).length > 0, 'must change something'),
  }),
});

export const AddinRemoved = defineEvent({
  type: 'AddinRemoved',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ addinId: AggregateIdSchema }),
});

export const RoleGranted = defineEvent({
  type: 'RoleGranted',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ role: RoleSchema, principal: GroupMemberSchema }),
});

export const RoleRevoked = defineEvent({
  type: 'RoleRevoked',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ role: RoleSchema, principal: GroupMemberSchema }),
});

export const OrganizationalUnitAdded = defineEvent({
  type: 'OrganizationalUnitAdded',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ externalId: z.string().min(1).max(128), dn: DnSchema, name: z.string().max(256), parentDn: DnSchema.nullable() }),
});

export const OrganizationalUnitChanged = defineEvent({
  type: 'OrganizationalUnitChanged',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ externalId: z.string().min(1).max(128), dn: DnSchema, name: z.string().max(256), parentDn: DnSchema.nullable() }),
});

export const OrganizationalUnitRemoved = defineEvent({
  type: 'OrganizationalUnitRemoved',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({ externalId: z.string().min(1).max(128) }),
});

/** A directory sync run finished; `watermark` is where the next incremental run starts. */
export const DirectorySynced = defineEvent({
  type: 'DirectorySynced',
  v: 1,
  aggregate: 'server',
  data: z.strictObject({
    mode: z.enum(['full', 'incremental']),
    watermark: z.string().max(256),
    counts: z.strictObject({
      usersAdded: z.number().int().min(0),
      usersChanged: z.number().int().min(0),
      usersDisabled: z.number().int().min(0),
      usersEnabled: z.number().int().min(0),
      usersRemoved: z.number().int().min(0),
      groupsAdded: z.number().int().min(0),
      groupsChanged: z.number().int().min(0),
      groupsRemoved: z.number().int().min(0),
      membershipChanges: z.number().int().min(0),
    }),
    warnings: z.array(z.string().max(1024)).max(100),
  }),
});
