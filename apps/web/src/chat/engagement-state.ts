import type { EngagementUpdate, FeedFilterView, FeedItem, InvitationView, RoomStanding } from '@parley/sdk';

/**
 * What the server keeps for the signed-in user across rooms (docs/engagement.md): followed rooms
 * with unread and mention counts, pending invitations, topic feed filters and their matches.
 */
export interface EngagementState {
  /** Followed rooms, and rooms with unread mentions, by room id. */
  standings: ReadonlyMap<string, RoomStanding>;
  invitations: readonly InvitationView[];
  filters: readonly FeedFilterView[];
  /** Feed matches, newest first. */
  feed: readonly FeedItem[];
  /** Where older matches start (`before` of the next page), or null when there are none. */
  feedNext: number | null;
  /** Alert-mode matches that arrived since the feed was last looked at. */
  newAlerts: number;
  /** The last request that failed, to show. */
  problem?: string;
}

export const emptyEngagement: EngagementState = { standings: new Map(), invitations: [], filters: [], feed: [], feedNext: null, newAlerts: 0 };

/** The most matches the client keeps in memory; older ones are paged from the server again. */
export const FEED_KEPT = 500;

/**
 * Applies one live engagement update. `roomName` names rooms the update does not (the client's
 * joined rooms or standings); unknown names come later from a refresh.
 */
export function applyEngagement(state: EngagementState, update: EngagementUpdate, roomName: (roomId: string) => string | undefined): EngagementState {
  switch (update.type) {
    case 'unread': {
      const standings = new Map(state.standings);
      const { room, unread, mentions, readSeq, lastSeq, level, following } = update;
      if (!following && mentions === 0) standings.delete(room);
      else standings.set(room, { roomId: room, roomName: state.standings.get(room)?.roomName ?? roomName(room) ?? room, unread, mentions, readSeq, lastSeq, level, following });
      return { ...state, standings };
    }
    case 'invited': {
      if (state.invitations.some((i) => i.roomId === update.room)) return state;
      const invitation: InvitationView = { roomId: update.room, roomName: update.name, invitedBy: { id: '', label: update.invitedBy }, invitedAt: new Date().toISOString() };
      return { ...state, invitations: [...state.invitations, invitation] };
    }
    case 'feed': {
      if (state.feed.some((f) => f.roomId === update.room && f.seq === update.seq)) return state;
      const item: FeedItem = {
        roomId: update.room,
        roomName: roomName(update.room) ?? 'a room',
        seq: update.seq,
        author: { id: '', label: update.author },
        text: update.text,
        filterIds: update.filters,
        alert: update.alert,
        occurredAt: update.occurredAt,
        link: update.link,
      };
      return { ...state, feed: [item, ...state.feed].slice(0, FEED_KEPT), newAlerts: state.newAlerts + (update.alert ? 1 : 0) };
    }
  }
}

/** Adds an older page of matches after those shown, each match once. */
export function addOlderFeed(state: EngagementState, page: { items: readonly FeedItem[]; next: number | null }): EngagementState {
  const known = new Set(state.feed.map(feedKey));
  return { ...state, feed: [...state.feed, ...page.items.filter((i) => !known.has(feedKey(i)))], feedNext: page.next };
}

const feedKey = (item: FeedItem) => `${item.roomId}@${item.seq}`;
