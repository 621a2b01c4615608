import type {
  AddinViewSchema,
  CategorySettings,
  CreateAddinRequestSchema,
  CreateCategoryRequestSchema,
  CreatedUserSchema,
  CreateGroupRequestSchema,
  CreateRoomRequestSchema,
  CreateUserRequestSchema,
  DirectoryStatusSchema,
  EndpointsSchema,
  GroupDetailSchema,
  GroupViewSchema,
  ListChangeSchema,
  PolicyViewSchema,
  PrincipalRef,
  ResetPasswordResponseSchema,
  RoleAssignmentSchema,
  RoomListQuerySchema,
  RoomSummarySchema,
  SettingsPatchSchema,
  TokenResponse,
  UpdateAddinRequestSchema,
  UpdateCategoryRequestSchema,
  UpdateGroupRequestSchema,
  UpdateRoomRequestSchema,
  UpdateUserRequestSchema,
  UserDetailSchema,
} from '@parley/contracts';
import { type z } from 'zod';

// Request types are the schemas' inputs (fields with defaults may be left out); answers are their outputs.
export type { CategorySettings, CategoryView, DirectorySyncResult, PrincipalRef, PrincipalView, Role, RoomView, ServerSettings, TokenResponse, UserView } from '@parley/contracts';

/** Who a session belongs to, as sign-in reported it. */
export type SignedInUser = TokenResponse['user'];

/** A page of a list; pass `next` back as `after` for the following page (null: this was the last). */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export type UserDetail = z.infer<typeof UserDetailSchema>;
export type CreatedUser = z.infer<typeof CreatedUserSchema>;
export type CreateUserRequest = z.input<typeof CreateUserRequestSchema>;
export type UpdateUserRequest = z.input<typeof UpdateUserRequestSchema>;
export interface UserListQuery {
  /** Prefix of the user name, display name or e-mail address. */
  q?: string;
  /** Exactly this user name (any case). */
  username?: string;
  source?: 'local' | 'directory';
  enabled?: boolean;
  /** Page size, 1–500 (50 by default). */
  limit?: number;
  after?: string;
}

export type GroupView = z.infer<typeof GroupViewSchema>;
export type GroupDetail = z.infer<typeof GroupDetailSchema>;
export type CreateGroupRequest = z.input<typeof CreateGroupRequestSchema>;
export type ListChange = z.input<typeof ListChangeSchema>;
export type UpdateGroupRequest = z.input<typeof UpdateGroupRequestSchema>;
export interface GroupListQuery {
  /** Prefix of the group name. */
  q?: string;
  limit?: number;
  after?: string;
}

export type CreateCategoryRequest = z.input<typeof CreateCategoryRequestSchema>;
export type UpdateCategoryRequest = z.input<typeof UpdateCategoryRequestSchema>;
export type CategorySettingsChange = Partial<CategorySettings>;

export type SettingsPatch = z.input<typeof SettingsPatchSchema>;
export type PolicyView = z.infer<typeof PolicyViewSchema>;
/** Where a policy applies: everyone (`global`), or one user or group. */
export type PolicyTargetRef = { kind: 'global' } | PrincipalRef;
export type AddinView = z.infer<typeof AddinViewSchema>;
export type CreateAddinRequest = z.input<typeof CreateAddinRequestSchema>;
export type UpdateAddinRequest = z.input<typeof UpdateAddinRequestSchema>;
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

export type DirectoryStatus = z.infer<typeof DirectoryStatusSchema>;
export type PasswordSet = z.infer<typeof ResetPasswordResponseSchema>;

export type CreateRoomRequest = z.input<typeof CreateRoomRequestSchema>;
export type UpdateRoomRequest = z.input<typeof UpdateRoomRequestSchema>;
export type RoomSummary = z.infer<typeof RoomSummarySchema>;
export type RoomListQuery = z.input<typeof RoomListQuerySchema>;

/** Where the other services are: `channel` is the base URL of a channel server (WebSocket at `<channel>/v1/ws`). */
export type Endpoints = z.infer<typeof EndpointsSchema>;
