import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventLog } from '@parley/eventlog';
import { createTestDatabase, randomName, startNats, tempSqliteFile, type TestNats } from '@parley/testing';
import { createDataSource, startProjector, type ProjectionLogger, type Projector } from './index.js';
import { dialectsUnderTest, testDatabase, type TestDatabase } from './test/databases.js';
import { expectedRows, messagesProjection, readRows } from './test/messages.projection.js';
import { appendTraffic, readRooms, seededRandom, until } from './test/traffic.js';

const caughtUp = (projector: Projector) => async () => (await projector.lag()).events === 0;

describe.each(dialectsUnderTest)('projector while %s is down', (dialect) => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let db: TestDatabase;
  let projector: Projector | undefined;
  let restore: (() => Promise<void>) | undefined;
  const logged: { level: string; message: string }[] = [];
  const logger: ProjectionLogger = (level, message) => void logged.push({ level, message });

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    logged.length = 0;
    log = await EventLog.open(nc, { namespace: randomName('ns') });
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
  });

  afterEach(async () => {
    await restore?.();
    restore = undefined;
    await projector?.stop();
    await log.close();
    await db.remove();
  });

  it('waits while the database is down, then catches up without losing or repeating anything', async () => {
    const dataSource = await db.open();
    const rooms = [randomName('room'), randomName('room')];
    projector = startProjector({ definition: messagesProjection(), log, dataSource, logger, maxBatch: 8, retry: { minMs: 20, maxMs: 200 } });
    await projector.ready;
    await appendTraffic(log, rooms, 20, seededRandom(7));
    await until(caughtUp(projector), 'caught up before the outage');

    restore = await db.outage();
    await appendTraffic(log, rooms, 30, seededRandom(8));
    await until(() => projector!.state === 'waiting-for-database', 'waiting for the database');
    const behind = await projector.lag();
    expect(behind.events).toBeGreaterThan(0);
    expect(behind.seconds).toBeGreaterThanOrEqual(0);
    expect(logged.some((l) => l.level === 'warn' && /could not apply events up to \d+; retrying/.test(l.message))).toBe(true);

    await restore();
    restore = undefined;
    await until(caughtUp(projector), 'caught up after the outage');
    expect(projector.state).toBe('live');
    expect(logged.some((l) => l.level === 'info' && /reaches its database again/.test(l.message))).toBe(true);
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
  });

  it('starts while the database is down and begins once it is back', async () => {
    // The schema is migrated beforehand (migrations run at deploy time, not in the projector).
    await (await db.open()).destroy();
    const rooms = [randomName('room')];
    await appendTraffic(log, rooms, 25, seededRandom(9));
    restore = await db.outage();
    // Not yet connected: the projector connects it, retrying until the database answers.
    const dataSource = createDataSource(db.config);
    projector = startProjector({ definition: messagesProjection(), log, dataSource, logger, retry: { minMs: 20, maxMs: 200 } });
    await until(() => projector!.state === 'waiting-for-database', 'waiting for the database');
    expect(logged.some((l) => /could not read its checkpoints; retrying/.test(l.message))).toBe(true);

    await restore();
    restore = undefined;
    await projector.ready;
    await until(caughtUp(projector), 'caught up');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
    await projector.stop();
    await dataSource.destroy();
  });
});
