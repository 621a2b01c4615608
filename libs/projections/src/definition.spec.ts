import { InternalError } from '@parley/contracts';
import type { DataSource } from 'typeorm';
import { checkDefinition, liveNames, buildNames } from './definition.js';
import { checkpointKeys, isKeyOf } from './partition.js';
import { createTablesMigration, defineMigration, partitionOf, toStreamSeq, type ProjectionDefinition } from './index.js';
import { messagesTable } from './test/messages.projection.js';

const definition = (overrides: Partial<ProjectionDefinition>): ProjectionDefinition => ({
  name: 'history',
  tables: [messagesTable],
  apply: async () => undefined,
  ...overrides,
});

describe('projection definitions', () => {
  it.each([
    [{ name: 'History' }, /invalid projection name "History"/],
    [{ name: 'x'.repeat(81) }, /invalid projection name/],
    [{ partitions: 0 }, /partitions must be an integer from 1 to 256/],
    [{ partitions: 1.5 }, /partitions must be an integer/],
    [{ tables: [] }, /declares no tables/],
    [{ tables: [messagesTable, messagesTable] }, /declares a table twice/],
    [{ tables: [{ ...messagesTable, name: 'a'.repeat(58) }] }, /invalid table name/],
    [{ tables: [{ ...messagesTable, name: 'drop table' }] }, /invalid table name "drop table__next"/],
  ])('refuses %j', (overrides, message) => {
    expect(() => checkDefinition(definition(overrides as Partial<ProjectionDefinition>))).toThrow(message);
  });

  it('names a build apart from the live table, indexes included', () => {
    expect(liveNames('msgs').table).toBe('msgs');
    expect(liveNames('msgs').index('author')).toBe('msgs_author');
    expect(buildNames('msgs', 'b1').table).toBe('msgs__next');
    expect(buildNames('msgs', 'b1').index('author')).toBe('msgs_author_b1');
    expect(() => buildNames('m'.repeat(50), 'b1').index('a_rather_long_suffix')).toThrow(/invalid index name/);
  });
});

describe('migrations', () => {
  const runOn = async (migration: ReturnType<typeof defineMigration>, type: string) => {
    const queries: string[] = [];
    const runner = { dataSource: { options: { type } } as DataSource, query: async (sql: string) => void queries.push(sql) };
    await new migration().up(runner as never);
    return queries;
  };

  it('runs the statements of the data source dialect, in order', async () => {
    const migration = defineMigration({
      name: 'AddThings1767312000000',
      up: { sqlite: ['s1', 's2'], postgres: ['p1'], mssql: ['m1'] },
      down: { sqlite: [], postgres: [], mssql: [] },
    });
    expect(new migration().name).toBe('AddThings1767312000000');
    expect(await runOn(migration, 'better-sqlite3')).toEqual(['s1', 's2']);
    expect(await runOn(migration, 'postgres')).toEqual(['p1']);
    expect(await runOn(migration, 'mssql')).toEqual(['m1']);
  });

  it("creates a projection's first tables from the same definition a rebuild uses", async () => {
    const statements = await runOn(createTablesMigration('CreateMessages1767312000000', [messagesTable]), 'mssql');
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^CREATE TABLE test_messages \(room nvarchar/);
    expect(statements[1]).toBe('CREATE INDEX test_messages_author ON test_messages (author)');
  });

  it('refuses a name without a timestamp, or a dialect without statements', () => {
    const up = { sqlite: ['x'], postgres: ['x'], mssql: ['x'] };
    expect(() => defineMigration({ name: 'AddThings', up, down: up })).toThrow(/13-digit timestamp/);
    expect(() => defineMigration({ name: 'AddThings1767312000000', up: { ...up, mssql: [] }, down: up })).toThrow(/no mssql statements/);
  });
});

describe('partitions', () => {
  it('puts an aggregate always in the same partition, and spreads aggregates over all of them', () => {
    expect(partitionOf('room-42', 8)).toBe(partitionOf('room-42', 8));
    const counts = new Array<number>(8).fill(0);
    for (let i = 0; i < 4_000; i++) counts[partitionOf(`room-${i}`, 8)]!++;
    for (const n of counts) expect(n).toBeGreaterThan(350);
  });

  it('keys checkpoints by projection and partition', () => {
    expect(checkpointKeys('history', 1)).toEqual(['history']);
    expect(checkpointKeys('history', 3)).toEqual(['history/p0of3', 'history/p1of3', 'history/p2of3']);
    expect(isKeyOf('history', 'history/p2of3')).toBe(true);
    expect(isKeyOf('history', 'history')).toBe(true);
    expect(isKeyOf('his_ory', 'history/p0of2')).toBe(false);
    expect(isKeyOf('history', 'history-archive')).toBe(false);
  });
});

describe('toStreamSeq', () => {
  it('reads bigint columns as exact numbers up to 2^53 - 1, whatever the driver returns', () => {
    expect(toStreamSeq('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(toStreamSeq(42)).toBe(42);
    expect(toStreamSeq(7n)).toBe(7);
  });

  it.each(['9007199254740992', '9223372036854775807', -1, 1.5, 'x', null])('refuses %p', (value) => {
    expect(() => toStreamSeq(value)).toThrow(InternalError);
  });
});
