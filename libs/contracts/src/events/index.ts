import type { EventOf } from '../envelope.js';
import type { ActivityKind, AggregateKind } from '../subjects.js';
import { EventRegistry } from '../registry.js';
import * as activity from './activity.events.js';
import * as category from './category.events.js';
import * as compliance from './compliance.events.js';
import * as engagement from './engagement.events.js';
import * as group from './group.events.js';
import * as room from './room.events.js';
import * as server from './server.events.js';
import * as session from './session.events.js';
import * as user from './user.events.js';

export * from './activity.events.js';
export * from './category.events.js';
export * from './compliance.events.js';
export * from './engagement.events.js';
export * from './group.events.js';
export * from './room.events.js';
export * from './server.events.js';
export * from './session.events.js';
export * from './user.events.js';

/** Every event type Parley writes, at its current version. */
export const ParleyEventDefinitions = [
  room.RoomCreated,
  room.RoomUpdated,
  room.RoomRolesChanged,
  room.RoomDisabled,
  room.RoomEnabled,
  room.RoomRemoved,
  room.MessagePosted,
  room.MessageEdited,
  room.MessageRedacted,
  room.MessagesRemoved,
  room.HistoryCleared,
  room.FilePosted,
  user.UserProvisioned,
  user.UserUpdated,
  user.UserDisabled,
  user.UserEnabled,
  user.UserRemoved,
  user.UserPasswordChanged,
  group.GroupProvisioned,
  group.GroupUpdated,
  group.GroupMembersAdded,
  group.GroupMembersRemoved,
  group.GroupRemoved,
  category.CategoryCreated,
  category.CategoryUpdated,
  category.CategoryMoved,
  category.CategoryScopeChanged,
  category.CategorySettingsChanged,
  category.CategoryRemoved,
  category.RoomRegistered,
  category.RoomRegistrationChanged,
  category.RoomUnregistered,
  server.ServerSettingsChanged,
  server.PolicySet,
  server.PolicyCleared,
  server.AddinRegistered,
  server.AddinUpdated,
  server.AddinRemoved,
  server.RoleGranted,
  server.RoleRevoked,
  server.OrganizationalUnitAdded,
  server.OrganizationalUnitChanged,
  server.OrganizationalUnitRemoved,
  server.DirectorySynced,
  compliance.LegalHoldPlaced,
  compliance.LegalHoldReleased,
  compliance.RetentionPolicySet,
  compliance.RetentionPolicyCleared,
  compliance.RecordsPurged,
  activity.UserSignedIn,
  compliance.ArchiveExported,
  session.RoomJoined,
  session.RoomParted,
  session.HistoryViewed,
  session.FileDownloaded,
  engagement.RoomFollowed,
  engagement.RoomUnfollowed,
  engagement.ReadPositionSet,
  engagement.NotificationLevelSet,
  engagement.InvitationAccepted,
  engagement.InvitationDeclined,
  engagement.FeedFilterAdded,
  engagement.FeedFilterRemoved,
] as const;

/** The union of every current event; switch on `type` and end with a `never` check. */
export type ParleyEvent = EventOf<Definitions>;
type Definitions = (typeof ParleyEventDefinitions)[number];
/** The events of one kind of aggregate, e.g. `EventsFor<'user'>`. */
export type EventsFor<A extends AggregateKind> = EventOf<Extract<Definitions, { aggregate: A; log: 'chat' }>>;
/** The activity facts about rooms or users. */
export type ActivityFor<A extends ActivityKind> = EventOf<Extract<Definitions, { aggregate: A; log: 'activity' }>>;
export type RoomEvent = EventsFor<'room'>;
export type UserEvent = EventsFor<'user'>;
export type GroupEvent = EventsFor<'group'>;
export type CategoryTreeEvent = EventsFor<'category'>;
export type ServerEvent = EventsFor<'server'>;
export type ComplianceEvent = EventsFor<'compliance'>;
export type EngagementEvent = EventsFor<'engagement'>;

/** Upcasters for older stored versions; empty until a type changes shape. */
export const ParleyUpcasters = [];

export function createParleyRegistry(): EventRegistry<ParleyEvent> {
  return new EventRegistry<ParleyEvent>(ParleyEventDefinitions, ParleyUpcasters);
}
