import { z } from 'zod';
import { CategoryDescriptionSchema, CategoryNameSchema, CategorySettingsSchema } from '../events/category.events.js';
import { AddinNameSchema, AddinUrlSchema, ServerSettingsSchema } from '../events/server.events.js';
import { DisplayNameSchema, EmailSchema, UsernameSchema } from '../events/user.events.js';
import { AggregateIdSchema } from '../ids.js';
import { RoleSchema } from '../roles.js';
import { ListChangeSchema, PageQuerySchema, PrincipalRefSchema, PrincipalViewSchema } from './common.api.js';

// ── sign-in ─────────────────────────────────────────────────────────────────────────────────

export const LoginRequestSchema = z.strictObject({
  username: z.string().trim().min(1).max(256),
  password: z.string().min(1).max(1024),
});

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(512) });

export const OidcLoginRequestSchema = z.strictObject({ idToken: z.string().min(1).max(8192) });

export const TokenResponseSchema = z.object({
  accessToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
  refreshToken: z.string(),
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), roles: z.array(RoleSchema) }),
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const ChangePasswordRequestSchema = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

/** Where clients find the other services. */
export const EndpointsSchema = z.object({
  /**
   * Base URL of a channel server (or the balancer in front of them) for live sessions: connect a
   * WebSocket to `<channel>/v1/ws`. Clients that know `lookup` ask it instead.
   */
  channel: z.string(),
  /** Base URL of the lookup service: `GET <lookup>/v1/lookup/session` names the channel server for a new session. */
  lookup: z.string().optional(),
  /** Base URL of the compliance service (compliance officers). */
  compliance: z.string().optional(),
  /** Base URL of the files service (uploads and downloads); absent on servers without one. */
  files: z.string().optional(),
});

// ── users and groups ────────────────────────────────────────────────────────────────────────

export const UserViewSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string(),
  source: z.enum(['local', 'directory']),
  enabled: z.boolean(),
  dn: z.string().nullable(),
  roles: z.array(RoleSchema),
});
export type UserView = z.infer<typeof UserViewSchema>;

export const UserDetailSchema = UserViewSchema.extend({
  groups: z.array(z.object({ id: z.string(), name: z.string() })),
  persistentChatEnabled: z.boolean(),
});

export const UserListQuerySchema = PageQuerySchema.extend({
  /** Prefix of the user name, display name or e-mail address. */
  q: z.string().max(256).optional(),
  /** Exactly this user name (any case). */
  username: z.string().max(256).optional(),
  source: z.enum(['local', 'directory']).optional(),
  enabled: z.enum(['true', 'false']).optional(),
});

export const CreateUserRequestSchema = z.strictObject({
  username: UsernameSchema,
  displayName: DisplayNameSchema.default(''),
  email: EmailSchema.default(''),
  /** The initial password (checked against the password policy); omit to have one generated and returned once. */
  password: z.string().min(1).max(1024).optional(),
});

export const CreatedUserSchema = UserViewSchema.extend({ generatedPassword: z.string().optional() });

export const UpdateUserRequestSchema = z
  .strictObject({ displayName: DisplayNameSchema.optional(), email: EmailSchema.optional() })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const ResetPasswordRequestSchema = z.strictObject({ password: z.string().min(1).max(1024).optional() });

export const GroupViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  source: z.enum(['local', 'directory']),
  dn: z.string().nullable(),
  memberCount: z.number().int(),
});

export const GroupDetailSchema = GroupViewSchema.extend({ members: z.array(PrincipalViewSchema) });

export const GroupListQuerySchema = PageQuerySchema.extend({ q: z.string().max(256).optional() });

export const CreateGroupRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(256),
  description: z.string().max(1024).default(''),
  members: z.array(PrincipalRefSchema).max(1_000).default([]),
});

export const UpdateGroupRequestSchema = z
  .strictObject({ name: z.string().trim().min(1).max(256).optional(), description: z.string().max(1024).optional(), members: ListChangeSchema.optional() })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const ResetPasswordResponseSchema = z.object({ generatedPassword: z.string().optional() });

// ── directory ───────────────────────────────────────────────────────────────────────────────

export const DirectorySyncRequestSchema = z.strictObject({ full: z.boolean().default(false) });

export const DirectorySyncResultSchema = z.object({
  mode: z.enum(['full', 'incremental']),
  durationMs: z.number(),
  usersAdded: z.number().int(),
  usersChanged: z.number().int(),
  usersDisabled: z.number().int(),
  usersEnabled: z.number().int(),
  usersRemoved: z.number().int(),
  groupsAdded: z.number().int(),
  groupsChanged: z.number().int(),
  groupsRemoved: z.number().int(),
  membershipChanges: z.number().int(),
  warnings: z.array(z.string()),
});
export type DirectorySyncResult = z.infer<typeof DirectorySyncResultSchema>;

export const DirectoryStatusSchema = z.object({
  configured: z.boolean(),
  lastSync: z.object({ mode: z.enum(['full', 'incremental']), at: z.string() }).nullable(),
});

// ── categories ──────────────────────────────────────────────────────────────────────────────

export const CategoryViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  parentId: z.string().nullable(),
  /** Names from the root down to this category. */
  path: z.array(z.string()),
  allowed: z.array(PrincipalViewSchema),
  denied: z.array(PrincipalViewSchema),
  creators: z.array(PrincipalViewSchema),
  settings: CategorySettingsSchema,
  roomCount: z.number().int(),
  childCount: z.number().int(),
});
export type CategoryView = z.infer<typeof CategoryViewSchema>;

export const CreateCategoryRequestSchema = z.strictObject({
  name: CategoryNameSchema,
  description: CategoryDescriptionSchema.default(''),
  parentId: AggregateIdSchema.nullable().default(null),
  allowed: z.array(PrincipalRefSchema).max(1_000).default([]),
  denied: z.array(PrincipalRefSchema).max(1_000).default([]),
  creators: z.array(PrincipalRefSchema).max(1_000).default([]),
  settings: CategorySettingsSchema.partial().default({}),
});

export const UpdateCategoryRequestSchema = z
  .strictObject({
    name: CategoryNameSchema.optional(),
    description: CategoryDescriptionSchema.optional(),
    /** Move under another category, or to the top (null). */
    parentId: AggregateIdSchema.nullable().optional(),
    settings: CategorySettingsSchema.partial().optional(),
    allowed: ListChangeSchema.optional(),
    denied: ListChangeSchema.optional(),
    creators: ListChangeSchema.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

// ── server configuration, policies, add-ins, roles ────────────────────────────────────────

export const SettingsPatchSchema = ServerSettingsSchema.partial()
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const PolicyViewSchema = z.object({
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('global') }),
    z.object({ kind: z.literal('group'), id: z.string(), label: z.string() }),
    z.object({ kind: z.literal('user'), id: z.string(), label: z.string() }),
  ]),
  persistentChatEnabled: z.boolean(),
});

export const SetPolicyRequestSchema = z.strictObject({
  target: z.union([z.strictObject({ kind: z.literal('global') }), PrincipalRefSchema]),
  persistentChatEnabled: z.boolean(),
});

export const ClearPolicyRequestSchema = z.strictObject({ target: z.union([z.strictObject({ kind: z.literal('global') }), PrincipalRefSchema]) });

export const AddinViewSchema = z.object({ id: z.string(), name: z.string(), url: z.string() });

export const CreateAddinRequestSchema = z.strictObject({ name: AddinNameSchema, url: AddinUrlSchema });

export const UpdateAddinRequestSchema = z
  .strictObject({ name: AddinNameSchema.optional(), url: AddinUrlSchema.optional() })
  .refine((c) => Object.keys(c).length > 0, 'must change something');

export const RoleAssignmentSchema = z.object({ role: RoleSchema, principal: PrincipalViewSchema });

export const RoleChangeRequestSchema = z.strictObject({ role: RoleSchema, principal: PrincipalRefSchema });
