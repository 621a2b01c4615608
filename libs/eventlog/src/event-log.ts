import { JetStreamApiError, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type MsgRequest, type StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  ConflictError,
  createParleyRegistry,
  Subjects,
  uuidv7,
  ValidationError,
  type ActivityKind,
  type Actor,
  type AggregateRef,
  type AnyEnvelope,
  type EventRegistry,
  type LogName,
  type ParleyEvent,
} from '@parley/contracts';
import { JsCode, retryIdempotent, translatePublishError } from './errors.js';
import { Follower, type ConsumeOptions, type SubscribeOptions, type Subscription } from './follower.js';
import { ensureStreams, DEFAULT_STREAM_OPTIONS, type StreamOptions } from './streams.js';
import { AckingPublisher } from './publisher.js';
import { decodeStored, envelopeSeq, type StoredEvent } from './stored-event.js';
import { SpanKind, tracer } from './trace.js';

/**
 * Where an aggregate stands: its own version (`seq`, the seq of its last event) and the stream
 * sequence of that event, which the next append names as "expected last subject sequence".
 */
export interface Version {
  readonly seq: number;
  readonly streamSeq: number;
}

/** The version of an aggregate that has no events yet. */
export const NO_VERSION: Version = Object.freeze({ seq: 0, streamSeq: 0 });

/** An event as a writer proposes it; the log fills in id, version, aggregate, seq and ids. */
export type EventDraft<E extends AnyEnvelope = ParleyEvent> = E extends AnyEnvelope
  ? { type: E['type']; data: E['data']; actor: Actor; occurredAt?: string; id?: string }
  : never;

export interface AppendOptions {
  /**
   * The id of the command that produced these events. A retry of the same command (same id, same
   * events) within the duplicate window is stored once: the log answers with the stored events.
   */
  commandId?: string;
  /** Defaults to the command id. */
  correlationId?: string;
  /** Defaults to the command id. */
  causationId?: string;
}

export interface AppendResult<E extends AnyEnvelope = ParleyEvent> {
  events: StoredEvent<E>[];
  version: Version;
}

export interface EventLogOptions<E extends AnyEnvelope = ParleyEvent> extends Partial<StreamOptions> {
  /** Prefix of every subject and stream ('' in production; random in tests). */
  namespace?: string;
  /** The event types this process knows. */
  registry?: EventRegistry<E>;
  /**
   * Milliseconds to wait for the log to confirm one write (default 2,000). A write normally takes
   * milliseconds; one sent to a stream leader that just died is never answered, and the writer's
   * retry (deduplicated by command id) should not wait long for it.
   */
  ackTimeoutMs?: number;
  /** Clock for `occurredAt` when a draft has none. */
  now?: () => Date;
}

/** The header carrying the command (and its part) that wrote an event. */
const COMMAND_HEADER = 'Parley-Command';

/** Command ids travel in a message header: printable ASCII, no spaces, no line breaks. */
const COMMAND_ID = /^[!-~]{1,128}$/;

/**
 * The chat event log on NATS JetStream: appends with optimistic concurrency and idempotency,
 * reads of one aggregate, live subscriptions and checkpointed consumption.
 */
/** How long a read's consumer may take to deliver its first event before the read is tried afresh. */
const FIRST_MESSAGE_TIMEOUT_MS = 2_000;

export class EventLog<E extends AnyEnvelope = ParleyEvent> {
  readonly subjects: Subjects;
  private readonly js: JetStreamClient;
  private readonly registry: EventRegistry<E>;
  private readonly publisher: AckingPublisher;
  private readonly now: () => Date;
  private readonly maxEventBytes: number;
  private readonly followers = new Set<Follower<E>>();
  private closed = false;

  private constructor(
    readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    subjects: Subjects,
    options: EventLogOptions<E>,
  ) {
    this.subjects = subjects;
    this.js = jetstream(nc);
    this.registry = options.registry ?? (createParleyRegistry() as unknown as EventRegistry<E>);
    this.publisher = new AckingPublisher(nc, options.ackTimeoutMs ?? 2_000);
    this.now = options.now ?? (() => new Date());
    this.maxEventBytes = options.maxEventBytes ?? DEFAULT_STREAM_OPTIONS.maxEventBytes;
    void this.watchConnection();
  }

  /** Connects to the log, creating its streams if missing and checking them against the code. */
  static async open<E extends AnyEnvelope = ParleyEvent>(nc: NatsConnection, options: EventLogOptions<E> = {}): Promise<EventLog<E>> {
    const jsm = await jetstreamManager(nc);
    const subjects = new Subjects(options.namespace ?? '');
    // A NATS cluster that is still forming (or electing a meta leader) may not answer at first.
    await retryIdempotent('stream provisioning', () => ensureStreams(jsm, subjects, { ...DEFAULT_STREAM_OPTIONS, ...definedOnly(options) }), 30_000);
    return new EventLog<E>(nc, jsm, subjects, options);
  }

  /**
   * Appends events to one aggregate, which must stand at `expected`. Every event is checked
   * against its schema before anything is written; a stale `expected` is a ConflictError.
   * Events are written one by one, each fenced on the previous one, so a crash mid-append leaves
   * a prefix: retrying with the same `commandId` completes it without duplicating anything.
   *
   * Two fences, because one is not enough on a NATS cluster: the expected last subject sequence,
   * and a dedupe id naming the event's place (`<subject>@<seq>`). nats-server 2.9 checks the
   * first against what its stream leader has applied, so two writers racing from different nodes
   * can both pass it and fork the aggregate (measured: thousands of forks in 15 s of contention);
   * it checks dedupe ids against writes in flight too, so the second write to a place is answered
   * as a duplicate. The command id travels in a header: a duplicate holding this command is this
   * command's earlier attempt (answered with what is stored), any other is a ConflictError.
   */
  async append(aggregate: AggregateRef, drafts: readonly EventDraft<E>[], expected: Version, options: AppendOptions = {}): Promise<AppendResult<E>> {
    if (drafts.length === 0) return { events: [], version: expected };
    const subject = this.subjects.aggregate(aggregate);
    const { events, payloads, commandId } = this.prepare('chat', aggregate.kind, aggregate.id, drafts, (i) => expected.seq + i + 1, options);
    return tracer.startActiveSpan(`eventlog append ${aggregate.kind}`, { kind: SpanKind.PRODUCER }, async (span) => {
      span.setAttribute('messaging.destination.name', subject);
      try {
        const stored: StoredEvent<E>[] = [];
        let streamSeq = expected.streamSeq;
        for (let i = 0; i < events.length; i++) {
          const part = `${commandId}:${i}`;
          let ack;
          try {
            ack = await this.publisher.publish(subject, payloads[i]!, `${subject}@${events[i]!.seq}`, streamSeq, { [COMMAND_HEADER]: part });
          } catch (error) {
            const translated = translatePublishError(error, subject, streamSeq);
            // Stale: unless this very command was stored meanwhile (an earlier attempt whose ack was lost).
            const earlier = translated instanceof ConflictError ? await this.findPart(subject, streamSeq, part) : undefined;
            if (!earlier) throw translated;
            stored.push(earlier);
            streamSeq = earlier.streamSeq;
            continue;
          }
          if (ack.duplicate) {
            const holder = await this.jsm.streams.getMessage(this.subjects.stream('chat'), { seq: ack.seq });
            if (holder?.header?.get(COMMAND_HEADER) !== part) {
              throw new ConflictError(`stale write to ${subject}: another write took its place ${events[i]!.seq} first`);
            }
            const decoded = decodeStored(this.registry, holder.subject, holder.seq, holder.data, holder.header);
            if (!decoded) throw new Error(`no known event at chat stream sequence ${ack.seq}`);
            stored.push(decoded);
          } else {
            stored.push({ event: events[i]!, streamSeq: ack.seq, subject });
          }
          streamSeq = ack.seq;
        }
        const last = stored[stored.length - 1]!;
        return { events: stored, version: { seq: last.event.seq, streamSeq: last.streamSeq } };
      } catch (error) {
        span.recordException(error as Error);
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** The event of `subject` after stream sequence `after` written by command part `part`, if any. */
  private async findPart(subject: string, after: number, part: string): Promise<StoredEvent<E> | undefined> {
    for await (const m of this.messagesAfter(subject, after)) {
      if (m.header?.get(COMMAND_HEADER) === part) return decodeStored(this.registry, m.subject, m.seq, m.data, m.header) ?? undefined;
    }
    return undefined;
  }

  /**
   * The chat log's messages on `subject` after stream sequence `after`, asked of the stream's leader
   * one at a time: no consumer, so this works while a NATS cluster elects its meta leader.
   */
  private async *messagesAfter(subject: string, after: number): AsyncGenerator<StoredMsg> {
    const stream = this.subjects.stream('chat');
    for (let seq = after + 1; ; ) {
      // `next_by_subj` is in the server's API (2.9+) though not in the client's type for this call.
      const query = { seq, next_by_subj: subject } as unknown as MsgRequest;
      const m = await retryIdempotent(`${subject} after ${seq - 1}`, () => this.jsm.streams.getMessage(stream, query));
      if (!m) return;
      yield m;
      seq = m.seq + 1;
    }
  }

  /**
   * Records activity facts about a room or a user (sessions, history views, downloads, sign-ins):
   * no fencing, any instance may write; a retry with the same `commandId` is stored once.
   */
  async record(about: { kind: ActivityKind; id: string }, drafts: readonly EventDraft<E>[], options: AppendOptions = {}): Promise<StoredEvent<E>[]> {
    if (drafts.length === 0) return [];
    const subject = this.subjects.activity(about.kind, about.id);
    const { events, payloads, commandId } = this.prepare('activity', about.kind, about.id, drafts, () => 0, options);
    const stored: StoredEvent<E>[] = [];
    for (let i = 0; i < events.length; i++) {
      try {
        const ack = await this.publisher.publish(subject, payloads[i]!, `${commandId}:${i}`);
        stored.push({ event: events[i]!, streamSeq: ack.seq, subject });
      } catch (error) {
        throw translatePublishError(error, subject, 0);
      }
    }
    return stored;
  }

  /** Builds and checks every event of a write, before anything is sent. */
  private prepare(log: LogName, kind: string, id: string, drafts: readonly EventDraft<E>[], seqOf: (i: number) => number, options: AppendOptions) {
    const now = this.now();
    const occurredAt = now.toISOString();
    // Without a command id, the first event's id stands in for it (one random id fewer per append).
    const firstId = drafts[0]!.id ?? uuidv7(now.getTime());
    const commandId = options.commandId ?? firstId;
    if (!COMMAND_ID.test(commandId)) {
      throw new ValidationError('invalid append', [{ path: 'commandId', message: 'must be 1-128 printable characters without spaces' }]);
    }
    const correlationId = options.correlationId ?? commandId;
    const causationId = options.causationId ?? commandId;
    const events = drafts.map((draft, i) => {
      const definition = this.registry.definition(draft.type);
      if (definition && definition.log !== log) {
        const message = definition.log === 'activity' ? 'is an activity fact: record it, do not append it' : `changes a ${definition.aggregate}: append it, do not record it`;
        throw new ValidationError(`invalid ${draft.type} event`, [{ path: 'type', message }]);
      }
      if (definition && definition.aggregate !== kind) {
        throw new ValidationError(`invalid ${draft.type} event`, [{ path: 'type', message: `belongs to a ${definition.aggregate}, not a ${kind}` }]);
      }
      return this.registry.check({
        id: i === 0 ? firstId : (draft.id ?? uuidv7(now.getTime())),
        type: draft.type,
        v: definition?.v ?? 1,
        aggregateId: id,
        seq: seqOf(i),
        actor: draft.actor,
        occurredAt: draft.occurredAt ?? occurredAt,
        correlationId,
        causationId,
        data: draft.data,
      });
    });
    // Buffer.from is several times faster than TextEncoder for event-sized strings (pooled memory).
    const payloads = events.map((event) => Buffer.from(JSON.stringify(event)));
    payloads.forEach((payload, i) => {
      if (payload.length > this.maxEventBytes) {
        throw new ValidationError(`invalid ${events[i]!.type} event`, [
          { path: 'data', message: `encodes to ${payload.length} bytes; the log accepts at most ${this.maxEventBytes}` },
        ]);
      }
    });
    return { events, payloads, commandId };
  }

  /** Reads one aggregate's events in order, from `fromSeq` (its own seq, 1 by default). */
  async read(aggregate: AggregateRef, options: { fromSeq?: number } = {}): Promise<{ events: StoredEvent<E>[]; version: Version }> {
    let consumerSilent = false;
    return retryIdempotent(`${aggregate.kind} ${aggregate.id}`, async () => {
      // With a NATS node down, NATS 2.9 may place consumer after consumer on it: once one has
      // delivered nothing, ask the stream's leader for the events one at a time instead (slower, no consumer).
      if (consumerSilent) {
        const { events, version } = await this.readAfter(aggregate, NO_VERSION);
        const fromSeq = options.fromSeq ?? 1;
        return { events: events.filter((stored) => stored.event.seq >= fromSeq), version };
      }
      try {
        return await this.readOnce(aggregate, options);
      } catch (error) {
        if ((error as Error).name === 'TimeoutError') consumerSilent = true;
        throw error;
      }
    });
  }

  private async readOnce(aggregate: AggregateRef, options: { fromSeq?: number }): Promise<{ events: StoredEvent<E>[]; version: Version }> {
    const subject = this.subjects.aggregate(aggregate);
    const stream = this.subjects.stream('chat');
    let lastStreamSeq: number;
    try {
      const last = await this.jsm.direct.getMessage(stream, { last_by_subj: subject });
      if (!last) return { events: [], version: NO_VERSION };
      lastStreamSeq = last.seq;
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JsCode.NoMessageFound) return { events: [], version: NO_VERSION };
      throw error;
    }
    const fromSeq = options.fromSeq ?? 1;
    const events: StoredEvent<E>[] = [];
    let lastSeq = 0;
    // With a NATS node down, the server may place this read's consumer on that node and never
    // deliver: give up on a consumer that delivers nothing in time, and let the retry make another.
    const timeout = () => Object.assign(new Error(`no events of ${subject} arrived within ${FIRST_MESSAGE_TIMEOUT_MS} ms`), { name: 'TimeoutError' });
    let silent = false;
    let stop = () => undefined as void;
    let expired = () => undefined as void;
    const watchdog = setTimeout(() => {
      silent = true;
      stop();
      expired();
    }, FIRST_MESSAGE_TIMEOUT_MS);
    const opening = (async () => {
      const consumer = await this.js.consumers.get(stream, { filter_subjects: subject });
      return consumer.consume({ max_messages: 256 });
    })();
    const messages = await Promise.race([
      opening,
      new Promise<never>((_, reject) => (expired = () => reject(timeout()))),
    ]).catch((error: unknown) => {
      clearTimeout(watchdog);
      // A consumer that opens after all is stopped at once (it is ephemeral: the server drops it).
      void opening.then((late) => late.stop(), () => undefined);
      throw error;
    });
    stop = () => void messages.stop();
    try {
      for await (const m of messages) {
        clearTimeout(watchdog);
        const stored = decodeStored(this.registry, m.subject, m.seq, m.data, m.headers);
        if (stored && stored.event.seq >= fromSeq) events.push(stored);
        // The version is the last event's, even one of a type this process does not know.
        lastSeq = stored ? stored.event.seq : envelopeSeq(m.data);
        if (m.seq >= lastStreamSeq) break;
      }
    } finally {
      clearTimeout(watchdog);
      messages.stop();
    }
    if (silent) throw timeout();
    return { events, version: { seq: lastSeq, streamSeq: lastStreamSeq } };
  }

  /**
   * The events of one aggregate after a version this process already holds, asked of the stream's
   * leader one at a time. For catching up a few events: it makes no consumer, so it works while a
   * NATS cluster elects its meta leader (when consumers cannot be made), and it does not read the
   * aggregate again from its first event.
   */
  async readAfter(aggregate: AggregateRef, after: Version): Promise<{ events: StoredEvent<E>[]; version: Version }> {
    const events: StoredEvent<E>[] = [];
    let version = after;
    for await (const m of this.messagesAfter(this.subjects.aggregate(aggregate), after.streamSeq)) {
      const stored = decodeStored(this.registry, m.subject, m.seq, m.data, m.header);
      if (stored) events.push(stored);
      version = { seq: stored ? stored.event.seq : envelopeSeq(m.data), streamSeq: m.seq };
    }
    return { events, version };
  }

  /** One stored event by its stream sequence. */
  async get(log: LogName, streamSeq: number): Promise<StoredEvent<E>> {
    const m = await this.jsm.direct.getMessage(this.subjects.stream(log), { seq: streamSeq });
    const stored = m && decodeStored(this.registry, m.subject, m.seq, m.data, m.header);
    if (!stored) throw new Error(`no known event at ${log} stream sequence ${streamSeq}`);
    return stored;
  }

  /** The stream sequence of the newest event in a log (0 if empty), to measure consumer lag. */
  async head(log: LogName): Promise<number> {
    const info = await this.jsm.streams.info(this.subjects.stream(log));
    return info.state.last_seq;
  }

  /** Live events on `filter` (a subject or wildcard), from now or after a known position, one at a time. */
  subscribe(options: SubscribeOptions<E>): Subscription {
    return this.track(Follower.subscribe(this.followerDeps(options.filter), options));
  }

  /**
   * Checkpointed, ordered consumption for projectors: delivers batches in stream order from just
   * after `after` (the consumer's own checkpoint), retrying a failed batch until it succeeds.
   */
  consume(options: ConsumeOptions<E>): Subscription {
    return this.track(Follower.consume(this.followerDeps(options.filter), options));
  }

  /** Stops every subscription and consumer of this log; the connection stays open (it is the caller's). */
  async close(): Promise<void> {
    this.closed = true;
    this.publisher.close();
    await Promise.all([...this.followers].map((f) => f.stop()));
  }

  /** When the connection comes back, followers restart after their position (the server may have restarted). */
  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (this.closed) break;
      if (status.type === 'reconnect') for (const follower of this.followers) follower.reset();
    }
  }

  private track(follower: Follower<E>): Subscription {
    this.followers.add(follower);
    void follower.done.finally(() => this.followers.delete(follower));
    return follower;
  }

  private followerDeps(filter: string) {
    return { js: this.js, jsm: this.jsm, registry: this.registry, stream: this.streamFor(filter) };
  }

  private streamFor(filter: string): string {
    const rest = filter.slice(this.subjects.prefix.length);
    if (!filter.startsWith(this.subjects.prefix)) throw new Error(`subject ${filter} is outside namespace "${this.subjects.namespace}"`);
    if (rest.startsWith('chat.')) return this.subjects.stream('chat');
    if (rest.startsWith('activity.')) return this.subjects.stream('activity');
    throw new Error(`subject ${filter} belongs to no Parley log`);
  }
}

function definedOnly(options: Partial<StreamOptions>): Partial<StreamOptions> {
  return Object.fromEntries(
    (['replicas', 'duplicateWindowMs', 'maxEventBytes'] as const).filter((k) => options[k] !== undefined).map((k) => [k, options[k]]),
  );
}
