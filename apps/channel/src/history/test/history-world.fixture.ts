import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { CATEGORY_TREE_ID, type ParleyEvent, type Principal } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { decideCategoryTree, decideUser } from '@parley/domain';
import { EventLog, type EventDraft, type Version } from '@parley/eventlog';
import { createLogger } from '@parley/telemetry';
import { HistoryStore } from '../history-store.js';
import { HistoryService } from '../history.service.js';
import { testDatabase, type Harness, type TestDatabase, type TestDialect } from './databases.fixture.js';

const admin = { kind: 'user', id: 'admin' } as const;
const user = (id: string): Principal => ({ kind: 'user', id });
const randomName = (prefix: string) => `${prefix}${randomBytes(5).toString('hex')}`;

/**
 * A channel server's history, without the HTTP layer, over a real nats-server (the spec's) and a
 * real database: users alice, bob and carol, category `corp` (everyone) and `quiet` (chat history off),
 * and helpers to make rooms and post in them through the log.
 */
export class HistoryWorld {
  readonly versions = new Map<string, Version>();

  private constructor(
    readonly nc: NatsConnection,
    readonly log: EventLog,
    readonly state: DirectoryState,
    readonly db: TestDatabase,
    readonly store: HistoryStore,
    readonly service: HistoryService,
  ) {}

  static async start(dialect: TestDialect, natsUrl: string, harness: Harness): Promise<HistoryWorld> {
    const nc = await connect({ servers: natsUrl });
    const log = await EventLog.open(nc, { namespace: randomName('hw') });
    const state = new DirectoryState(log);
    await state.start(() => undefined);
    for (const name of ['alice', 'bob', 'carol']) {
      await state.execute({ kind: 'user', id: name }, admin, () =>
        decideUser({ type: 'ProvisionUser', source: 'local', username: name, displayName: `${name[0]!.toUpperCase()}${name.slice(1)}`, email: '', externalId: null, dn: null, ouDn: null, enabled: true }, undefined, () => false),
      );
    }
    for (const [categoryId, chatHistory] of [['corp', true], ['quiet', false]] as const) {
      await state.execute({ kind: 'category', id: CATEGORY_TREE_ID }, admin, () =>
        decideCategoryTree(
          { type: 'CreateCategory', categoryId, name: categoryId, description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: { chatHistory } },
          state.tree,
        ),
      );
    }
    const db = await testDatabase(dialect, harness);
    const store = new HistoryStore({ database: db.config, log, state, logger: () => undefined, retry: { minMs: 10, maxMs: 100 }, maxBatch: 50 });
    const service = new HistoryService(store, state, log, createLogger({ service: 'test', instanceId: 'test', level: 'silent' }));
    await store.ready;
    return new HistoryWorld(nc, log, state, db, store, service);
  }

  async stop(): Promise<void> {
    await this.store.stop();
    await this.state.stop();
    await this.db.remove();
    await this.log.close();
    await this.nc.close();
  }

  async room(options: { categoryId?: string; privacy?: 'open' | 'closed' | 'secret'; members?: string[] } = {}): Promise<string> {
    const id = randomName('room');
    await this.append(id, {
      type: 'RoomCreated',
      actor: admin,
      data: { categoryId: options.categoryId ?? 'corp', name: `Room ${id}`, description: '', privacy: options.privacy ?? 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: (options.members ?? []).map(user), managers: [], presenters: [] },
    });
    return id;
  }

  /** Posts as `author`; returns the message's seq. */
  async post(roomId: string, author: string, text: string, occurredAt?: string): Promise<number> {
    return this.append(roomId, { type: 'MessagePosted', actor: user(author) as never, ...(occurredAt ? { occurredAt } : {}), data: { clientMsgId: randomName('m'), text, alert: false, story: null, mentions: [] } });
  }

  async append(roomId: string, draft: EventDraft): Promise<number> {
    const ref = { kind: 'room', id: roomId } as const;
    const { version } = await this.log.append(ref, [draft], this.versions.get(roomId) ?? { seq: 0, streamSeq: 0 });
    this.versions.set(roomId, version);
    return version.seq;
  }

  /** Waits until the history holds everything in the log. */
  async settled(): Promise<void> {
    const head = await this.log.head('chat');
    for (const deadline = Date.now() + 30_000; this.store.position < head; await new Promise((resolve) => setTimeout(resolve, 10))) {
      if (Date.now() > deadline) throw new Error(`history did not catch up with the log (${this.store.position} of ${head})`);
    }
  }

  /** The HistoryViewed facts recorded for a room. */
  async views(roomId: string): Promise<Extract<ParleyEvent, { type: 'HistoryViewed' }>['data'][]> {
    const seen: ParleyEvent[] = [];
    const subscription = this.log.subscribe({ filter: this.log.subjects.activity('room', roomId), from: 'all', onEvent: (s) => void seen.push(s.event) });
    await subscription.caughtUp;
    await subscription.stop();
    return seen.flatMap((e) => (e.type === 'HistoryViewed' ? [e.data] : []));
  }
}
