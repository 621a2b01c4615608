import { randomUUID } from 'node:crypto';
import { Body, Controller, Inject, Param, Query } from '@nestjs/common';
import {
  ClearHistoryRequestSchema,
  CreateRoomRequestSchema,
  IdParamSchema,
  parseOrThrow,
  RemoveMessagesRequestSchema,
  RoomContentResultSchema,
  RoomListQuerySchema,
  RoomSummarySchema,
  roomUri,
  RoomViewSchema,
  UpdateRoomRequestSchema,
  ValidationError,
  type RoomAdminCommandInput,
  type RoomView,
} from '@parley/contracts';
import { lineage } from '@parley/domain';
import { CurrentCaller, Endpoint, RpcClient, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { ProvisioningRuntime } from '../provisioning.runtime.js';
import { resolveMember, resolvePrincipals } from './principals.js';

const tag = 'rooms';

/**
 * Room administration. The channel service owns room state and decides every command (who may
 * create rooms in a category, manage a room, which members the category's wall keeps out): this
 * API resolves names to ids and forwards the command over NATS request-reply.
 */
@Controller()
export class RoomsController {
  constructor(
    @Inject(ProvisioningRuntime) private readonly runtime: ProvisioningRuntime,
    @Inject(RpcClient) private readonly channel: RpcClient,
  ) {}

  @Endpoint({ method: 'GET', path: '/v1/rooms', summary: 'List rooms (administrators)', tag, access: 'administrator', query: RoomListQuerySchema, response: z.array(RoomSummarySchema) })
  list(@Query() query: unknown) {
    const { categoryId, q } = parseOrThrow(RoomListQuerySchema, query, 'invalid query');
    const tree = this.runtime.state.tree;
    const prefix = q?.trim().toLowerCase();
    return [...tree.rooms.values()]
      .filter((r) => (!categoryId || r.categoryId === categoryId) && (!prefix || r.name.toLowerCase().startsWith(prefix)))
      .map((r) => ({ id: r.roomId, uri: roomUri(r.roomId), categoryId: r.categoryId, categoryPath: lineage(tree, r.categoryId).map((c) => c.name).reverse(), name: r.name }))
      .sort((a, b) => `${a.categoryPath.join('/')}/${a.name}`.localeCompare(`${b.categoryPath.join('/')}/${b.name}`));
  }

  @Endpoint({ method: 'GET', path: '/v1/rooms/:id', summary: 'Show a room', tag, access: 'user', params: IdParamSchema, response: RoomViewSchema })
  show(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid room id');
    return this.channel.request<RoomView>('rooms.get', { actorId: caller.userId, roomId: id });
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/rooms',
    summary: 'Create a room',
    description: 'Administrators, and the creators of the category, create rooms. Room names are unique in their category.',
    tag,
    access: 'user',
    status: 201,
    body: CreateRoomRequestSchema,
    response: RoomViewSchema,
  })
  create(@Body() body: unknown, @CurrentCaller() caller: Caller) {
    const input = parseOrThrow(CreateRoomRequestSchema, body, 'invalid room');
    const view = this.runtime.state.view;
    return this.send(caller, randomUUID(), [
      {
        type: 'CreateRoom',
        ...input,
        members: resolvePrincipals(view, input.members, 'members'),
        managers: resolvePrincipals(view, input.managers, 'managers'),
        presenters: resolvePrincipals(view, input.presenters, 'presenters'),
      },
    ]);
  }

  @Endpoint({ method: 'PATCH', path: '/v1/rooms/:id', summary: 'Change a room’s settings and roles (managers and administrators)', tag, access: 'user', params: IdParamSchema, body: UpdateRoomRequestSchema, response: RoomViewSchema })
  update(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid room id');
    const { members, managers, presenters, ...settings } = parseOrThrow(UpdateRoomRequestSchema, body, 'invalid room change');
    const view = this.runtime.state.view;
    const commands: RoomAdminCommandInput[] = [];
    if (Object.keys(settings).length) commands.push({ type: 'UpdateRoom', changes: settings });
    for (const [role, change] of [['members', members], ['managers', managers], ['presenters', presenters]] as const) {
      if (change) commands.push({ type: 'ChangeRoomRoles', role, add: resolvePrincipals(view, change.add, `${role}.add`), remove: resolvePrincipals(view, change.remove, `${role}.remove`) });
    }
    return this.send(caller, id, commands);
  }

  @Endpoint({ method: 'POST', path: '/v1/rooms/:id/disable', summary: 'Disable a room: it accepts nothing until enabled', tag, access: 'user', status: 200, params: IdParamSchema, response: RoomViewSchema })
  disable(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    return this.send(caller, parseOrThrow(IdParamSchema, params, 'invalid room id').id, [{ type: 'DisableRoom' }]);
  }

  @Endpoint({ method: 'POST', path: '/v1/rooms/:id/enable', summary: 'Enable a disabled room', tag, access: 'user', status: 200, params: IdParamSchema, response: RoomViewSchema })
  enable(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    return this.send(caller, parseOrThrow(IdParamSchema, params, 'invalid room id').id, [{ type: 'EnableRoom' }]);
  }

  @Endpoint({ method: 'DELETE', path: '/v1/rooms/:id', summary: 'Remove a room (its history stays in the log and the compliance archive)', tag, access: 'user', status: 204, params: IdParamSchema })
  async remove(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    await this.send(caller, parseOrThrow(IdParamSchema, params, 'invalid room id').id, [{ type: 'RemoveRoom' }]);
  }

  @Endpoint({
    method: 'POST',
    path: '/v1/rooms/:id/messages/remove',
    summary: 'Remove messages by filter (managers and administrators); readers see the replacement text',
    description: 'Name at least one condition. The event log and the compliance archive keep the original messages.',
    tag,
    access: 'user',
    status: 200,
    params: IdParamSchema,
    body: RemoveMessagesRequestSchema,
    response: RoomContentResultSchema,
  })
  removeMessages(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid room id');
    const input = parseOrThrow(RemoveMessagesRequestSchema, body, 'invalid removal');
    const author = input.author ? resolveMember(this.runtime.state.view, input.author, 'author') : undefined;
    if (author && author.kind !== 'user') throw new ValidationError('invalid removal', [{ path: 'author', message: 'must be a user' }]);
    const filter = { authorId: author?.id ?? null, contains: input.contains ?? null, fromSeq: input.fromSeq ?? null, toSeq: input.toSeq ?? null };
    return this.channel.request('rooms.content', { actorId: caller.userId, roomId: id, command: { type: 'RemoveMessages', filter, replacement: input.replacement }, commandId: randomUUID() });
  }

  @Endpoint({ method: 'POST', path: '/v1/rooms/:id/history/clear', summary: 'Clear a room’s history up to a seq, for readers (managers and administrators)', tag, access: 'user', status: 200, params: IdParamSchema, body: ClearHistoryRequestSchema, response: RoomContentResultSchema })
  clearHistory(@Param() params: unknown, @Body() body: unknown, @CurrentCaller() caller: Caller) {
    const { id } = parseOrThrow(IdParamSchema, params, 'invalid room id');
    const { upToSeq } = parseOrThrow(ClearHistoryRequestSchema, body, 'invalid history clear');
    return this.channel.request('rooms.content', { actorId: caller.userId, roomId: id, command: { type: 'ClearHistory', upToSeq }, commandId: randomUUID() });
  }

  private send(caller: Caller, roomId: string, commands: RoomAdminCommandInput[]): Promise<RoomView> {
    return this.channel.request<RoomView>('rooms.command', { actorId: caller.userId, roomId, commands, commandId: randomUUID() });
  }
}
