import type { EngagementEvent, NotificationLevel, ParleyEvent, Principal, RoomEvent } from '@parley/contracts';
import { EMPTY_TREE, evolveTree, type CategoryTree } from '../categories/category-tree.js';
import { assertNever } from '../decider.js';
import { evolveRoom, type Room } from '../rooms/room.js';
import { FeedIndex } from './feed-index.js';
import { FeedMatches, type FeedMatch, type FeedPost } from './feed-matches.js';
import { SeqList } from './seq-list.js';

/** Who a role list names, for invitations: the directory's answer, passed in to keep the fold pure. */
export interface People {
  /** The users a list names directly or through groups (OUs and everyone invite nobody: they are scopes, not memberships). */
  usersNamedBy(principals: readonly Principal[]): Iterable<string>;
  /** Does one of these principals name the user? */
  named(userId: string, principals: readonly Principal[]): boolean;
  /** May the user read the room now? Feeds never match in rooms a user may not read. */
  mayRead(userId: string, room: Room): boolean;
}

/** An invitation waiting for an answer. */
export interface PendingInvitation {
  roomId: string;
  /** Who added the user to the room. */
  invitedBy: string;
  invitedAt: string;
}

/** A user's standing in one room: what they have not read yet. */
export interface RoomStanding {
  roomId: string;
  /** Messages and files after the read position, by others. */
  unread: number;
  /** Of those, the ones that mention the user. */
  mentions: number;
  readSeq: number;
  /** The room's latest seq: setting the read position to it marks everything read. */
  lastSeq: number;
  level: NotificationLevel;
  following: boolean;
}

export type { FeedMatch } from './feed-matches.js';

/** What changed for whom, so that live sessions can be told. */
export type EngagementChange =
  | { kind: 'standing'; userId: string; roomId: string }
  | { kind: 'invited'; userId: string; roomId: string }
  | { kind: 'answered'; userId: string; roomId: string }
  | { kind: 'feed'; userId: string; roomId: string; match: FeedMatch };

interface UserEngagement {
  /** The engagement aggregate's version as applied here. */
  version: { seq: number; streamSeq: number };
  follows: Set<string>;
  read: Map<string, number>;
  levels: Map<string, NotificationLevel>;
  invited: Map<string, PendingInvitation & { streamSeq: number }>;
  /** The stream seq of the last answer per room: an invitation is pending if it came after. */
  answered: Map<string, number>;
}

const key = (userId: string, roomId: string) => `${userId}\u0000${roomId}`;

/**
 * Followed rooms, read positions, notification levels, invitations and unread and mention counts
 * of every user, folded from the chat log in stream order (rooms, the category tree for the
 * invitation setting, and each user's engagement aggregate). Every channel server holds one,
 * rebuilt from the log at start, so any server can answer for any user and tell their sessions.
 */
export class EngagementState {
  private tree: CategoryTree = EMPTY_TREE;
  private readonly rooms = new Map<string, Room>();
  private readonly messages = new Map<string, SeqList>();
  private readonly own = new Map<string, SeqList>();
  private readonly mentioned = new Map<string, SeqList>();
  private readonly users = new Map<string, UserEngagement>();
  private readonly followers = new Map<string, Set<string>>();
  /** Every user's topic feed filters. */
  readonly feeds = new FeedIndex();
  private readonly matches = new FeedMatches();

  constructor(private readonly people: People) {}

  room(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /** The engagement aggregate's version for a user's next append. */
  version(userId: string): { seq: number; streamSeq: number } {
    return this.users.get(userId)?.version ?? { seq: 0, streamSeq: 0 };
  }

  followed(userId: string): string[] {
    return [...(this.users.get(userId)?.follows ?? [])];
  }

  isFollowing(userId: string, roomId: string): boolean {
    return this.users.get(userId)?.follows.has(roomId) ?? false;
  }

  readPosition(userId: string, roomId: string): number | undefined {
    return this.users.get(userId)?.read.get(roomId);
  }

  level(userId: string, roomId: string): NotificationLevel {
    return this.users.get(userId)?.levels.get(roomId) ?? 'all';
  }

  pendingInvitations(userId: string): PendingInvitation[] {
    const user = this.users.get(userId);
    if (!user) return [];
    const out: PendingInvitation[] = [];
    for (const [roomId, { streamSeq, ...invitation }] of user.invited) if (streamSeq > (user.answered.get(roomId) ?? 0)) out.push(invitation);
    return out;
  }

  /** Rooms with mentions the user has not read, followed or not. */
  roomsWithMentions(userId: string): string[] {
    const user = this.users.get(userId);
    const out: string[] = [];
    for (const roomId of this.rooms.keys()) {
      const list = this.mentioned.get(key(userId, roomId));
      if (list && list.countAfter(user?.read.get(roomId) ?? 0) > 0) out.push(roomId);
    }
    return out;
  }

  /** The user's feed matches before `position` (all kept when undefined), newest first. */
  feed(userId: string, before?: number): FeedMatch[] {
    return this.matches.of(userId, before);
  }

  standing(userId: string, roomId: string): RoomStanding {
    const readSeq = this.readPosition(userId, roomId) ?? 0;
    const all = this.messages.get(roomId)?.countAfter(readSeq) ?? 0;
    const mine = this.own.get(key(userId, roomId))?.countAfter(readSeq) ?? 0;
    return {
      roomId,
      unread: all - mine,
      mentions: this.mentioned.get(key(userId, roomId))?.countAfter(readSeq) ?? 0,
      readSeq,
      lastSeq: this.rooms.get(roomId)?.seq ?? 0,
      level: this.level(userId, roomId),
      following: this.isFollowing(userId, roomId),
    };
  }

  /** Applies one event of the chat log (others are ignored); `streamSeq` is its place in the stream. */
  apply(event: ParleyEvent, streamSeq: number): EngagementChange[] {
    switch (event.type) {
      case 'CategoryCreated':
      case 'CategoryUpdated':
      case 'CategoryMoved':
      case 'CategoryScopeChanged':
      case 'CategorySettingsChanged':
      case 'CategoryRemoved':
      case 'RoomRegistered':
      case 'RoomRegistrationChanged':
      case 'RoomUnregistered':
        this.tree = evolveTree(this.tree, event);
        return [];
      case 'RoomCreated':
      case 'RoomUpdated':
      case 'RoomRolesChanged':
      case 'RoomDisabled':
      case 'RoomEnabled':
      case 'RoomRemoved':
      case 'MessagePosted':
      case 'MessageEdited':
      case 'MessageRedacted':
      case 'MessagesRemoved':
      case 'HistoryCleared':
      case 'FilePosted':
        return this.applyRoom(event, streamSeq);
      case 'RoomFollowed':
      case 'RoomUnfollowed':
      case 'ReadPositionSet':
      case 'NotificationLevelSet':
      case 'InvitationAccepted':
      case 'InvitationDeclined':
      case 'FeedFilterAdded':
      case 'FeedFilterRemoved':
        return this.applyEngagement(event, streamSeq);
      default:
        return [];
    }
  }

  private applyRoom(event: RoomEvent, streamSeq: number): EngagementChange[] {
    const before = this.rooms.get(event.aggregateId);
    if (before && event.seq <= before.seq) return [];
    const after = evolveRoom(before, event);
    if (!after) return [];
    this.rooms.set(after.id, after);
    switch (event.type) {
      case 'RoomCreated':
        return this.invite(undefined, after, [...after.members, ...after.managers, ...after.presenters], event.actor.id, event.occurredAt, streamSeq);
      case 'RoomRolesChanged':
        return this.invite(before, after, event.data.added, event.actor.id, event.occurredAt, streamSeq);
      case 'MessagePosted': {
        const text = event.data.story ? `${event.data.story.title}\n${event.data.text}\n${event.data.story.body}` : event.data.text;
        const feed = this.matchFeeds(after, event.seq, event.actor.id, text, event.occurredAt, streamSeq);
        return [...this.posted(after.id, event.seq, event.actor.id, event.data.mentions), ...feed];
      }
      case 'FilePosted':
        return this.posted(after.id, event.seq, event.actor.id, []);
      case 'MessageRedacted':
        this.matches.drop(after.id, event.data.messageSeq);
        return [];
      case 'RoomUpdated':
      case 'RoomDisabled':
      case 'RoomEnabled':
      case 'RoomRemoved':
      case 'MessageEdited':
      case 'MessagesRemoved':
      case 'HistoryCleared':
        return [];
      default:
        return assertNever(event);
    }
  }

  private invitationsOn(room: Room): boolean {
    return room.invitations === 'inherit' && (this.tree.categories.get(room.categoryId)?.settings.invitations ?? false);
  }

  private invite(before: Room | undefined, room: Room, added: readonly Principal[], actorId: string, at: string, streamSeq: number): EngagementChange[] {
    if (!added.length || !this.invitationsOn(room)) return [];
    const changes: EngagementChange[] = [];
    for (const userId of new Set(this.people.usersNamedBy(added))) {
      if (userId === actorId) continue;
      // Only new members are invited: someone already named by a role list was invited before.
      if (before && this.people.named(userId, [...before.members, ...before.managers, ...before.presenters])) continue;
      this.user(userId).invited.set(room.id, { roomId: room.id, invitedBy: actorId, invitedAt: at, streamSeq });
      changes.push({ kind: 'invited', userId, roomId: room.id });
    }
    return changes;
  }

  private posted(roomId: string, seq: number, authorId: string, mentions: readonly string[]): EngagementChange[] {
    this.list(this.messages, roomId).add(seq);
    this.list(this.own, key(authorId, roomId)).add(seq);
    const notified = new Set<string>();
    for (const userId of new Set(mentions)) {
      if (userId === authorId) continue;
      this.list(this.mentioned, key(userId, roomId)).add(seq);
      if (this.level(userId, roomId) !== 'none') notified.add(userId);
    }
    for (const userId of this.followers.get(roomId) ?? []) if (userId !== authorId && this.level(userId, roomId) === 'all') notified.add(userId);
    return [...notified].map((userId) => ({ kind: 'standing' as const, userId, roomId }));
  }

  private applyEngagement(event: EngagementEvent, streamSeq: number): EngagementChange[] {
    const userId = event.aggregateId;
    const user = this.user(userId);
    if (event.seq <= user.version.seq) return []; // applied already (our own write)
    user.version = { seq: event.seq, streamSeq };
    if (event.type === 'FeedFilterAdded') {
      this.feeds.add({ ...event.data, userId });
      return [];
    }
    if (event.type === 'FeedFilterRemoved') {
      this.feeds.remove(userId, event.data.filterId);
      return [];
    }
    const roomId = event.data.roomId;
    const standing: EngagementChange = { kind: 'standing', userId, roomId };
    switch (event.type) {
      case 'RoomFollowed':
        this.follow(userId, roomId, true);
        return [standing];
      case 'RoomUnfollowed':
        this.follow(userId, roomId, false);
        return [standing];
      case 'ReadPositionSet':
        if (event.data.seq <= (user.read.get(roomId) ?? -1)) return [];
        user.read.set(roomId, event.data.seq);
        return [standing];
      case 'NotificationLevelSet':
        user.levels.set(roomId, event.data.level);
        return [standing];
      case 'InvitationAccepted':
        user.answered.set(roomId, streamSeq);
        this.follow(userId, roomId, true);
        return [{ kind: 'answered', userId, roomId }, standing];
      case 'InvitationDeclined':
        user.answered.set(roomId, streamSeq);
        return [{ kind: 'answered', userId, roomId }];
      default:
        return assertNever(event);
    }
  }

  private matchFeeds(room: Room, seq: number, authorId: string, text: string, occurredAt: string, position: number): EngagementChange[] {
    if (!this.feeds.size) return [];
    const changes: EngagementChange[] = [];
    let post: FeedPost | undefined;
    for (const [userId, filters] of this.feeds.match(text, authorId, room.id)) {
      if (!this.people.mayRead(userId, room)) continue;
      post ??= this.matches.post({ roomId: room.id, seq, authorId, text, occurredAt, position });
      changes.push({ kind: 'feed', userId, roomId: room.id, match: this.matches.add(userId, post, filters) });
    }
    return changes;
  }

  private follow(userId: string, roomId: string, on: boolean): void {
    const user = this.user(userId);
    let set = this.followers.get(roomId);
    if (on) {
      user.follows.add(roomId);
      if (!set) this.followers.set(roomId, (set = new Set()));
      set.add(userId);
    } else {
      user.follows.delete(roomId);
      set?.delete(userId);
    }
  }

  private user(userId: string): UserEngagement {
    let user = this.users.get(userId);
    if (!user) {
      user = { version: { seq: 0, streamSeq: 0 }, follows: new Set(), read: new Map(), levels: new Map(), invited: new Map(), answered: new Map() };
      this.users.set(userId, user);
    }
    return user;
  }

  private list(map: Map<string, SeqList>, k: string): SeqList {
    let list = map.get(k);
    if (!list) map.set(k, (list = new SeqList()));
    return list;
  }
}

