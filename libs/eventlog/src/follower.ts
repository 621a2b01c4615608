import { DeliverPolicy, type Consumer, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import type { AnyEnvelope, EventRegistry } from '@parley/contracts';
import { context, trace, type Link } from '@opentelemetry/api';
import { decodeStored, traceContextOf, type StoredEvent } from './stored-event.js';
import { SpanKind, tracer } from './trace.js';

/** Where a subscription starts: every event, only those appended from now on, or after a stream sequence. */
export type StartPosition = 'all' | 'new' | { afterStreamSeq: number };

export interface SubscribeOptions<E extends AnyEnvelope> {
  /** A subject or wildcard inside one log, e.g. `chat.room.*` or `chat.room.<id>`. */
  filter: string;
  from?: StartPosition;
  /** Called once per event, in stream order. */
  onEvent(stored: StoredEvent<E>): void | Promise<void>;
  /** A handler that threw, or an event that could not be decoded; the subscription goes on. */
  onError?(error: unknown, streamSeq: number): void;
}

export interface ConsumeOptions<E extends AnyEnvelope> {
  /** A subject or wildcard inside one log. */
  filter: string;
  /** The stream sequence of the consumer's checkpoint: delivery starts just after it (0: from the start). */
  after: number;
  /** The most events in one batch (default 256). A batch also ends when the consumer has caught up. */
  maxBatch?: number;
  /** Applies a batch; should store the checkpoint (`batch.at(-1).streamSeq`) in the same transaction. */
  handle(batch: StoredEvent<E>[]): Promise<void>;
  /** Called when a batch failed and will be retried, or an event could not be decoded and is skipped. */
  onError?(error: unknown, streamSeq: number): void;
  /** Retry back-off for a failing batch, in milliseconds. */
  retry?: { minMs: number; maxMs: number };
  /**
   * False: events come without `traceparent` and batches link no traces; their headers are not
   * read, which a rebuild of the whole log is quicker for. Default true.
   */
  traces?: boolean;
}

export interface Subscription {
  /** Resolves once the first consumer is in place: events appended from now on will be seen. */
  readonly ready: Promise<void>;
  /** Resolves once every event that existed when the subscription started has been handled. */
  readonly caughtUp: Promise<void>;
  /** The stream sequence of the last event handled (or skipped); the next start position. */
  readonly position: number;
  /** Events on the filter not yet handled, as the server counted them at the last delivery (consumer lag). */
  readonly pending: number;
  stop(): Promise<void>;
}

interface Deps<E extends AnyEnvelope> {
  js: JetStreamClient;
  jsm: JetStreamManager;
  registry: EventRegistry<E>;
  stream: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A pull's lifetime; the server sends an idle heartbeat every half of it. Two missed heartbeats
 * (about this long) and the consumer is given up and made again after the last handled event.
 */
const PULL_EXPIRES_MS = 2_000;
/** Making a consumer takes milliseconds; one that takes longer is being placed on a server that is down. */
const CREATE_TIMEOUT_MS = 2_000;

/**
 * Follows a filtered view of one stream in order with client-side ordered consumers, keeping its
 * own position: when the server restarts or the consumer is lost it resumes after the last event
 * handled, so nothing is skipped and nothing is handed over twice. Why not server-side durable
 * consumers: docs/adr/0002-checkpointed-ordered-consumption.md.
 */
export class Follower<E extends AnyEnvelope> implements Subscription {
  readonly ready: Promise<void>;
  readonly caughtUp: Promise<void>;
  private markReady!: () => void;
  private markCaughtUp!: () => void;
  private stopped = false;
  private current: { stop(): void } | undefined;
  private loop: Promise<void> | undefined;
  private delivered: number;
  private unhandled = 0;

  private constructor(
    private readonly deps: Deps<E>,
    private readonly filter: string,
    start: number | 'new',
    private readonly maxBatch: number,
    private readonly deliver: (batch: StoredEvent<E>[]) => Promise<void>,
    private readonly onError: (error: unknown, streamSeq: number) => void,
    private readonly traces = true,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
    this.delivered = start === 'new' ? -1 : start;
  }

  static subscribe<E extends AnyEnvelope>(deps: Deps<E>, options: SubscribeOptions<E>): Follower<E> {
    const onError = options.onError ?? (() => undefined);
    const from = options.from ?? 'new';
    const start = from === 'all' ? 0 : from === 'new' ? 'new' : from.afterStreamSeq;
    const follower = new Follower<E>(deps, options.filter, start, 256, async (batch) => {
      for (const stored of batch) {
        const span = tracer.startSpan(`eventlog deliver ${stored.event.type}`, { kind: SpanKind.CONSUMER }, traceContextOf(stored));
        try {
          await context.with(trace.setSpan(context.active(), span), () => options.onEvent(stored));
        } catch (error) {
          span.recordException(error as Error);
          onError(error, stored.streamSeq);
        } finally {
          span.end();
        }
      }
    }, onError);
    follower.start();
    return follower;
  }

  static consume<E extends AnyEnvelope>(deps: Deps<E>, options: ConsumeOptions<E>): Follower<E> {
    const onError = options.onError ?? (() => undefined);
    const retry = options.retry ?? { minMs: 100, maxMs: 10_000 };
    const follower: Follower<E> = new Follower<E>(deps, options.filter, options.after, options.maxBatch ?? 256, async (batch) => {
      for (let attempt = 0; ; attempt++) {
        const links = batch.map((s) => trace.getSpanContext(traceContextOf(s))).filter(Boolean).map((c) => ({ context: c! }) as Link);
        const span = tracer.startSpan(`eventlog consume ${options.filter}`, { kind: SpanKind.CONSUMER, links });
        span.setAttribute('messaging.batch.message_count', batch.length);
        try {
          await context.with(trace.setSpan(context.active(), span), () => options.handle(batch));
          return;
        } catch (error) {
          span.recordException(error as Error);
          onError(error, batch[0]!.streamSeq);
          if (follower.stopped) throw error;
          await sleep(Math.min(retry.maxMs, retry.minMs * 2 ** Math.min(attempt, 16)));
          if (follower.stopped) throw error;
        } finally {
          span.end();
        }
      }
    }, onError, options.traces ?? true);
    follower.start();
    return follower;
  }

  get position(): number {
    return Math.max(this.delivered, 0);
  }

  get pending(): number {
    return this.unhandled;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.stop();
    await this.loop?.catch(() => undefined);
  }

  /**
   * Drops the current consumer and starts a new one after the last handled event. Called when the
   * connection comes back: the server may have restarted and lost our ephemeral consumer, and
   * waiting for missed heartbeats to show it would stall delivery for many seconds.
   */
  reset(): void {
    this.current?.stop();
  }

  get done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  private start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (this.delivered < 0) this.delivered = (await this.deps.jsm.streams.info(this.deps.stream)).state.last_seq;
        const consumer = await this.create();
        const messages = await consumer.consume({ max_messages: Math.max(this.maxBatch, 64), expires: PULL_EXPIRES_MS });
        this.current = messages;
        this.abandonWhenSilent(messages);
        // stop() may have come while the consumer was being created, before it could reach it.
        if (this.stopped) {
          messages.stop();
          break;
        }
        this.markReady();
        if ((await consumer.info(true)).num_pending === 0) this.markCaughtUp();
        failures = 0;
        await this.drain(messages);
        // The consumer ended without an error (reset, or deleted with its stream): recreate it.
        if (!this.stopped) await sleep(50);
      } catch (error) {
        if (this.stopped) break;
        this.onError(error, this.delivered + 1);
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures++, 6)));
      }
    }
    this.markReady();
    this.markCaughtUp();
  }

  /** A new ordered consumer after the last handled event, or a TimeoutError when that takes too long. */
  private async create(): Promise<Consumer> {
    const creating = this.deps.js.consumers.get(this.deps.stream, {
      filter_subjects: this.filter,
      ...(this.delivered === 0 ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: this.delivered + 1 }),
    });
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error(`no consumer of ${this.filter} within ${CREATE_TIMEOUT_MS} ms`), { name: 'TimeoutError' })), CREATE_TIMEOUT_MS);
    });
    try {
      return await Promise.race([creating, expired]);
    } catch (error) {
      // One made after all is removed (it would otherwise linger until its inactivity threshold).
      void creating.then((late) => late.delete(), () => undefined).catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An ordered consumer is a single replica on one server. When that server dies (a NATS node
   * lost from a cluster), the client library keeps asking a consumer nobody serves and the follower
   * stalls for good; NATS 2.9 may even place a new consumer on a node that is down. Its heartbeats
   * stop either way: then this consumer is stopped, and the loop makes another after the last
   * handled event (nothing skipped, nothing handed over twice).
   */
  private abandonWhenSilent(messages: ConsumerMessages): void {
    void (async () => {
      for await (const status of messages.status()) {
        if (status.type === 'heartbeats_missed') {
          this.onError(Object.assign(new Error(`the consumer of ${this.filter} went silent (${status.count} heartbeats missed): making a new one`), { name: 'ConsumerSilentError' }), this.delivered + 1);
          messages.stop();
          return;
        }
      }
    })().catch(() => undefined);
  }

  /**
   * Hands over what has arrived, in order, in batches of whatever is there when the handler is
   * free (at most maxBatch): one event at a time when the log is quiet, large batches under load
   * or while catching up. A pump reads the consumer ahead, but never more than two batches.
   */
  private async drain(messages: AsyncIterable<JsMsg>): Promise<void> {
    const queue: JsMsg[] = [];
    let arrived: (() => void) | undefined;
    let room: (() => void) | undefined;
    let ended = false;
    let failure: unknown;
    const pump = (async () => {
      try {
        for await (const m of messages) {
          queue.push(m);
          arrived?.();
          if (queue.length >= this.maxBatch * 2) await new Promise<void>((resolve) => (room = resolve));
          if (this.stopped) return;
        }
      } catch (error) {
        failure = error;
      } finally {
        ended = true;
        arrived?.();
      }
    })();
    let lastSeen = this.delivered;
    while (!this.stopped) {
      if (queue.length === 0) {
        if (ended) break;
        await new Promise<void>((resolve) => (arrived = resolve));
        continue;
      }
      const taken = queue.splice(0, this.maxBatch);
      room?.();
      const batch: StoredEvent<E>[] = [];
      for (const m of taken) {
        if (m.seq <= lastSeen) continue; // redelivered after a consumer reset: handed over already
        lastSeen = m.seq;
        try {
          const stored = decodeStored(this.deps.registry, m.subject, m.seq, m.data, this.traces ? m.headers : undefined);
          if (stored) batch.push(stored);
        } catch (error) {
          this.onError(error, m.seq);
        }
      }
      if (batch.length) await this.deliver(batch);
      const last = taken.at(-1)!;
      this.delivered = Math.max(this.delivered, lastSeen);
      // Counted by the server when it sent `last`: that includes what has arrived here since and waits in the queue.
      this.unhandled = last.info.pending;
      if (last.info.pending === 0) this.markCaughtUp();
    }
    room?.();
    await pump;
    if (failure) throw failure;
  }
}
