import { Controller, HttpCode, Inject, Param, Query } from '@nestjs/common';
import {
  IdParamSchema,
  InstanceViewSchema,
  NotFoundError,
  parseOrThrow,
  RoomDirectoryEntrySchema,
  RoomSearchQuerySchema,
  roomUri,
  SessionQuerySchema,
  SessionTargetSchema,
  ValidationError,
} from '@parley/contracts';
import { lineage, type Room } from '@parley/domain';
import { CurrentCaller, Endpoint, type Caller } from '@parley/nest-kit';
import { z } from 'zod';
import { LookupRuntime } from '../lookup.runtime.js';

const tag = 'lookup';

const cursor = {
  encode: (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url'),
  decode: (text: string): [string, string] => {
    try {
      const value = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown;
      if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
    } catch {
      // fall through
    }
    throw new ValidationError('invalid query', [{ path: 'after', message: 'is not a cursor this server gave out' }]);
  },
};

/** Where sessions go, where rooms are, and which rooms a person may find. */
@Controller()
export class LookupController {
  constructor(@Inject(LookupRuntime) private readonly runtime: LookupRuntime) {}

  @Endpoint({
    method: 'GET',
    path: '/v1/lookup/session',
    summary: 'The channel server a new live session should connect to: the least loaded, not draining (avoiding `exclude` when there is another)',
    tag,
    access: 'user',
    query: SessionQuerySchema,
    response: SessionTargetSchema,
  })
  session(@Query() query: unknown) {
    return this.runtime.sessionTarget(parseOrThrow(SessionQuerySchema, query, 'invalid query').exclude);
  }

  @Endpoint({ method: 'GET', path: '/v1/lookup/rooms', summary: 'Search the room directory: only rooms you may see', tag, access: 'user', query: RoomSearchQuerySchema, response: z.object({ items: z.array(RoomDirectoryEntrySchema), next: z.string().nullable() }) })
  search(@Query() query: unknown, @CurrentCaller() caller: Caller) {
    const { q, categoryId, limit, after } = parseOrThrow(RoomSearchQuerySchema, query, 'invalid query');
    const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const start = after ? cursor.decode(after) : undefined;
    const visible = [...this.runtime.directory.rooms.values()]
      .filter((room) => this.runtime.state.rooms.canSee(caller.userId, room) && (!categoryId || room.categoryId === categoryId))
      .map((room) => ({ room, key: room.name.toLowerCase(), path: this.path(room) }))
      .filter(({ room, path }) => words.every((w) => `${room.name} ${room.description} ${path.join(' ')}`.toLowerCase().includes(w)))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.room.id < b.room.id ? -1 : 1))
      .filter(({ key, room }) => !start || key > start[0] || (key === start[0] && room.id > start[1]));
    const page = visible.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(({ room }) => this.entry(room)), next: visible.length > limit && last ? cursor.encode(last.key, last.room.id) : null };
  }

  @Endpoint({
    method: 'GET',
    path: '/v1/lookup/rooms/:ref',
    summary: 'Resolve a room by id, URI (parley://room/<id>, URL-encoded) or path (Category/Room)',
    tag,
    access: 'user',
    params: z.strictObject({ ref: z.string().min(1).max(1_024) }),
    response: RoomDirectoryEntrySchema,
  })
  resolve(@Param() params: unknown, @CurrentCaller() caller: Caller) {
    const { ref } = parseOrThrow(z.strictObject({ ref: z.string().min(1).max(1_024) }), params, 'invalid room reference');
    const room = this.find(ref);
    if (!room || !this.runtime.state.rooms.canSee(caller.userId, room)) throw new NotFoundError(`no room ${ref}`);
    return this.entry(room);
  }

  @Endpoint({ method: 'GET', path: '/v1/lookup/instances', summary: 'Live channel servers and their load (administrators)', tag, access: 'administrator', response: z.array(InstanceViewSchema) })
  instances() {
    return this.runtime.registry.live();
  }

  @Endpoint({ method: 'POST', path: '/v1/lookup/instances/:id/drain', summary: 'Drain a channel server: no new sessions, rooms handed over, clients sent elsewhere', tag, access: 'administrator', status: 202, params: IdParamSchema, response: z.object({ draining: z.boolean() }) })
  @HttpCode(202)
  async drain(@Param() params: unknown) {
    await this.runtime.drain(parseOrThrow(IdParamSchema, params, 'invalid instance id').id);
    return { draining: true };
  }

  private find(ref: string): Room | undefined {
    const rooms = this.runtime.directory.rooms;
    const id = ref.startsWith('parley://room/') ? ref.slice('parley://room/'.length) : ref;
    const byId = rooms.get(id);
    if (byId && !byId.removed) return byId;
    const wanted = ref.toLowerCase();
    const matches = [...rooms.values()].filter((r) => !r.removed && (this.path(r).concat(r.name).join('/').toLowerCase() === wanted || r.name.toLowerCase() === wanted));
    return matches.length === 1 ? matches[0] : undefined;
  }

  private path(room: Room): string[] {
    return lineage(this.runtime.state.tree, room.categoryId).map((c) => c.name).reverse();
  }

  private entry(room: Room) {
    return {
      id: room.id,
      uri: roomUri(room.id),
      name: room.name,
      description: room.description,
      categoryId: room.categoryId,
      categoryPath: this.path(room),
      privacy: room.privacy,
      roomType: room.roomType,
      disabled: room.disabled,
      owner: this.runtime.owner(room.id),
    };
  }
}
