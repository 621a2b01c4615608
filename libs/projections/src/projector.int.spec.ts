import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventLog } from '@parley/eventlog';
import { createTestDatabase, randomName, startNats, tempSqliteFile, type TestNats } from '@parley/testing';
import type { DataSource } from 'typeorm';
import { readCheckpoints, startProjector, type ProjectionDefinition, type Projector } from './index.js';
import { dialectsUnderTest, testDatabase, type TestDatabase } from './test/databases.js';
import { expectedRows, failingMidBatch, messagesProjection, readRows } from './test/messages.projection.js';
import { appendTraffic, readRooms, seededRandom, sleep, until } from './test/traffic.js';

const fast = { minMs: 5, maxMs: 50 };
const rooms = (n: number) => Array.from({ length: n }, () => randomName('room'));
const caughtUp = (...projectors: Projector[]) => async () => (await Promise.all(projectors.map((p) => p.lag()))).every((l) => l.events === 0);

describe.each(dialectsUnderTest)('projector on %s', (dialect) => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let db: TestDatabase;
  let dataSource: DataSource;
  const running: Projector[] = [];
  const start = (definition: ProjectionDefinition, options: { dataSource?: DataSource; partitions?: number[]; maxBatch?: number } = {}) => {
    const projector = startProjector({ definition, log, dataSource, retry: fast, maxBatch: 5, ...options });
    running.push(projector);
    return projector;
  };

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    log = await EventLog.open(nc, { namespace: randomName('ns') });
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
    dataSource = await db.open();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await log.close();
    await db.remove();
  });

  it('projects posts, edits and redactions row for row and reports when it is live', async () => {
    const ids = rooms(4);
    await appendTraffic(log, ids, 40, seededRandom(1));
    const projector = start(messagesProjection());
    await projector.ready;
    await until(caughtUp(projector), 'caught up');
    const expected = expectedRows(await readRooms(log, ids));
    expect(expected.some((row) => row.redacted && row.text === null)).toBe(true);
    expect(expected.some((row) => row.editCount > 0)).toBe(true);
    expect(await readRows(dataSource)).toEqual(expected);
    expect(projector.state).toBe('live');
    expect(await projector.lag()).toEqual({ events: 0, seconds: 0 });

    // Live: new events arrive as they are appended.
    await appendTraffic(log, ids, 10, seededRandom(2));
    await until(caughtUp(projector), 'caught up again');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, ids)));
    expect(await readCheckpoints(dataSource, 'test-messages')).toEqual(new Map([['test-messages', await log.head('chat')]]));
  });

  it('applies every event exactly once through failures mid-batch, restarts and a second instance', async () => {
    const ids = rooms(6);
    const random = seededRandom(3);
    const definition = failingMidBatch(messagesProjection(), random);
    const traffic = appendTraffic(log, ids, 60, seededRandom(4));
    // Stopped and started again and again while events stream in, some batches failing half-way.
    for (let i = 0; i < 12; i++) {
      const projector = start(definition);
      await projector.ready;
      await sleep(random() * 40);
      await projector.stop();
    }
    await traffic;
    // Two instances at once, as in a rolling deploy: the checkpoint lock makes them take turns.
    // (SQLite: one data source, as one process would; a second connection in the same process
    // would wait for the lock synchronously, stalling the very event loop that holds it.)
    const other = dialect === 'sqlite' ? dataSource : await db.open();
    const first = start(definition);
    const second = start(definition, { dataSource: other });
    await Promise.all([first.ready, second.ready]);
    await until(caughtUp(first, second), 'both caught up');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, ids)));
    expect(await readCheckpoints(dataSource, 'test-messages')).toEqual(new Map([['test-messages', await log.head('chat')]]));
  });

  it('splits rooms across partitions and processes, keeping each room in order', async () => {
    const ids = rooms(9);
    const definition = failingMidBatch(messagesProjection({ partitions: 3 }), seededRandom(5), 0.2);
    const other = dialect === 'sqlite' ? dataSource : await db.open();
    const one = start(definition, { partitions: [0, 2] });
    const two = start(definition, { dataSource: other, partitions: [1] });
    await Promise.all([one.ready, two.ready]);
    await appendTraffic(log, ids, 40, seededRandom(6));
    await until(caughtUp(one, two), 'both caught up');
    // An edit applied before its post would leave the post unedited: equal rows show the order held.
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, ids)));
    const head = await log.head('chat');
    expect(await readCheckpoints(dataSource, 'test-messages')).toEqual(
      new Map([0, 1, 2].map((p) => [`test-messages/p${p}of3`, head])),
    );
  });

  it('refuses partitions outside its definition', () => {
    expect(() => start(messagesProjection({ partitions: 2 }), { partitions: [2] })).toThrow(/must be distinct integers from 0 to 1/);
  });
});
