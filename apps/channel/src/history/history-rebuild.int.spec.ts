import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConflictError, NotFoundError, UnavailableError, type ProjectionView } from '@parley/contracts';
import { DirectoryState } from '@parley/directory-state';
import { EventLog, type StoredEvent } from '@parley/eventlog';
import { openRebuildLeases, ProjectionAdmin, ProjectionsAdminClient, type HostedProjection } from '@parley/nest-kit';
import { runInTransaction } from '@parley/projections';
import { createLogger } from '@parley/telemetry';
import { createTestDatabase, randomName, startNats, tempSqliteFile, until, type TestNats } from '@parley/testing';
import type { DataSource } from 'typeorm';
import { HistoryStore } from './history-store.js';
import { historyProjection } from './projection/history.projection.js';
import { DIALECTS, testDatabase, type TestDatabase } from './test/databases.fixture.js';
import { expectedHistory, readHistoryTables } from './test/history-model.fixture.js';
import { appendHistoryTraffic, createCategories, type TrafficWorld } from './test/history-traffic.fixture.js';

const silent = createLogger({ service: 'test', instanceId: 'test', level: 'silent' });

/** A gate the rebuild's first transaction waits at, so a test can look at a rebuild that is running. */
function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * The history projection of a channel server (HistoryStore, as ChannelRuntime runs it) with its
 * projection admin responder on a real nats-server, asked through the client provisioning uses:
 * status from every instance, a rebuild taken by one, while the server keeps projecting and serving.
 */
describe.each(DIALECTS)('rebuilding history through the projection admin while the server runs, on %s', (dialect) => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let state: DirectoryState;
  let db: TestDatabase;
  let store: HistoryStore;
  let admin: ProjectionAdmin;
  let client: ProjectionsAdminClient;
  /** A second connection, as readers elsewhere (another pod, an operator) see the tables. */
  let reader: DataSource;
  let held: ReturnType<typeof gate>;

  /** The history store's projection, its rebuild waiting at `held` before its first transaction. */
  const holding = (hosted: HostedProjection): HostedProjection => ({
    ...hosted,
    rebuildBatch: 40,
    definition: {
      ...historyProjection,
      async apply(tx, batch, context) {
        await held.opened;
        await historyProjection.apply(tx, batch, context);
      },
    },
  });
  const allEvents = async (): Promise<StoredEvent[]> => {
    const out: StoredEvent[] = [];
    for (let seq = 1, head = await log.head('chat'); seq <= head; seq++) out.push(await log.get('chat', seq));
    return out;
  };
  const settled = async () => {
    const head = await log.head('chat');
    await until(() => store.position >= head, 30_000, 'history caught up with the log');
  };
  const history = async () => (await client.overview()).find((p) => p.name === 'history')!;
  /** Whether a build's tables are there (a rebuild running, or one abandoned half-way). */
  const buildLeft = () =>
    runInTransaction(reader, (tx) => tx.query('SELECT COUNT(*) AS n FROM history_messages__next')).then(
      () => true,
      () => false,
    );
  const world = (rooms: number, seed: number): TrafficWorld => ({ log, seed, categories: ['logged', 'quiet'], rooms: Array.from({ length: rooms }, () => randomName('room')) });

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    held = gate();
    log = await EventLog.open(nc, { namespace: randomName('pa') });
    state = new DirectoryState(log);
    await state.start(() => undefined);
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
    store = new HistoryStore({ database: db.config, log, state, logger: () => undefined, retry: { minMs: 10, maxMs: 100 }, maxBatch: 50 });
    await store.ready;
    reader = await db.open();
    admin = await ProjectionAdmin.start({ nc, log, service: 'channel', instanceId: 'channel-a', logger: silent, projections: [holding(store.hosted)] });
    client = new ProjectionsAdminClient(nc, log.subjects, { firstReplyMs: 1_000, quietMs: 200 });
  });

  afterEach(async () => {
    held.open();
    await admin?.stop();
    await store?.stop();
    await state?.stop();
    await db?.remove();
    await log?.close();
  });

  it('rebuilds while events keep coming and the old tables serve; the live projector goes on in the new ones, row for row', async () => {
    const first = world(4, 31);
    const tree = await createCategories(first);
    await appendHistoryTraffic(first, tree, 40);
    await settled();
    const before = await readHistoryTables(reader, dialect);
    expect(before).toEqual(expectedHistory(await allEvents()));

    const job = await client.rebuild('history', 'admin');
    expect(job).toMatchObject({ projection: 'history', instanceId: 'channel-a', state: 'running', applied: 0, target: await log.head('chat'), error: null });
    // One rebuild of a projection at a time, cluster-wide.
    const second = client.rebuild('history', 'admin');
    await expect(second).rejects.toBeInstanceOf(ConflictError);
    await expect(second).rejects.toThrow(/history is being rebuilt already, by channel-a since/);

    const running = await history();
    expect(running).toMatchObject({ service: 'channel', rebuild: { id: job.id, state: 'running' } });
    expect(running.instances).toEqual([
      { instanceId: 'channel-a', state: 'live', position: job.target, lag: { events: 0, seconds: 0 }, rebuild: expect.objectContaining({ id: job.id, state: 'running' }) },
    ]);
    expect((await client.overview()).filter((p) => p.name !== 'history')).toEqual([
      { name: 'files', service: 'files', instances: [], rebuild: null },
      { name: 'provisioning', service: 'provisioning', instances: [], rebuild: null },
    ]);
    // The old tables serve while the build waits; events keep coming meanwhile.
    expect(await readHistoryTables(reader, dialect)).toEqual(before);
    const more = world(3, 32);
    const traffic = appendHistoryTraffic(more, tree, 30);
    await new Promise((resolve) => setTimeout(resolve, 200));

    held.open();
    let done: ProjectionView['rebuild'] = null;
    await until(async () => (done = (await history()).rebuild)?.state !== 'running', 30_000, 'rebuild done');
    expect(done).toMatchObject({ id: job.id, state: 'done', error: null, finishedAt: expect.any(String) });
    expect(done!.applied).toBe(done!.target);
    expect(done!.applied).toBeGreaterThanOrEqual(job.target);
    expect(done!.eventsPerS).toBeGreaterThan(0);

    // The live projector goes on, now writing the rebuilt tables.
    await traffic;
    await appendHistoryTraffic(world(2, 33), tree, 20);
    await settled();
    expect(await readHistoryTables(reader, dialect)).toEqual(expectedHistory(await allEvents()));
    expect(await buildLeft()).toBe(false);
    // The lease went with the rebuild: the next one is taken.
    await expect(client.rebuild('history', 'admin')).resolves.toMatchObject({ state: 'running' });
    await until(async () => (await history()).rebuild?.state === 'done', 30_000, 'second rebuild done');
  });

  it('names the known projections for an unknown one, and says when no instance of the owner answers', async () => {
    await expect(client.rebuild('histroy', 'admin')).rejects.toEqual(new NotFoundError('no projection "histroy"; the projections are history, files, provisioning'));
    const files = client.rebuild('files', 'admin');
    await expect(files).rejects.toBeInstanceOf(UnavailableError);
    await expect(files).rejects.toThrow(/no instance of the files service answered/);
  });

  it('abandons a rebuild when the instance stops, keeping the live tables, and frees the projection', async () => {
    const first = world(2, 34);
    await appendHistoryTraffic(first, await createCategories(first), 20);
    await settled();
    await client.rebuild('history', 'admin');
    const stopping = admin.stop();
    held.open();
    await stopping;
    // Abandoned before its switch: the build's tables are left for the next rebuild to start over.
    expect(await buildLeft()).toBe(true);
    expect(await client.overview()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'history', instances: [] })]));
    expect(await (await openRebuildLeases(nc, { namespace: log.subjects.namespace })).holder('history')).toBeUndefined();
    expect(await readHistoryTables(reader, dialect)).toEqual(expectedHistory(await allEvents()));

    // Another instance takes the next rebuild, starting the abandoned __next tables over.
    admin = await ProjectionAdmin.start({ nc, log, service: 'channel', instanceId: 'channel-b', logger: silent, projections: [store.hosted] });
    const job = await client.rebuild('history', 'admin');
    expect(job.instanceId).toBe('channel-b');
    await until(async () => (await history()).rebuild?.state === 'done', 30_000, 'rebuild done');
    expect(await readHistoryTables(reader, dialect)).toEqual(expectedHistory(await allEvents()));
    expect(await buildLeft()).toBe(false);
  });
});
