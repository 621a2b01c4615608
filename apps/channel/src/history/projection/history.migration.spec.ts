import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dialects, type Dialect } from '@parley/projections';
import type { QueryRunner } from 'typeorm';
import { SQLSERVER_FULLTEXT } from '../sql/mssql-fulltext.js';
import { CreateHistoryTables } from './history.tables.js';

// The SQL each dialect's migration runs is committed next to the code that generates it, so that
// a change to the schema shows in review as SQL, and someone who knows T-SQL can read SQL Server's.

const DRIVER: Record<Dialect, string> = { sqlite: 'better-sqlite3', postgres: 'postgres', mssql: 'mssql' };
const REGENERATE = 'PARLEY_WRITE_SQL=1 npx jest apps/channel/src/history/projection/history.migration.spec.ts';

const migration = new CreateHistoryTables();

async function migrationSql(dialect: Dialect): Promise<string> {
  const statements: string[] = [];
  const runner = { dataSource: { options: { type: DRIVER[dialect] } }, query: async (sql: string) => void statements.push(sql) } as unknown as QueryRunner;
  await migration.up(runner);
  const header = `-- ${migration.name} (${dialect}), generated from history.tables.ts: do not edit. After changing the code: ${REGENERATE}\n\n`;
  const body = statements.map((s) => `${s.replace(/\n\s+/g, '\n  ')};\n`).join('\n');
  const fullText = dialect === 'mssql' ? `\n-- Then, outside any transaction (at start-up and after each rebuild), from mssql-fulltext.ts:\n\n${SQLSERVER_FULLTEXT.map((s) => `${s};\n`).join('\n')}` : '';
  return header + body + fullText;
}

describe('the history migration', () => {
  it.each(Dialects)('matches the committed SQL for %s', async (dialect) => {
    const file = join(__dirname, 'migrations', `${migration.name}.${dialect}.sql`);
    const sql = await migrationSql(dialect);
    if (process.env['PARLEY_WRITE_SQL'] === '1') writeFileSync(file, sql);
    expect(existsSync(file) ? readFileSync(file, 'utf8') : `(missing: ${REGENERATE})`).toBe(sql);
  });
});
