import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { InstanceRegistry } from '@parley/cluster';
import { CATEGORY_TREE_ID, ConflictError } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { decideCategoryTree, decideUser } from '@parley/domain';
import { EventLog, type EventDraft } from '@parley/eventlog';
import { createLogger } from '@parley/telemetry';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { MessagingService } from '../live/messaging.service.js';
import { RoomHub } from '../live/room-hub.js';
import { RoomRegistry } from '../live/room-registry.js';
import { RoomRouter } from './room-router.js';

const admin = { kind: 'user', id: 'admin' } as const;
const silent = createLogger({ service: 'test', instanceId: 'test', level: 'silent' });

/** One channel server's write path: its own rooms in memory, fan-out hub and router. */
interface Server {
  state: DirectoryState;
  registry: RoomRegistry;
  hub: RoomHub;
  messaging: MessagingService;
  router: RoomRouter;
}

describe('split brain: two channel servers that both believe they own a room', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  const servers: Server[] = [];
  let roomId: string;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    log = await EventLog.open(nc, { namespace: randomName('split') });
    const setup = new DirectoryState(log);
    await setup.start(() => undefined);
    for (const name of ['alice', 'bob']) {
      await setup.execute({ kind: 'user', id: name }, admin, () =>
        decideUser({ type: 'ProvisionUser', source: 'local', username: name, displayName: name, email: '', externalId: null, dn: null, ouDn: null, enabled: true }, undefined, () => false),
      );
    }
    await setup.execute({ kind: 'category', id: CATEGORY_TREE_ID }, admin, () =>
      decideCategoryTree(
        { type: 'CreateCategory', categoryId: 'corp', name: 'corp', description: '', parentId: null, allowed: [{ kind: 'everyone', id: '*' }], denied: [], creators: [], settings: {} },
        setup.tree,
      ),
    );
    await setup.stop();
    roomId = randomName('room');
    await log.append({ kind: 'room', id: roomId }, [
      {
        type: 'RoomCreated',
        actor: admin,
        data: { categoryId: 'corp', name: 'Contested', description: '', privacy: 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] },
      },
    ], { seq: 0, streamSeq: 0 });
    // Each server's registry is empty of others: each owns every room, as after a partition.
    const alone = { ownerOf: () => undefined } as unknown as InstanceRegistry;
    for (const id of ['channel-a', 'channel-b']) {
      const state = new DirectoryState(log);
      await state.start(() => undefined);
      const registry = new RoomRegistry(log, () => 50, () => true, () => undefined);
      const hub = new RoomHub(log, nc, registry, state, () => 100, () => undefined);
      await hub.start();
      const messaging = new MessagingService(log, registry, hub, state);
      const router = new RoomRouter(nc, log.subjects, alone, id, silent);
      router.handle('message', (room, payload) => {
        const { actorId, command } = payload as { actorId: string; command: Parameters<MessagingService['execute']>[2] };
        return messaging.execute(actorId, room, command);
      });
      router.start();
      servers.push({ state, registry, hub, messaging, router });
    }
  }, 60_000);

  afterAll(async () => {
    for (const s of servers) {
      s.router.stop();
      await s.hub.stop();
      await s.state.stop();
    }
    await log?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('both write on the same version: one append wins, the other gets a conflict and writes nothing', async () => {
    const [a, b] = await Promise.all(servers.map((s) => s.registry.get(roomId)));
    expect(a!.version).toEqual(b!.version);
    const post = (text: string): EventDraft => ({ type: 'MessagePosted', actor: { kind: 'user', id: 'alice' }, data: { clientMsgId: randomName('m'), text, alert: false, story: null, mentions: [] } });
    const results = await Promise.allSettled([log.append({ kind: 'room', id: roomId }, [post('from a')], a!.version), log.append({ kind: 'room', id: roomId }, [post('from b')], b!.version)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    const { events } = await log.read({ kind: 'room', id: roomId });
    expect(events.map((s) => s.event.seq)).toEqual([1, 2]);
  });

  it('posting through both at once: every post stored once, the history linear, conflicts resolved by deciding again', async () => {
    const perWriter = 40;
    const posts = servers.flatMap((server, s) =>
      ['alice', 'bob'].map(async (author) => {
        const seqs: number[] = [];
        for (let i = 0; i < perWriter; i++) {
          // People type: a few milliseconds between one author's posts, so the servers interleave.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
          seqs.push(await server.router.run<number>('message', roomId, { actorId: author, command: { type: 'PostMessage', clientMsgId: `${s}-${author}-${i}`, text: `${author} ${i} via ${s}`, alert: false, story: null } }));
        }
        return seqs;
      }),
    );
    const acknowledged = (await Promise.all(posts)).flat();
    expect(new Set(acknowledged).size).toBe(acknowledged.length);

    const { events } = await log.read({ kind: 'room', id: roomId });
    const seqs = events.map((s) => s.event.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    const ids = events.flatMap((s) => (s.event.type === 'MessagePosted' ? [(s.event.data as { clientMsgId: string }).clientMsgId] : []));
    const ours = ids.filter((id) => /^\d-/.test(id));
    expect(ours).toHaveLength(4 * perWriter);
    expect(new Set(ours).size).toBe(ours.length);
    // Each author's posts through one server keep their order.
    for (const prefix of ['0-alice', '0-bob', '1-alice', '1-bob']) {
      const order = ours.filter((id) => id.startsWith(`${prefix}-`)).map((id) => Number(id.split('-')[2]));
      expect(order).toEqual([...order].sort((x, y) => x - y));
    }
    // They did collide, and both servers' rooms end where the log is.
    expect(servers[0]!.messaging.conflicts + servers[1]!.messaging.conflicts).toBeGreaterThan(0);
    for (const server of servers) {
      await waitFor(() => server.registry.loaded(roomId)!.version.seq === seqs.length);
    }
  }, 60_000);

  it('a resend after a lost acknowledgement, through the other server, is stored once', async () => {
    const command = { type: 'PostMessage', clientMsgId: 'resent-1', text: 'once', alert: false, story: null } as const;
    const first = await servers[0]!.router.run<number>('message', roomId, { actorId: 'alice', command });
    const again = await servers[1]!.router.run<number>('message', roomId, { actorId: 'alice', command });
    expect(again).toBe(first);
    const { events } = await log.read({ kind: 'room', id: roomId });
    expect(events.filter((s) => s.event.type === 'MessagePosted' && (s.event.data as { clientMsgId: string }).clientMsgId === 'resent-1')).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() > deadline) throw new Error('timed out');
  }
}
