import { ConflictError, ValidationError, type LogName } from '@parley/contracts';
import { withEventSpans, type EventLog, type StoredEvent, type Subscription } from '@parley/eventlog';
import type { DataSource } from 'typeorm';
import { lockCheckpoint, openCheckpoints, saveCheckpoint } from './checkpoints.js';
import { ensureInitialized } from './data-source.js';
import { applyContext, checkDefinition, type ApplyContext, type ProjectionDefinition } from './definition.js';
import { dialectOf } from './dialect.js';
import { sqlOf } from './dialects/index.js';
import { errorText, silentLogger, type ProjectionLogger } from './logger.js';
import { checkpointKeys, partitionOf } from './partition.js';
import { backoffMs, DEFAULT_RETRY, Pause, type RetryPolicy } from './retry.js';
import { runInTransaction } from './transaction.js';

/**
 * - `catching-up`: applying a backlog (it started, or its last batch ended, behind the log head).
 * - `live`: its last batch reached the log head; new events are applied as they come.
 * - `waiting-for-database`: its last attempt to read checkpoints or apply a batch failed (the
 *   database is down or locked, or `apply` threw); it retries with back-off and logs each failure.
 */
export type ProjectorState = 'catching-up' | 'live' | 'waiting-for-database';

export interface Lag {
  /** Events in the log after the projection's position (0 when caught up). */
  events: number;
  /** Age in seconds of the oldest of those events, from its `occurredAt` (0 when caught up). */
  seconds: number;
}

export interface ProjectorOptions {
  definition: ProjectionDefinition;
  log: EventLog;
  /** From `createDataSource`, migrated; connected here if it is not yet (retrying while the database is down). */
  dataSource: DataSource;
  /** Most events applied in one transaction (default 256). */
  maxBatch?: number;
  /** The partitions this process applies (default all of them): give each process a share to scale out. */
  partitions?: readonly number[];
  logger?: ProjectionLogger;
  /** Back-off while the database fails (default 100 ms doubling to 10 s). */
  retry?: RetryPolicy;
}

export interface Projector {
  /** The projection's name (its definition's). */
  readonly name: string;
  /**
   * Resolves once it consumes from its checkpoints (events appended from then on will be applied);
   * rejects with a ConflictError, and stops, if they belong to another partitioning.
   */
  readonly ready: Promise<void>;
  readonly state: ProjectorState;
  /**
   * The stream sequence up to which every owned partition has applied the log: a writer waits for
   * it to pass its own event to read that write back from the projection.
   */
  readonly position: number;
  lag(): Promise<Lag>;
  /** Stops once the batch in hand has committed or rolled back. */
  stop(): Promise<void>;
}

/**
 * Keeps a projection up to date with the log: each batch is applied in one transaction per
 * partition together with that partition's checkpoint, so a crash, a redelivery or a second
 * instance never applies an event twice. See docs/adr/0006-projector-partitioning.md.
 */
export function startProjector(options: ProjectorOptions): Projector {
  checkDefinition(options.definition);
  const projector = new RunningProjector(options);
  running.add(projector);
  return projector;
}

const running = new Set<Projector>();

/** The projectors started in this process and not yet stopped (for the projection lag gauges). */
export function runningProjectors(): Iterable<Projector> {
  return running;
}

class RunningProjector implements Projector {
  readonly ready: Promise<void>;
  /** Checkpoints read and the consumer asked for (or stopped before). */
  private readonly started: Promise<void>;
  state: ProjectorState = 'catching-up';
  readonly name: string;
  private readonly source: LogName;
  private readonly count: number;
  /** Owned partition → its checkpoint key. */
  private readonly keys: ReadonlyMap<number, string>;
  private readonly maxBatch: number;
  private readonly retry: RetryPolicy;
  private readonly logger: ProjectionLogger;
  private readonly context: ApplyContext;
  private readonly pause = new Pause();
  private subscription: Subscription | undefined;
  private stopped = false;
  /** Every owned partition has applied the log up to this stream sequence. */
  position = 0;
  /** The last failure, so the consumer's report of the same one is not logged twice. */
  private failure: unknown;

  constructor(private readonly options: ProjectorOptions) {
    const { definition } = options;
    this.name = definition.name;
    this.source = definition.source ?? 'chat';
    this.count = definition.partitions ?? 1;
    const keys = checkpointKeys(this.name, this.count);
    const owned = options.partitions ?? keys.map((_, i) => i);
    if (owned.length === 0 || new Set(owned).size !== owned.length || owned.some((p) => !Number.isInteger(p) || p < 0 || p >= this.count)) {
      throw new ValidationError(`invalid partitions for projection ${this.name}`, [
        { path: 'partitions', message: `must be distinct integers from 0 to ${this.count - 1}` },
      ]);
    }
    this.keys = new Map(owned.map((p) => [p, keys[p]!]));
    this.maxBatch = options.maxBatch ?? 256;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.logger = options.logger ?? silentLogger;
    const tables = new Map(definition.tables.map((t) => [t.name, t.name]));
    this.context = applyContext(this.name, dialectOf(options.dataSource), tables);
    this.started = this.start();
    this.ready = this.started.then(() => this.subscription?.ready);
    // A caller that never awaits `ready` must not crash the process with an unhandled rejection.
    this.ready.catch(() => running.delete(this));
  }

  async lag(): Promise<Lag> {
    const { log } = this.options;
    const head = await log.head(this.source);
    // The consumer's position also passes events it skipped (types this process does not know).
    const position = Math.max(this.position, this.subscription?.position ?? 0);
    if (head <= position) return { events: 0, seconds: 0 };
    return { events: head - position, seconds: await ageOfFirst(log, this.source, position + 1, head) };
  }

  async stop(): Promise<void> {
    running.delete(this);
    this.stopped = true;
    this.pause.stop();
    await this.started.catch(() => undefined);
    await this.subscription?.stop();
  }

  private async start(): Promise<void> {
    const { dataSource, log } = this.options;
    const checkpoints = await this.untilDone('read its checkpoints', async () => {
      await ensureInitialized(dataSource);
      return runInTransaction(dataSource, (tx) => openCheckpoints(tx, sqlOf(dataSource), this.name, checkpointKeys(this.name, this.count)));
    });
    if (!checkpoints) return;
    this.position = Math.min(...[...this.keys.values()].map((key) => checkpoints.get(key)!));
    const head = await log.head(this.source).catch(() => Number.POSITIVE_INFINITY);
    if (this.stopped) return;
    if (head <= this.position) this.state = 'live';
    this.subscription = log.consume({
      filter: log.subjects.streamSubjects(this.source),
      after: this.position,
      maxBatch: this.maxBatch,
      retry: this.retry,
      handle: (batch) => this.handle(batch),
      onError: (error, streamSeq) => {
        if (error !== this.failure) this.logger('warn', `projection ${this.name}: event log consumer error`, { projection: this.name, streamSeq, error: errorText(error) });
      },
    });
  }

  /** Retries `attempt` with back-off until it succeeds or the projector stops (undefined). */
  private async untilDone<T>(doing: string, attempt: () => Promise<T>): Promise<T | undefined> {
    for (let n = 0; !this.stopped; n++) {
      try {
        const result = await attempt();
        this.recovered();
        return result;
      } catch (error) {
        if (error instanceof ConflictError) {
          this.stopped = true;
          this.logger('error', `projection ${this.name} cannot start: ${error.message}`, { projection: this.name });
          throw error;
        }
        this.failed(error, doing);
        await this.pause.wait(backoffMs(this.retry, n));
      }
    }
    return undefined;
  }

  private async handle(batch: StoredEvent[]): Promise<void> {
    const end = batch.at(-1)!.streamSeq;
    const shares = new Map<number, StoredEvent[]>([...this.keys.keys()].map((p) => [p, []]));
    for (const stored of batch) shares.get(partitionOf(stored.event.aggregateId, this.count))?.push(stored);
    // Partitions commit independently: one that fails makes the consumer retry the whole batch,
    // and the partitions that committed skip it then, their checkpoints being past it.
    const results = await Promise.allSettled([...shares].map(([p, events]) => this.commit(this.keys.get(p)!, events, end)));
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (rejected) {
      this.failed(rejected.reason, `apply events up to ${end}`);
      throw rejected.reason;
    }
    this.recovered();
    this.position = end;
    // The consumer ends a batch early only when nothing more is pending; a full one may be the last.
    const live = batch.length < this.maxBatch || end >= (await this.options.log.head(this.source).catch(() => Number.POSITIVE_INFINITY));
    this.state = live ? 'live' : 'catching-up';
  }

  private commit(key: string, events: readonly StoredEvent[], end: number): Promise<void> {
    const { dataSource, definition } = this.options;
    return runInTransaction(dataSource, async (tx) => {
      const sql = sqlOf(dataSource);
      const checkpoint = await lockCheckpoint(tx, sql, key);
      // Applied already: before a restart, or by another instance during a rolling deploy.
      if (checkpoint >= end) return;
      const fresh = events.filter((stored) => stored.streamSeq > checkpoint);
      if (fresh.length > 0) {
        const attributes = { 'parley.projection': this.name, 'parley.projection.checkpoint': key };
        await withEventSpans(`projection ${this.name} apply`, fresh, attributes, () => definition.apply(tx, fresh, this.context));
      }
      await saveCheckpoint(tx, sql, key, end);
    });
  }

  private failed(error: unknown, doing: string): void {
    this.failure = error;
    this.state = 'waiting-for-database';
    this.logger('warn', `projection ${this.name} could not ${doing}; retrying`, { projection: this.name, error: errorText(error) });
  }

  private recovered(): void {
    if (this.state !== 'waiting-for-database') return;
    this.failure = undefined;
    this.state = 'catching-up';
    this.logger('info', `projection ${this.name} reaches its database again`, { projection: this.name });
  }
}

/** Age in seconds of the first event from `from` this process can read; a few unknown ones are passed over. */
async function ageOfFirst(log: EventLog, source: LogName, from: number, to: number): Promise<number> {
  for (let seq = from; seq <= Math.min(to, from + 15); seq++) {
    const stored = await log.get(source, seq).catch(() => undefined);
    if (stored) return Math.max(0, (Date.now() - Date.parse(stored.event.occurredAt)) / 1000);
  }
  return 0;
}
