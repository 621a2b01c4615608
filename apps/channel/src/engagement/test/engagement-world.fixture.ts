import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CATEGORY_TREE_ID, type Principal, type ServerFrame } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { decideCategoryTree, decideUser } from '@parley/domain';
import { EventLog, type EventDraft, type Version } from '@parley/eventlog';
import { RoomRegistry } from '../../live/room-registry.js';
import { EngagementService } from '../engagement.service.js';

const admin = { kind: 'user', id: 'admin' } as const;
const user = (id: string): Principal => ({ kind: 'user', id });
export const randomName = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

/**
 * Engagement on one channel server without the HTTP layer, over a real nats-server: users alice,
 * bob, carol and dan, category `invites` (invitations on) and `plain` (off), both open to everyone,
 * helpers to make rooms and post through the log, and the frames each user was told.
 */
export class EngagementWorld {
  readonly versions = new Map<string, Version>();
  readonly told = new Map<string, ServerFrame[]>();
  service!: EngagementService;

  private constructor(
    readonly nc: NatsConnection,
    readonly log: EventLog,
    readonly state: DirectoryState,
  ) {}

  static async start(natsUrl: string): Promise<EngagementWorld> {
    const nc = await connect({ servers: natsUrl });
    const log = await EventLog.open(nc, { namespace: randomName('ew') });
    const state = new DirectoryState(log);
    await state.start(() => undefined);
    for (const name of ['alice', 'bob', 'carol', 'dan']) {
      await state.execute({ kind: 'user', id: name }, admin, () =>
        decideUser({ type: 'ProvisionUser', source: 'local', username: name, displayName: name, email: '', externalId: null, dn: null, ouDn: null, enabled: true }, undefined, () => false),
      );
    }
    for (const [categoryId, invitations] of [['invites', true], ['plain', false]] as const) {
      await state.execute({ kind: 'category', id: CATEGORY_TREE_ID }, admin, () =>
        decideCategoryTree(
          { type: 'CreateCategory', categoryId, name: categoryId, description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: { invitations } },
          state.tree,
        ),
      );
    }
    const world = new EngagementWorld(nc, log, state);
    await world.restart();
    return world;
  }

  /** A new service, rebuilt from the log (as after a restart of the channel server). */
  async restart(): Promise<void> {
    await this.service?.stop();
    const registry = new RoomRegistry(this.log, () => 30, () => true, () => undefined);
    this.service = new EngagementService(this.state, registry, this.log);
    await this.service.start(() => undefined);
    this.told.clear();
    this.service.notifyWith((userId, frame) => {
      const list = this.told.get(userId) ?? [];
      list.push(frame);
      this.told.set(userId, list);
    });
  }

  async stop(): Promise<void> {
    await this.service?.stop();
    await this.state.stop();
    await this.log.close();
    await this.nc.close();
  }

  async room(options: { categoryId?: 'invites' | 'plain'; privacy?: 'open' | 'closed'; members?: string[]; by?: string } = {}): Promise<string> {
    const id = randomName('room');
    await this.append(id, {
      type: 'RoomCreated',
      actor: user(options.by ?? 'admin') as never,
      data: {
        categoryId: options.categoryId ?? 'invites',
        name: `Room ${id}`,
        description: '',
        privacy: options.privacy ?? 'closed',
        roomType: 'normal',
        invitations: 'inherit',
        addinId: null,
        disclaimer: '',
        members: (options.members ?? []).map(user),
        managers: [],
        presenters: [],
      },
    });
    return id;
  }

  async addMembers(roomId: string, members: string[]): Promise<void> {
    await this.append(roomId, { type: 'RoomRolesChanged', actor: admin, data: { role: 'members', added: members.map(user), removed: [] } });
  }

  async post(roomId: string, author: string, text: string, mentions: string[] = []): Promise<number> {
    return this.append(roomId, { type: 'MessagePosted', actor: user(author) as never, data: { clientMsgId: randomName('m'), text, alert: false, story: null, mentions } });
  }

  async append(roomId: string, draft: EventDraft): Promise<number> {
    const { version } = await this.log.append({ kind: 'room', id: roomId }, [draft], this.versions.get(roomId) ?? { seq: 0, streamSeq: 0 });
    this.versions.set(roomId, version);
    return version.seq;
  }

  frames(userId: string, op: ServerFrame['op']): ServerFrame[] {
    return (this.told.get(userId) ?? []).filter((f) => f.op === op);
  }
}
