import { ConflictError, FeedLimits, NotFoundError, ValidationError, type EngagementEvent, type FeedFilter, type NotificationLevel } from '@parley/contracts';
import { assertNever, type Decided } from '../decider.js';
import type { EngagementState } from './engagement-state.js';

/** What a user asks of their own engagement aggregate. */
export type EngagementCommand =
  | { type: 'FollowRoom'; roomId: string }
  | { type: 'UnfollowRoom'; roomId: string }
  | { type: 'MarkRead'; roomId: string; seq: number }
  | { type: 'SetNotificationLevel'; roomId: string; level: NotificationLevel }
  | { type: 'AcceptInvitation'; roomId: string }
  | { type: 'DeclineInvitation'; roomId: string }
  | { type: 'AddFeedFilter'; filter: FeedFilter }
  | { type: 'RemoveFeedFilter'; filterId: string };

/** What a decision needs to know about rooms beyond the fold. */
export interface RoomFacts {
  /** May the user read the room now (the room access rules)? */
  mayRead(roomId: string): boolean;
  /** The room's latest seq as its owner knows it (the fold may be a little behind the live room). */
  latestSeq(roomId: string): number;
}

/**
 * Decides a user's engagement command against the folded state. A room the user may not read is
 * a NotFoundError, as if it did not exist. Repeating what is already so (following a followed
 * room, reading back) decides nothing.
 */
export function decideEngagement(state: EngagementState, userId: string, command: EngagementCommand, rooms: RoomFacts): Decided<EngagementEvent>[] {
  if (command.type === 'AddFeedFilter' || command.type === 'RemoveFeedFilter') return decideFeed(state, userId, command, rooms);
  const { roomId } = command;
  const mayRead = (id: string) => rooms.mayRead(id);
  const room = state.room(roomId);
  const pending = () => state.pendingInvitations(userId).some((i) => i.roomId === roomId);
  if (command.type === 'AcceptInvitation' || command.type === 'DeclineInvitation') {
    if (!pending()) throw new NotFoundError(`invitation: no pending invitation to room ${roomId}`);
  } else if (!room || !mayRead(roomId)) {
    throw new NotFoundError(`room: no room ${roomId}`);
  }
  // Following starts with everything read so far: a room's old messages are not news.
  const readFromNow = (): Decided<EngagementEvent>[] =>
    state.readPosition(userId, roomId) === undefined ? [{ type: 'ReadPositionSet', data: { roomId, seq: room?.seq ?? 0 } }] : [];
  switch (command.type) {
    case 'FollowRoom':
      return state.isFollowing(userId, roomId) ? [] : [{ type: 'RoomFollowed', data: { roomId } }, ...readFromNow()];
    case 'UnfollowRoom':
      return state.isFollowing(userId, roomId) ? [{ type: 'RoomUnfollowed', data: { roomId } }] : [];
    case 'MarkRead': {
      const latest = Math.max(room!.seq, rooms.latestSeq(roomId));
      if (command.seq > latest) throw new ValidationError('invalid read position', [{ path: 'seq', message: `room ${roomId} has no seq ${command.seq} (latest ${latest})` }]);
      return command.seq > (state.readPosition(userId, roomId) ?? -1) ? [{ type: 'ReadPositionSet', data: { roomId, seq: command.seq } }] : [];
    }
    case 'SetNotificationLevel':
      return state.level(userId, roomId) === command.level ? [] : [{ type: 'NotificationLevelSet', data: { roomId, level: command.level } }];
    case 'AcceptInvitation':
      if (!room || !mayRead(roomId)) throw new NotFoundError(`room: no room ${roomId}`);
      return [{ type: 'InvitationAccepted', data: { roomId } }, ...readFromNow()];
    case 'DeclineInvitation':
      return [{ type: 'InvitationDeclined', data: { roomId } }];
    default:
      return assertNever(command);
  }
}

function decideFeed(
  state: EngagementState,
  userId: string,
  command: Extract<EngagementCommand, { type: 'AddFeedFilter' | 'RemoveFeedFilter' }>,
  rooms: RoomFacts,
): Decided<EngagementEvent>[] {
  if (command.type === 'RemoveFeedFilter') {
    if (!state.feeds.get(userId, command.filterId)) throw new NotFoundError(`feed filter: no filter ${command.filterId}`);
    return [{ type: 'FeedFilterRemoved', data: { filterId: command.filterId } }];
  }
  const { filter } = command;
  if (state.feeds.get(userId, filter.filterId)) throw new ConflictError(`feed filter: you have a filter ${filter.filterId} already`);
  if (state.feeds.filtersOf(userId).length >= FeedLimits.filtersPerUser) {
    throw new ValidationError('too many feed filters', [{ path: 'filterId', message: `at most ${FeedLimits.filtersPerUser} filters per user: remove one first` }]);
  }
  filter.rooms.forEach((roomId, i) => {
    if (!state.room(roomId) || !rooms.mayRead(roomId)) throw new NotFoundError(`room: no room ${roomId} (rooms.${i})`);
  });
  return [{ type: 'FeedFilterAdded', data: filter }];
}
