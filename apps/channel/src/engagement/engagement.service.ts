import {
  ConflictError,
  NotFoundError,
  uuidv7,
  type Actor,
  type FeedFilter,
  type FeedFilterSpec,
  type FeedFilterView,
  type FeedItem,
  type FeedQuery,
  type InvitationView,
  type RoomStanding,
  type ServerFrame,
} from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { decideEngagement, EngagementState, type EngagementChange, type EngagementCommand } from '@parley/domain';
import type { EventDraft, EventLog, StoredEvent, Subscription } from '@parley/eventlog';
import type { RoomRegistry } from '../live/room-registry.js';
import { directoryPeople } from './directory-people.js';

/** Sends a frame to every live session of a user on this server. */
export type UserNotifier = (userId: string, frame: ServerFrame) => void;

/**
 * Invitations, followed rooms, read positions, notification levels and unread and mention counts
 * (docs/engagement.md). Every channel server folds the whole chat log into an EngagementState at
 * start and follows it, so any server answers for any user and tells that user's sessions on it
 * what changed; a user's commands append to their own `chat.engagement.<userId>` aggregate, from
 * whichever server their session is on (a write race between two servers is re-decided).
 */
export class EngagementService {
  readonly fold: EngagementState;
  private subscription: Subscription | undefined;
  private notify: UserNotifier = () => undefined;

  constructor(
    private readonly state: DirectoryState,
    private readonly registry: RoomRegistry,
    private readonly log: EventLog,
  ) {
    this.fold = new EngagementState(directoryPeople(state));
  }

  /** Folds the chat log from its start; resolves once caught up. */
  async start(onError: (error: unknown) => void): Promise<void> {
    this.subscription = this.log.consume({
      filter: this.log.subjects.allAggregates(),
      after: 0,
      maxBatch: 1_000,
      handle: async (batch) => {
        for (const stored of batch) this.tell(this.fold.apply(stored.event, stored.streamSeq));
      },
      onError,
    });
    await this.subscription.caughtUp;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Where changes are told from now on (the WebSocket gateway's sessions). */
  notifyWith(notify: UserNotifier): void {
    this.notify = notify;
  }

  async execute(userId: string, command: EngagementCommand): Promise<void> {
    const ref = { kind: 'engagement' as const, id: userId };
    const actor: Actor = { kind: 'user', id: userId };
    // A session reads what the live room sent it, which the fold may not have reached yet.
    const live = 'roomId' in command ? (this.registry.loaded(command.roomId)?.version.seq ?? 0) : 0;
    for (let attempt = 0; ; attempt++) {
      const decided = decideEngagement(this.fold, userId, command, { mayRead: (roomId) => this.mayRead(userId, roomId), latestSeq: () => live });
      if (!decided.length) return;
      const drafts = decided.map((d) => ({ ...d, actor }) as unknown as EventDraft);
      try {
        const { events } = await this.log.append(ref, drafts, this.fold.version(userId));
        this.applyOwn(events);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw error;
        // Another server wrote for this user in between: catch up with their aggregate and decide again.
        const { events } = await this.log.read(ref, { fromSeq: this.fold.version(userId).seq + 1 });
        this.applyOwn(events);
      }
    }
  }

  invitations(userId: string): InvitationView[] {
    return this.fold.pendingInvitations(userId).flatMap((invitation) => {
      const room = this.fold.room(invitation.roomId);
      if (!room || !this.state.rooms.canSee(userId, room)) return [];
      const inviter = this.state.view.users.get(invitation.invitedBy);
      return [{ roomId: room.id, roomName: room.name, invitedBy: { id: invitation.invitedBy, label: inviter?.username ?? invitation.invitedBy }, invitedAt: invitation.invitedAt }];
    });
  }

  /** Followed rooms, and any other room with unread mentions, that the user may read. */
  unread(userId: string): RoomStanding[] {
    const rooms = new Set([...this.fold.followed(userId), ...this.fold.roomsWithMentions(userId)]);
    return [...rooms].filter((roomId) => this.mayRead(userId, roomId)).map((roomId) => this.standing(userId, roomId));
  }

  /** Where the user stands in one room they may read. */
  standing(userId: string, roomId: string): RoomStanding {
    const room = this.fold.room(roomId);
    if (!room || !this.mayRead(userId, roomId)) throw new NotFoundError(`room: no room ${roomId}`);
    return { ...this.fold.standing(userId, roomId), roomName: room.name };
  }

  /** Adds a topic feed filter; authors by user name or id, rooms by id. */
  async addFilter(userId: string, request: FeedFilterSpec): Promise<FeedFilterView> {
    const from = request.from.map((name, i) => {
      const id = this.state.view.userIdByName(name) ?? (this.state.view.users.has(name) ? name : undefined);
      if (!id) throw new NotFoundError(`user: no user "${name}" (from.${i})`);
      return id;
    });
    const filterId = uuidv7();
    await this.execute(userId, { type: 'AddFeedFilter', filter: { filterId, name: request.name, terms: request.terms, from, rooms: request.rooms, mode: request.mode } });
    return this.filterView(this.fold.feeds.get(userId, filterId)!);
  }

  filters(userId: string): FeedFilterView[] {
    return this.fold.feeds.filtersOf(userId).map((f) => this.filterView(f));
  }

  /** Past feed matches, newest first, in rooms the user may still read. */
  feed(userId: string, query: FeedQuery): { items: FeedItem[]; next: number | null } {
    const matches = this.fold.feed(userId, query.before).filter((m) => this.mayRead(userId, m.roomId));
    const page = matches.slice(0, query.limit);
    return {
      items: page.map((m) => ({
        roomId: m.roomId,
        roomName: this.fold.room(m.roomId)?.name ?? m.roomId,
        seq: m.seq,
        author: { id: m.authorId, label: this.label(m.authorId) },
        text: m.text,
        filterIds: m.filterIds,
        alert: m.alert,
        occurredAt: m.occurredAt,
        link: messageLink(m.roomId, m.seq),
      })),
      next: matches.length > query.limit ? page.at(-1)!.position : null,
    };
  }

  private filterView(f: FeedFilter): FeedFilterView {
    return {
      id: f.filterId,
      name: f.name,
      terms: f.terms,
      from: f.from.map((id) => ({ id, label: this.label(id) })),
      rooms: f.rooms.map((id) => ({ id, label: this.fold.room(id)?.name ?? id })),
      mode: f.mode,
    };
  }

  private label(userId: string): string {
    return this.state.view.users.get(userId)?.username ?? userId;
  }

  private mayRead(userId: string, roomId: string): boolean {
    const room = this.fold.room(roomId);
    return !!room && this.state.rooms.canRead(userId, room);
  }

  private applyOwn(events: StoredEvent[]): void {
    for (const stored of events) this.tell(this.fold.apply(stored.event, stored.streamSeq));
  }

  private tell(changes: EngagementChange[]): void {
    for (const change of changes) {
      const frame = this.frameFor(change);
      if (frame) this.notify(change.userId, frame);
    }
  }

  private frameFor(change: EngagementChange): ServerFrame | undefined {
    const room = this.fold.room(change.roomId);
    if (!room) return undefined;
    switch (change.kind) {
      case 'invited': {
        if (!this.state.rooms.canSee(change.userId, room)) return undefined;
        const invitation = this.fold.pendingInvitations(change.userId).find((i) => i.roomId === room.id);
        if (!invitation) return undefined;
        return { op: 'invited', room: room.id, name: room.name, invitedBy: this.state.view.users.get(invitation.invitedBy)?.username ?? invitation.invitedBy };
      }
      case 'standing': {
        if (!this.mayRead(change.userId, room.id)) return undefined;
        const { roomId, ...standing } = this.fold.standing(change.userId, room.id);
        return { op: 'unread', room: roomId, ...standing };
      }
      case 'feed': {
        const { match } = change;
        return {
          op: 'feed',
          room: room.id,
          seq: match.seq,
          author: this.label(match.authorId),
          text: match.text,
          filters: match.filterIds,
          alert: match.alert,
          occurredAt: match.occurredAt,
          link: messageLink(room.id, match.seq),
        };
      }
      case 'answered':
        return undefined;
    }
  }
}

/** A message's address, as clients open it. */
export function messageLink(roomId: string, seq: number): string {
  return `parley://room/${roomId}?seq=${seq}`;
}
