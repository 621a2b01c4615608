import {
  CATEGORY_TREE_ID,
  ConflictError,
  NotFoundError,
  roomUri,
  type Principal,
  type PrincipalView,
  type RoomAdminCommandInput,
  type RoomEvent,
  type RoomView,
} from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import { decideCategoryTree, decideRoomAdmin, evolveRoom, type CategoryTreeCommand, type Decided, type Room, type RoomAdminCommand } from '@parley/domain';
import type { EventDraft, EventLog } from '@parley/eventlog';
import type { RoomHub } from '../live/room-hub.js';
import type { RoomRegistry } from '../live/room-registry.js';

export interface RoomCommandRequest {
  actorId: string;
  roomId: string;
  commands: RoomAdminCommandInput[];
  commandId: string;
}

/**
 * Room administration, executed by the channel service that owns the room: the room's rules
 * (libs/domain), then its name's registration in the category tree (names are unique per
 * category: ADR 0007), then the room's own events, fenced on its version.
 */
export class RoomAdminService {
  constructor(
    private readonly state: DirectoryState,
    private readonly registry: RoomRegistry,
    private readonly hub: RoomHub,
    private readonly log: EventLog,
  ) {}

  async execute(request: RoomCommandRequest): Promise<RoomView> {
    const live = await this.registry.get(request.roomId);
    return live.serially(async () => {
      for (let attempt = 0; ; attempt++) {
        const { decided, after } = this.decide(request, live.room);
        if (!decided.length) return this.view(live.room!);
        await this.register(request, live.room, after!);
        const drafts = decided.map((d) => ({ ...d, actor: { kind: 'user', id: request.actorId } }) as unknown as EventDraft);
        try {
          const { events } = await this.log.append({ kind: 'room', id: request.roomId }, drafts, live.version, { commandId: request.commandId });
          for (const stored of events) this.hub.dispatch(stored);
          return this.view(live.room!);
        } catch (error) {
          if (!(error instanceof ConflictError) || attempt >= 2) throw error;
          for (const stored of await this.registry.refresh(live)) this.hub.dispatch(stored);
        }
      }
    });
  }

  async get(actorId: string, roomId: string): Promise<RoomView> {
    const { room } = await this.registry.get(roomId);
    if (!room || room.removed || !this.state.rooms.canSee(actorId, room)) throw new NotFoundError(`no room ${roomId}`);
    return this.view(room);
  }

  /** All of a request's commands in order, each seeing the room the ones before it left. */
  private decide(request: RoomCommandRequest, room: Room | undefined): { decided: Decided<RoomEvent>[]; after: Room | undefined } {
    const ctx = {
      actorId: request.actorId,
      authz: this.state.authz,
      tree: this.state.tree,
      addinExists: (id: string) => this.state.view.addins.has(id),
    };
    const decided: Decided<RoomEvent>[] = [];
    let current = room;
    for (const input of request.commands) {
      const command = (input.type === 'CreateRoom' ? { ...input, roomId: request.roomId } : input) as RoomAdminCommand;
      for (const d of decideRoomAdmin(command, current, ctx)) {
        decided.push(d);
        // evolveRoom reads the type, data, aggregate id and seq of an event.
        current = evolveRoom(current, { ...d, aggregateId: request.roomId, seq: (current?.seq ?? 0) + 1 } as unknown as RoomEvent);
      }
    }
    return { decided, after: current };
  }

  /** Takes, moves or releases the room's name in the category tree before the room changes. */
  private async register(request: RoomCommandRequest, before: Room | undefined, after: Room): Promise<void> {
    let command: CategoryTreeCommand | undefined;
    if (after.removed) command = { type: 'UnregisterRoom', roomId: after.id };
    else if (!before) command = { type: 'RegisterRoom', roomId: after.id, categoryId: after.categoryId, name: after.name };
    else if (before.name !== after.name || before.categoryId !== after.categoryId) {
      command = { type: 'ChangeRoomRegistration', roomId: after.id, categoryId: after.categoryId, name: after.name };
    }
    if (!command) return;
    await this.state.execute(
      { kind: 'category', id: CATEGORY_TREE_ID },
      { kind: 'user', id: request.actorId },
      () => decideCategoryTree(command, this.state.tree),
      `${request.commandId}:tree`,
    );
  }

  private view(room: Room): RoomView {
    const label = (p: Principal): PrincipalView => {
      const view = this.state.view;
      const name = p.kind === 'user' ? view.users.get(p.id)?.username : p.kind === 'group' ? view.groups.get(p.id)?.name : p.kind === 'ou' ? p.id : 'everyone';
      return { kind: p.kind, id: p.id, label: name ?? p.id };
    };
    return {
      id: room.id,
      uri: roomUri(room.id),
      categoryId: room.categoryId,
      name: room.name,
      description: room.description,
      privacy: room.privacy,
      roomType: room.roomType,
      invitations: room.invitations,
      addinId: room.addinId,
      disclaimer: room.disclaimer,
      members: room.members.map(label),
      managers: room.managers.map(label),
      presenters: room.presenters.map(label),
      disabled: room.disabled,
    };
  }
}
