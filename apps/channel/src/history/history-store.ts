import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UnavailableError } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { EventLog } from '@parley/eventlog';
import type { HostedProjection } from '@parley/nest-kit';
import {
  backoffMs,
  createDataSource,
  DEFAULT_RETRY,
  ensureInitialized,
  errorText,
  Pause,
  runMigrations,
  startProjector,
  type DataSourceConfig,
  type ProjectionLogger,
  type Projector,
  type RetryPolicy,
} from '@parley/projections';
import type { DataSource } from 'typeorm';
import { CreateHistoryTables } from './projection/history.tables.js';
import { historyProjection } from './projection/history.projection.js';
import { HistoryQueries } from './read/history.queries.js';
import { ReadableRooms } from './read/readable-rooms.js';
import { SearchQueries } from './read/search.queries.js';
import { historySqlOf } from './sql/history-sql.js';
import { ensureSqlServerFullText } from './sql/mssql-fulltext.js';

export interface HistoryStoreOptions {
  database: DataSourceConfig;
  log: EventLog;
  state: DirectoryState;
  logger: ProjectionLogger;
  /** Back-off while the database does not answer (default 100 ms doubling to 10 s). */
  retry?: RetryPolicy;
  /** Most events the projector applies in one transaction (default 1000). */
  maxBatch?: number;
}

/** What reading history needs: the rooms and who may read them, history pages, search. */
export interface HistoryReads {
  rooms: ReadableRooms;
  history: HistoryQueries;
  search: SearchQueries;
}

/** Events per transaction of a rebuild: fewer, larger transactions are what make SQLite fast. */
export const REBUILD_BATCH = 5_000;

/** The history migration together with the framework's (for tools that open the database themselves). */
export const HISTORY_MIGRATIONS = [CreateHistoryTables];

/**
 * The history database of one channel server: migrated at start-up, then kept up to date by the
 * history projector, and read through a second connection in SQLite (WAL readers never wait for
 * the projector). Nothing here blocks the channel: while the database does not answer, the
 * store retries in the background, live chat goes on, and reads answer UnavailableError.
 */
export class HistoryStore {
  private readonly writer: DataSource;
  private reader: DataSource | undefined;
  private projector: Projector | undefined;
  private reads: HistoryReads | undefined;
  private stopped = false;
  private readonly pause = new Pause();
  private readonly started: Promise<void>;

  constructor(private readonly options: HistoryStoreOptions) {
    this.writer = createDataSource({ ...options.database, migrations: HISTORY_MIGRATIONS });
    this.started = this.start();
  }

  /** The reads, or UnavailableError until the database has been reached once. */
  get(): HistoryReads {
    if (!this.reads) throw new UnavailableError('history is not available yet: its database has not answered since this server started');
    return this.reads;
  }

  /** The stream sequence up to which the history holds the log. */
  get position(): number {
    return this.projector?.position ?? 0;
  }

  /**
   * The projection for the projection admin (status, rebuilds while serving): rebuilt through the
   * projector's own data source, SQL Server's full-text index made again after the switch.
   */
  get hosted(): HostedProjection {
    const { dialect } = this.options.database;
    return {
      definition: historyProjection,
      dataSource: this.writer,
      projector: () => this.projector,
      rebuildBatch: REBUILD_BATCH,
      afterSwitch: dialect === 'mssql' ? () => ensureSqlServerFullText(this.writer) : undefined,
    };
  }

  /** Resolves once the database has been migrated and the projector started (or the store stopped). */
  get ready(): Promise<void> {
    return this.started.then(() => this.projector?.ready);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pause.stop();
    await this.started;
    this.reads?.rooms.stop();
    await this.projector?.stop();
    for (const db of new Set([this.reader, this.writer])) if (db?.isInitialized) await db.destroy();
  }

  private async start(): Promise<void> {
    const { database, logger } = this.options;
    const retry = this.options.retry ?? DEFAULT_RETRY;
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        if (database.dialect === 'sqlite') mkdirSync(dirname(database.file), { recursive: true });
        await runMigrations(this.writer);
        if (database.dialect === 'mssql') await ensureSqlServerFullText(this.writer);
        // SQLite reads on a connection of their own; it writes nothing, so the writer's WAL checkpointer is enough.
        this.reader = database.dialect === 'sqlite' ? await ensureInitialized(createDataSource({ ...database, checkpointIntervalMs: 0 })) : this.writer;
        break;
      } catch (error) {
        logger('warn', 'the history database does not answer; live chat goes on, history waits', { error: errorText(error) });
        await this.pause.wait(backoffMs(retry, attempt));
      }
    }
    if (this.stopped) return;
    const projector = startProjector({ definition: historyProjection, log: this.options.log, dataSource: this.writer, maxBatch: this.options.maxBatch ?? 1_000, logger, retry });
    this.projector = projector;
    const sql = historySqlOf(database.dialect);
    const reader = this.reader!;
    this.reads = {
      rooms: new ReadableRooms(reader, sql, this.options.state, () => projector.position),
      history: new HistoryQueries(reader, sql),
      search: new SearchQueries(reader, sql),
    };
  }
}
