import { InternalError, uuidv7, type ParleyEvent } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import { createTestDatabase, tempSqliteFile } from '@parley/testing';
import { statSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { openCheckpoints, saveCheckpoint } from './checkpoints.js';
import { sqlOf } from './dialects/index.js';
import { SqliteCheckpointer } from './dialects/sqlite-checkpointer.js';
import { createDataSource, readCheckpoints, runInTransaction, runMigrations, SqliteDataSource } from './index.js';
import { dialectsUnderTest, testDatabase, type TestDatabase } from './test/databases.js';
import { messagesProjection, readRows } from './test/messages.projection.js';

const count = (dataSource: DataSource, table: string) =>
  runInTransaction(dataSource, (tx) => tx.query(`SELECT COUNT(*) AS n FROM ${table}`)).then(
    () => true,
    () => false,
  );

describe.each(dialectsUnderTest)('data source on %s', (dialect) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
  });

  afterEach(async () => {
    await db.remove();
  });

  it('applies each migration once, in order, and can undo them', async () => {
    const dataSource = createDataSource(db.config);
    expect(await runMigrations(dataSource)).toEqual(['ProjectionCheckpoints1767225600000', 'CreateTestMessages1767312000000']);
    expect(await runMigrations(dataSource)).toEqual([]);
    expect(await count(dataSource, 'projection_checkpoints')).toBe(true);
    expect(await count(dataSource, 'test_messages')).toBe(true);

    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await count(dataSource, 'test_messages')).toBe(false);
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await count(dataSource, 'projection_checkpoints')).toBe(false);
    await dataSource.destroy();
  });

  it('round-trips 64-bit sequence values up to 2^53 - 1, and refuses larger ones', async () => {
    const dataSource = await db.open();
    const sql = sqlOf(dataSource);
    for (const value of [2 ** 32 + 7, Number.MAX_SAFE_INTEGER]) {
      await runInTransaction(dataSource, async (tx) => {
        await openCheckpoints(tx, sql, 'big', ['big']);
        await saveCheckpoint(tx, sql, 'big', value);
      });
      expect(await readCheckpoints(dataSource, 'big')).toEqual(new Map([['big', value]]));
    }

    // A projection's own bigint columns: an aggregate seq past 32 bits, a stream sequence at 2^53 - 1.
    const posted = {
      id: uuidv7(),
      type: 'MessagePosted',
      v: 1,
      aggregateId: 'room-big',
      seq: 2 ** 31 + 5,
      actor: { kind: 'user', id: 'alice' },
      occurredAt: new Date().toISOString(),
      correlationId: 'c',
      causationId: 'c',
      data: { clientMsgId: 'm', text: 'far along', alert: false, story: null, mentions: [] },
    } as ParleyEvent;
    const stored: StoredEvent = { event: posted, streamSeq: Number.MAX_SAFE_INTEGER, subject: 'chat.room.room-big' };
    const definition = messagesProjection();
    await runInTransaction(dataSource, (tx) => definition.apply(tx, [stored], { dialect, table: (name) => name }));
    expect(await readRows(dataSource)).toEqual([
      { room: 'room-big', seq: 2 ** 31 + 5, streamSeq: Number.MAX_SAFE_INTEGER, author: 'alice', text: 'far along', editCount: 0, redacted: false },
    ]);

    // The largest bigint is stored fine but cannot be a JavaScript number: reading it fails loudly.
    await runInTransaction(dataSource, (tx) =>
      tx.query(`UPDATE projection_checkpoints SET stream_seq = ${sql.param(1)} WHERE projection = ${sql.param(2)}`, ['9223372036854775807', 'big']),
    );
    await expect(readCheckpoints(dataSource, 'big')).rejects.toBeInstanceOf(InternalError);
  });
});

describe('SQLite connection settings', () => {
  it('opens SQLite with WAL, synchronous=NORMAL, foreign keys and the busy timeout', async () => {
    const file = tempSqliteFile();
    const dataSource = createDataSource({ dialect: 'sqlite', file: file.path, busyTimeoutMs: 1234 });
    await runMigrations(dataSource);
    const pragma = async (name: string) => Object.values((await dataSource.query<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]!)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('busy_timeout')).toBe(1234);
    await dataSource.destroy();
    file.remove();
  });

  // 8 MiB in one statement: past SQLite's 1,000-page threshold, so a COMMIT would checkpoint it.
  const fillWal = (dataSource: DataSource) =>
    dataSource.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2048)
       INSERT INTO filler (body) SELECT randomblob(4096) FROM n`,
    );
  const sizeOf = (path: string) => statSync(path).size;

  it('checkpoints the WAL from a worker thread, never in a COMMIT on the event loop', async () => {
    const file = tempSqliteFile();
    // An interval long enough that only the explicit checkpoint below runs.
    const dataSource = createDataSource({ dialect: 'sqlite', file: file.path, checkpointIntervalMs: 3_600_000 });
    await runMigrations(dataSource);
    expect(dataSource).toBeInstanceOf(SqliteDataSource);
    // Once its worker answers, the data source's own connection no longer checkpoints.
    await (dataSource as SqliteDataSource).checkpoint();
    expect(await dataSource.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 0 }]);
    await dataSource.query('CREATE TABLE filler (body blob NOT NULL)');
    const before = sizeOf(file.path);

    await fillWal(dataSource);
    // The rows are committed, in the WAL only: the COMMIT copied nothing back.
    expect(sizeOf(file.path)).toBe(before);
    expect(sizeOf(`${file.path}-wal`)).toBeGreaterThan(8 * 1024 * 1024);

    const result = await (dataSource as SqliteDataSource).checkpoint();
    expect(result!.walFrames).toBeGreaterThan(2_048);
    expect(result!.checkpointedFrames).toBe(result!.walFrames);
    expect(sizeOf(file.path)).toBeGreaterThan(before + 8 * 1024 * 1024);
    expect(await dataSource.query('SELECT COUNT(*) AS n FROM filler')).toEqual([{ n: 2048 }]);
    await dataSource.destroy();
    file.remove();
  });

  it('leaves checkpoints to SQLite when asked to (interval 0)', async () => {
    const file = tempSqliteFile();
    const dataSource = createDataSource({ dialect: 'sqlite', file: file.path, checkpointIntervalMs: 0 });
    await runMigrations(dataSource);
    expect(await dataSource.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 1000 }]);
    await dataSource.query('CREATE TABLE filler (body blob NOT NULL)');
    const before = sizeOf(file.path);
    await fillWal(dataSource);
    expect(sizeOf(file.path)).toBeGreaterThan(before + 8 * 1024 * 1024);
    expect((dataSource as SqliteDataSource).checkpoint()).toBeUndefined();
    await dataSource.destroy();
    file.remove();
  });

  it('says so when its checkpointer cannot run, and refuses checkpoints from then on', async () => {
    const reasons: string[] = [];
    const checkpointer = new SqliteCheckpointer('/nonexistent/parley.sqlite', 1_000, (reason) => reasons.push(reason));
    await expect(checkpointer.started).rejects.toThrow(/SQLite checkpointer failed/);
    expect(reasons).toHaveLength(1);
    await expect(checkpointer.checkpoint()).rejects.toThrow(/SQLite checkpointer failed/);
  });
});
