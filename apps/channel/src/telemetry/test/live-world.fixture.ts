import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CATEGORY_TREE_ID } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { decideCategoryTree, decideUser } from '@parley/domain';
import { EventLog } from '@parley/eventlog';
import { HistoryStore } from '../../history/history-store.js';
import { MessagingService } from '../../live/messaging.service.js';
import { RoomHub, type RoomSubscriber } from '../../live/room-hub.js';
import { RoomRegistry } from '../../live/room-registry.js';
import { WsGateway } from '../../session/ws-gateway.js';
import { TestClient } from '../../test/ws-client.fixture.js';

const admin = { kind: 'user', id: 'admin' } as const;
const randomName = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;
const USERS = ['alice', 'bob'];

/** Another channel server's fan-out: follows the log and delivers to one recorded subscriber. */
export interface OtherServer {
  hub: RoomHub;
  /** Frames its subscriber received. */
  frames: string[];
}

/**
 * One channel server's live path without Nest, over a real nats-server and a SQLite history: the
 * directory (users alice and bob, category `corp` open to everyone), a room, the room registry,
 * fan-out hub, messaging, history store, and a real WebSocket gateway on a local HTTP server.
 * Sign-in takes the user id as the token (token verification is tested elsewhere).
 */
export class LiveWorld {
  private readonly clients: TestClient[] = [];
  private readonly others: OtherServer[] = [];

  private constructor(
    readonly nc: NatsConnection,
    readonly log: EventLog,
    readonly state: DirectoryState,
    readonly registry: RoomRegistry,
    readonly hub: RoomHub,
    readonly history: HistoryStore,
    readonly gateway: WsGateway,
    readonly server: Server,
    readonly url: string,
    readonly roomId: string,
  ) {}

  static async start(natsUrl: string, sqliteFile: string): Promise<LiveWorld> {
    const nc = await connect({ servers: natsUrl });
    const log = await EventLog.open(nc, { namespace: randomName('lw') });
    const state = new DirectoryState(log);
    await state.start(() => undefined);
    for (const name of USERS) {
      await state.execute({ kind: 'user', id: name }, admin, () =>
        decideUser({ type: 'ProvisionUser', source: 'local', username: name, displayName: name, email: '', externalId: null, dn: null, ouDn: null, enabled: true }, undefined, () => false),
      );
    }
    await state.execute({ kind: 'category', id: CATEGORY_TREE_ID }, admin, () =>
      decideCategoryTree(
        { type: 'CreateCategory', categoryId: 'corp', name: 'corp', description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: {} },
        state.tree,
      ),
    );
    const roomId = randomName('room');
    await log.append({ kind: 'room', id: roomId }, [
      {
        type: 'RoomCreated',
        actor: admin,
        data: { categoryId: 'corp', name: 'Traced', description: '', privacy: 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] },
      },
    ], { seq: 0, streamSeq: 0 });
    const registry = new RoomRegistry(log, () => 50, () => true, () => undefined);
    const hub = new RoomHub(log, nc, registry, state, () => 100, () => undefined);
    await hub.start();
    const messaging = new MessagingService(log, registry, hub, state);
    const history = new HistoryStore({ database: { dialect: 'sqlite', file: sqliteFile, busyTimeoutMs: 100 }, log, state, logger: () => undefined, retry: { minMs: 10, maxMs: 200 } });
    await history.ready;
    const server = createServer();
    const gateway = new WsGateway(server, {
      state,
      registry,
      hub,
      messaging,
      log,
      limits: { postsPerSecond: 100, postBurst: 100, heartbeatMs: 30_000, sendBufferBytes: 1024 * 1024 },
      authenticate: async (token) => ({ id: token, name: token }),
      history: async () => [],
      participantLimit: () => 100,
      engagement: { markRead: async () => undefined },
      logError: () => undefined,
    });
    gateway.start();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return new LiveWorld(nc, log, state, registry, hub, history, gateway, server, url, roomId);
  }

  /** A signed-in client that has joined the room. */
  async client(user: string): Promise<TestClient> {
    const client = await TestClient.connect(this.url);
    this.clients.push(client);
    const welcome = await client.request({ op: 'hello', token: user });
    if (welcome.op !== 'welcome') throw new Error(`hello failed: ${JSON.stringify(welcome)}`);
    const joined = await client.request({ op: 'join', room: this.roomId });
    if (joined.op !== 'joined') throw new Error(`join failed: ${JSON.stringify(joined)}`);
    return client;
  }

  /** Starts a second server's fan-out with one subscriber in the room. */
  async otherServer(): Promise<OtherServer> {
    const registry = new RoomRegistry(this.log, () => 50, () => true, () => undefined);
    const hub = new RoomHub(this.log, this.nc, registry, this.state, () => 100, () => undefined);
    await hub.start();
    await registry.get(this.roomId);
    const frames: string[] = [];
    const subscriber: RoomSubscriber = { userId: 'bob', sessionId: randomName('s'), send: (frame) => void frames.push(frame), revoke: () => undefined };
    hub.subscribe(this.roomId, subscriber);
    const other = { hub, frames };
    this.others.push(other);
    return other;
  }

  /** Waits until the history projection holds everything in the log. */
  async historySettled(): Promise<void> {
    const head = await this.log.head('chat');
    for (const deadline = Date.now() + 60_000; this.history.position < head; await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > deadline) throw new Error(`history did not catch up with the log (${this.history.position} of ${head})`);
    }
  }

  async stop(): Promise<void> {
    for (const client of this.clients) client.close();
    await this.gateway.stop();
    await new Promise((resolve) => this.server.close(resolve));
    for (const other of this.others) await other.hub.stop();
    await this.hub.stop();
    await this.history.stop();
    await this.state.stop();
    await this.log.close();
    await this.nc.close();
  }
}
