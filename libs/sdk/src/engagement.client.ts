import {
  FeedFilterListSchema,
  FeedFilterViewSchema,
  FeedPageSchema,
  InvitationListSchema,
  RoomStandingSchema,
  UnreadListSchema,
  type FeedFilterRequest,
  type FeedFilterView,
  type FeedItem,
  type InvitationView,
  type NotificationLevel,
  type RoomStanding,
} from '@parley/contracts';
import { answer, segment } from './answers.js';
import type { HttpClient } from './http-client.js';
import { sessionHttp, type Session } from './session.js';

export type { FeedFilterRequest, FeedFilterView, FeedItem, InvitationView, NotificationLevel, RoomStanding };

const standing = answer(RoomStandingSchema, 'a room standing');

/**
 * Invitations, followed rooms, read positions and unread counts of the signed-in user, on a
 * channel server (`channel` of GET /v1/endpoints; docs/engagement.md). Live changes arrive on a
 * LiveClient's `onEngagement`.
 */
export class EngagementClient {
  readonly http: HttpClient;

  constructor(
    session: Session,
    /** A channel server's base URL (http://127.0.0.1:8081 in the single-server topology). */
    readonly baseUrl: string,
    options: { timeoutMs?: number; fetch?: typeof fetch } = {},
  ) {
    this.http = sessionHttp(session, baseUrl, options);
  }

  async invitations(): Promise<InvitationView[]> {
    return answer(InvitationListSchema, 'the invitations')(await this.http.get('/v1/engagement/invitations')).items;
  }

  /** Accepts an invitation: the room is followed from now on. */
  async accept(roomId: string): Promise<RoomStanding> {
    return standing(await this.http.post(`/v1/engagement/invitations/${segment(roomId)}/accept`));
  }

  async decline(roomId: string): Promise<void> {
    await this.http.post(`/v1/engagement/invitations/${segment(roomId)}/decline`);
  }

  async follow(roomId: string): Promise<RoomStanding> {
    return standing(await this.http.put(`/v1/engagement/follows/${segment(roomId)}`, {}));
  }

  async unfollow(roomId: string): Promise<void> {
    await this.http.delete(`/v1/engagement/follows/${segment(roomId)}`);
  }

  /** Followed rooms, and any other room with unread mentions. */
  async unread(): Promise<RoomStanding[]> {
    return answer(UnreadListSchema, 'the unread counts')(await this.http.get('/v1/engagement/unread')).items;
  }

  async markRead(roomId: string, seq: number): Promise<RoomStanding> {
    return standing(await this.http.put(`/v1/engagement/rooms/${segment(roomId)}/read`, { seq }));
  }

  async setNotifications(roomId: string, level: NotificationLevel): Promise<RoomStanding> {
    return standing(await this.http.put(`/v1/engagement/rooms/${segment(roomId)}/notifications`, { level }));
  }

  async feedFilters(): Promise<FeedFilterView[]> {
    return answer(FeedFilterListSchema, 'the feed filters')(await this.http.get('/v1/engagement/feed/filters')).items;
  }

  async addFeedFilter(filter: FeedFilterRequest): Promise<FeedFilterView> {
    return answer(FeedFilterViewSchema, 'a feed filter')(await this.http.post('/v1/engagement/feed/filters', filter));
  }

  async removeFeedFilter(filterId: string): Promise<void> {
    await this.http.delete(`/v1/engagement/feed/filters/${segment(filterId)}`);
  }

  /** A page of past feed matches, newest first; pass `next` back as `before` for older ones. */
  async feed(options: { limit?: number; before?: number } = {}): Promise<{ items: FeedItem[]; next: number | null }> {
    return answer(FeedPageSchema, 'the feed')(await this.http.get('/v1/engagement/feed', options));
  }
}
