import { Client } from 'pg';
import { createTestDatabase } from './postgres.js';

describe('createTestDatabase', () => {
  it('creates a fresh database that can be used, then drops it', async () => {
    const db = await createTestDatabase();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE t (id bigint PRIMARY KEY)');
    await client.query('INSERT INTO t VALUES (9007199254740993)');
    const { rows } = await client.query<{ id: string }>('SELECT id FROM t');
    expect(rows[0]!.id).toBe('9007199254740993');
    await client.end();
    await db.drop();
    const other = await createTestDatabase();
    await expect(new Client({ connectionString: db.url }).connect()).rejects.toThrow(/does not exist/);
    await other.drop();
  });
});
