import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import {
  FeedFilterListSchema,
  FeedFilterRequestSchema,
  FeedFilterViewSchema,
  FeedPageSchema,
  FeedQuerySchema,
  IdParamSchema,
  InvitationListSchema,
  NotificationLevelRequestSchema,
  parseOrThrow,
  ReadPositionRequestSchema,
  RoomStandingSchema,
  UnreadListSchema,
} from '@parley/contracts';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { EngagementService } from './engagement.service.js';

const tag = 'engagement';
const roomId = (params: unknown) => parseOrThrow(IdParamSchema, params, 'invalid room id').id;

/** The signed-in user's invitations, followed rooms, read positions and unread counts (docs/engagement.md). */
@Controller()
export class EngagementController {
  constructor(@Inject(EngagementService) private readonly engagement: EngagementService) {}

  @Endpoint({ method: 'GET', path: '/v1/engagement/invitations', summary: 'Your pending invitations to rooms', tag, access: 'user', response: InvitationListSchema })
  invitations(@CurrentCaller() caller: Caller) {
    return { items: this.engagement.invitations(caller.userId) };
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/engagement/invitations/:id/accept',
    summary: 'Accept the invitation to a room',
    description: 'You follow the room from now on (its earlier messages count as read); join it to chat.',
    tag,
    access: 'user',
    params: IdParamSchema,
    response: RoomStandingSchema,
  })
  async accept(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const id = roomId(params);
    await this.engagement.execute(caller.userId, { type: 'AcceptInvitation', roomId: id });
    return this.engagement.standing(caller.userId, id);
  }

  @Endpoint({ method: 'POST', path: '/v1/engagement/invitations/:id/decline', summary: 'Decline the invitation to a room', tag, access: 'user', status: 204, params: IdParamSchema })
  async decline(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.engagement.execute(caller.userId, { type: 'DeclineInvitation', roomId: roomId(params) });
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/engagement/unread',
    summary: 'Unread and mention counts of your followed rooms',
    description: 'Followed rooms, and any other room you may read where you were mentioned since you last read it.',
    tag,
    access: 'user',
    response: UnreadListSchema,
  })
  unread(@CurrentCaller() caller: Caller) {
    return { items: this.engagement.unread(caller.userId) };
  }

  @Endpoint({
    method: 'PUT',
    path: '/v1/engagement/follows/:id',
    summary: 'Follow a room',
    description: 'Unread and mention counts are kept for it whether you are in it or not; what it held so far counts as read.',
    tag,
    access: 'user',
    params: IdParamSchema,
    response: RoomStandingSchema,
  })
  async follow(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const id = roomId(params);
    await this.engagement.execute(caller.userId, { type: 'FollowRoom', roomId: id });
    return this.engagement.standing(caller.userId, id);
  }

  @Endpoint({ method: 'DELETE', path: '/v1/engagement/follows/:id', summary: 'Stop following a room', tag, access: 'user', status: 204, params: IdParamSchema })
  async unfollow(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.engagement.execute(caller.userId, { type: 'UnfollowRoom', roomId: roomId(params) });
  }

  @Endpoint({
    method: 'PUT',
    path: '/v1/engagement/rooms/:id/read',
    summary: 'Set your read position in a room',
    description: 'Everything up to `seq` counts as read, on every device (positions never move back). Use `lastSeq` to mark the whole room read.',
    tag,
    access: 'user',
    params: IdParamSchema,
    body: ReadPositionRequestSchema,
    response: RoomStandingSchema,
  })
  async read(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const id = roomId(params);
    const { seq } = parseOrThrow(ReadPositionRequestSchema, body, 'invalid read position');
    await this.engagement.execute(caller.userId, { type: 'MarkRead', roomId: id, seq });
    return this.engagement.standing(caller.userId, id);
  }

  @Endpoint({
    method: 'PUT',
    path: '/v1/engagement/rooms/:id/notifications',
    summary: 'Choose which messages of a room notify you',
    description: '`all` (default), `mentions` (only messages that mention you) or `none`. Counts are kept whatever the level.',
    tag,
    access: 'user',
    params: IdParamSchema,
    body: NotificationLevelRequestSchema,
    response: RoomStandingSchema,
  })
  async notifications(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const id = roomId(params);
    const { level } = parseOrThrow(NotificationLevelRequestSchema, body, 'invalid notification level');
    await this.engagement.execute(caller.userId, { type: 'SetNotificationLevel', roomId: id, level });
    return this.engagement.standing(caller.userId, id);
  }

  @Endpoint({ method: 'GET', path: '/v1/engagement/feed/filters', summary: 'Your topic feed filters', tag, access: 'user', response: FeedFilterListSchema })
  filters(@CurrentCaller() caller: Caller) {
    return { items: this.engagement.filters(caller.userId) };
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/engagement/feed/filters',
    summary: 'Add a topic feed filter',
    description:
      'Messages containing any of `terms` (whole words or phrases, any case), by any of `from` (user names or ids; anyone when empty), in any of ' +
      '`rooms` (everywhere you may read when empty) arrive in your feed, live (`feed` frames) and in GET /v1/engagement/feed. `alert` filters notify.',
    tag,
    access: 'user',
    status: 201,
    body: FeedFilterRequestSchema,
    response: FeedFilterViewSchema,
  })
  addFilter(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    return this.engagement.addFilter(caller.userId, parseOrThrow(FeedFilterRequestSchema, body, 'invalid feed filter'));
  }

  @Endpoint({ method: 'DELETE', path: '/v1/engagement/feed/filters/:id', summary: 'Remove a topic feed filter', tag, access: 'user', status: 204, params: IdParamSchema })
  async removeFilter(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid filter id');
    await this.engagement.execute(caller.userId, { type: 'RemoveFeedFilter', filterId: id });
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/engagement/feed',
    summary: 'Your topic feed: messages that matched your filters',
    description: 'Newest first; page back with `before` = the previous page’s `next`. Only rooms you may read now; the newest 1,000 matches are kept.',
    tag,
    access: 'user',
    query: FeedQuerySchema,
    response: FeedPageSchema,
  })
  feed(@Query() query: unknown, @CurrentCaller() caller: Caller) {
    return this.engagement.feed(caller.userId, parseOrThrow(FeedQuerySchema, query, 'invalid feed query'));
  }
}
