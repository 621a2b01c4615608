import type { LogName } from '@parley/contracts';
import type { EventLog, StoredEvent } from '@parley/eventlog';
import type { DataSource } from 'typeorm';
import { lockProjection, replaceCheckpoints } from './checkpoints.js';
import { ensureInitialized } from './data-source.js';
import { applyContext, buildNames, checkDefinition, type ApplyContext, type ProjectionDefinition } from './definition.js';
import { dialectOf } from './dialect.js';
import { sqlOf } from './dialects/index.js';
import { errorText, silentLogger, type ProjectionLogger } from './logger.js';
import { checkpointKeys } from './partition.js';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { runInTransaction } from './transaction.js';

export interface RebuildOptions {
  definition: ProjectionDefinition;
  log: EventLog;
  dataSource: DataSource;
  /** Events applied in one transaction (default 1024), whatever the sizes of the batches read. */
  maxBatch?: number;
  logger?: ProjectionLogger;
  /** Back-off while the database fails during the build (default 100 ms doubling to 10 s). */
  retry?: RetryPolicy;
  /** Told after each transaction of the build how far it got: the stream sequence applied, and the log head it is catching up with. */
  onProgress?: (applied: number, target: number) => void;
  /** Abandons the build, rejecting with the signal's reason; the `__next` tables it leaves are started over by the next rebuild. */
  signal?: AbortSignal;
}

export interface RebuildResult {
  /** The new tables hold the log up to here, and every checkpoint of the projection now stands here. */
  streamSeq: number;
}

/**
 * Rebuilds a projection from the start of the log, blue/green: builds its tables afresh as
 * `<table>__next` while the live ones keep serving (and their projectors keep running), then in
 * one transaction drops the live tables, renames the new ones into their place and sets the
 * checkpoints (for the definition's partitioning, which may differ from the live one's).
 * A rebuild that dies half-way leaves only `__next` tables, which the next rebuild starts over;
 * run one rebuild of a projection at a time, since they share those names.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { definition, log, dataSource } = options;
  checkDefinition(definition);
  const logger = options.logger ?? silentLogger;
  await ensureInitialized(dataSource);
  const sql = sqlOf(dataSource);
  const dialect = dialectOf(dataSource);
  const build = Date.now().toString(36);
  const tables = definition.tables.map((table) => ({ table, next: buildNames(table.name, build) }));
  logger('info', `rebuilding projection ${definition.name}`, { projection: definition.name, build });

  await runInTransaction(dataSource, async (tx) => {
    for (const { table, next } of tables) {
      await tx.query(sql.dropTable(next.table));
      for (const statement of table.create(next)[dialect]) await tx.query(statement);
    }
  });

  const context = applyContext(definition.name, dialect, new Map(tables.map(({ table, next }) => [table.name, next.table])));
  const builder = new Builder(options, context, logger);
  for (;;) {
    options.signal?.throwIfAborted();
    await builder.catchUp(await log.head(definition.source ?? 'chat'));
    // Abandoned while catching up: no switch.
    options.signal?.throwIfAborted();
    const ahead = await runInTransaction(dataSource, async (tx) => {
      const live = await lockProjection(tx, sql, definition.name);
      // A projector still running on the live tables went past the build: catch up with it first.
      const furthest = Math.max(0, ...live.values());
      if (furthest > builder.position) return furthest;
      for (const { table, next } of tables) {
        await tx.query(sql.dropTable(table.name));
        await tx.query(sql.renameTable(next.table, table.name));
      }
      await replaceCheckpoints(tx, sql, live, checkpointKeys(definition.name, definition.partitions ?? 1), builder.position);
      return undefined;
    });
    const fields = { projection: definition.name, streamSeq: builder.position };
    if (ahead === undefined) {
      logger('info', `projection ${definition.name} rebuilt up to ${builder.position}`, fields);
      return { streamSeq: builder.position };
    }
    logger('info', `projection ${definition.name}: the live projector is at ${ahead}, past the build; catching up`, fields);
  }
}

/**
 * Applies the log to a rebuild's tables, keeping its position in memory. A rebuild keeps nothing
 * it must resume from until its switch, so it gathers what the consumer hands over and applies it
 * in transactions of `maxBatch` events, however small the consumer's batches: small transactions
 * cost SQLite most of its time (each rewrites the index pages it touches). One transaction is
 * written while the next events are read and decoded (never two at once: they apply in order).
 */
class Builder {
  position = 0;
  /** The log head the current round catches up with. */
  private target = 0;
  private readonly source: LogName;
  private readonly maxBatch: number;
  private pending: StoredEvent[] = [];
  /** The stream sequence of the last event handed over: applied, being written, or pending. */
  private handed = 0;
  /** The transaction being written, if any; a failed one puts its events back in front of `pending`. */
  private writing: Promise<void> | undefined;

  constructor(
    private readonly options: RebuildOptions,
    private readonly context: ApplyContext,
    private readonly logger: ProjectionLogger,
  ) {
    this.source = options.definition.source ?? 'chat';
    this.maxBatch = options.maxBatch ?? 1024;
  }

  /** Applies everything up to `target` (a stream sequence the log has reached). */
  async catchUp(target: number): Promise<void> {
    if (this.position >= target) return;
    this.target = target;
    // Everything handed over before is applied; what a round left past its target comes again.
    this.handed = this.position;
    const { log, signal } = this.options;
    const subscription = log.consume({
      filter: log.subjects.streamSubjects(this.source),
      after: this.position,
      maxBatch: this.maxBatch,
      retry: this.options.retry ?? DEFAULT_RETRY,
      // A rebuild of the whole log continues no one's trace.
      traces: false,
      handle: async (batch) => {
        // A batch handed over again after a failed apply is pending already.
        const last = this.handed;
        this.pending.push(...batch.filter((stored) => stored.streamSeq > last));
        this.handed = Math.max(last, batch.at(-1)?.streamSeq ?? last);
        if (this.pending.length >= this.maxBatch) await this.startWriting();
      },
      onError: (error, streamSeq) => this.failed(error, streamSeq),
    });
    try {
      // Polled rather than signalled from `handle`: the consumer also passes over events this
      // process cannot decode without calling `handle`.
      while (Math.max(this.handed, subscription.position) < target) {
        signal?.throwIfAborted();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await subscription.stop();
      // Nothing else happens until the transaction in flight ends (if it failed, its events are pending again).
      await this.settle().catch((error: unknown) => this.failed(error, this.pending[0]?.streamSeq ?? this.position));
    }
    // Events past the target are left for the next round (or, after the switch, for the live
    // projector, which starts from the position set here): the build stops where it was asked to.
    this.pending = this.pending.filter((stored) => stored.streamSeq <= target);
    for (let attempt = 0; this.pending.length; attempt++) {
      signal?.throwIfAborted();
      await this.apply().catch(async (error: unknown) => {
        this.failed(error, this.pending[0]!.streamSeq);
        await new Promise((resolve) => setTimeout(resolve, backoffMs(this.options.retry ?? DEFAULT_RETRY, attempt)));
      });
    }
    // Everything up to the target was handed over: applied, or passed over as undecodable.
    this.position = Math.max(this.position, target);
    this.options.onProgress?.(this.position, target);
  }

  /** Waits for the transaction in flight (throwing if it failed), then starts writing what is pending without waiting for it. */
  private async startWriting(): Promise<void> {
    await this.settle();
    const writing = this.apply();
    // Its failure is seen by the next `settle`.
    writing.catch(() => undefined);
    this.writing = writing;
  }

  private async settle(): Promise<void> {
    const writing = this.writing;
    this.writing = undefined;
    await writing;
  }

  /** Writes what is pending in one transaction; if it fails, the events go back in front of what was handed over meanwhile. */
  private async apply(): Promise<void> {
    const { definition, dataSource } = this.options;
    const events = this.pending;
    this.pending = [];
    try {
      await runInTransaction(dataSource, (tx) => definition.apply(tx, events, this.context));
    } catch (error) {
      this.pending = [...events, ...this.pending];
      throw error;
    }
    this.position = events.at(-1)!.streamSeq;
    this.options.onProgress?.(this.position, this.target);
  }

  private failed(error: unknown, streamSeq: number): void {
    const { name } = this.options.definition;
    this.logger('warn', `rebuild of ${name} failed at ${streamSeq}; retrying`, { projection: name, error: errorText(error) });
  }
}
