import { ValidationError } from '@parley/contracts';
import { dialectOf } from './dialect.js';
import { sqlOf } from './dialects/index.js';
import { createDataSource, ProjectionCheckpointsMigration, defineMigration } from './index.js';

const noop = defineMigration({ name: 'Noop1767312000000', up: { sqlite: ['SELECT 1'], postgres: ['SELECT 1'], mssql: ['SELECT 1'] }, down: { sqlite: [], postgres: [], mssql: [] } });

describe('createDataSource', () => {
  it('configures SQL Server from a URL: TLS on and verified by default, UTC, transactions aborted on error', () => {
    const dataSource = createDataSource({
      dialect: 'mssql',
      url: 'mssql://parley:s%40cret%2Fx@sql.example.com:1444/parley_read',
      poolSize: 20,
      migrations: [noop],
    });
    expect(dialectOf(dataSource)).toBe('mssql');
    expect(dataSource.isInitialized).toBe(false);
    expect(dataSource.options).toMatchObject({
      type: 'mssql',
      host: 'sql.example.com',
      port: 1444,
      database: 'parley_read',
      username: 'parley',
      password: 's@cret/x',
      connectionTimeout: 15_000,
      pool: { max: 20 },
      synchronize: false,
      migrationsTransactionMode: 'each',
      logging: false,
      options: { encrypt: true, trustServerCertificate: false, useUTC: true, abortTransactionOnError: true, appName: 'parley' },
    });
    expect(dataSource.options.migrations).toEqual([ProjectionCheckpointsMigration, noop]);
  });

  it('takes SQL Server TLS flags from the URL and defaults the port', () => {
    const dataSource = createDataSource({ dialect: 'mssql', url: 'mssql://sa:pw@localhost/parley?encrypt=false&trustServerCertificate=true' });
    expect(dataSource.options).toMatchObject({ port: 1433, options: { encrypt: false, trustServerCertificate: true } });
  });

  it.each([
    ['postgres://u:p@host/db', /scheme is "postgres:", expected "mssql:"/],
    ['mssql://u:p@host', /needs a host and a database/],
    ['mssql://u:p@host/db?encrypt=yes', /encrypt must be true or false/],
    ['mssql://u:p@host/db?ssl=true', /unknown parameter "ssl"/],
    ['not a url', /is not a URL/],
  ])('refuses the SQL Server URL %s with a ValidationError', (url, message) => {
    const error = (() => {
      try {
        createDataSource({ dialect: 'mssql', url });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('url');
    expect((error as Error).message).toMatch(message);
  });

  it('keeps SQL Server statements to its own T-SQL', () => {
    const sql = sqlOf(createDataSource({ dialect: 'mssql', url: 'mssql://sa:pw@localhost/parley' }));
    expect(sql.param(1)).toBe('@0');
    expect(sql.lockCheckpoints('projection = @0')).toEqual(['SELECT projection, stream_seq FROM projection_checkpoints WITH (UPDLOCK, HOLDLOCK) WHERE projection = @0']);
    expect(sql.renameTable('t__next', 't')).toBe("EXEC sp_rename N't__next', N't'");
    expect(sql.checkpointsTable.up[0]).toMatch(/projection nvarchar\(100\) NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, updated_at datetime2/);
  });

  it('configures PostgreSQL without touching pg process-wide defaults', () => {
    const dataSource = createDataSource({ dialect: 'postgres', url: 'postgres://parley@db:5432/parley' });
    expect(dataSource.options).toMatchObject({ type: 'postgres', url: 'postgres://parley@db:5432/parley', poolSize: 10, connectTimeoutMS: 5_000, synchronize: false });
    expect(dataSource.options).not.toHaveProperty('parseInt8');
  });

  it('prepares every SQLite connection with WAL, synchronous=NORMAL and foreign keys', async () => {
    const dataSource = createDataSource({ dialect: 'sqlite', file: '/tmp/never-opened.sqlite' });
    const options = dataSource.options as { timeout: number; prepareDatabase(db: { pragma(s: string): unknown }): Promise<void> | void };
    expect(options.timeout).toBe(2_000);
    const pragmas: string[] = [];
    await options.prepareDatabase({ pragma: (s) => pragmas.push(s) });
    expect(pragmas).toEqual(['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'journal_size_limit = 67108864']);
  });
});
