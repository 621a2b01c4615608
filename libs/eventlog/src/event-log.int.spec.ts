import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import {
  ConflictError,
  defineEvent,
  EventRegistry,
  Subjects,
  UnavailableError,
  uuidv7,
  ValidationError,
  type AggregateRef,
  type EventOf,
  type ParleyEvent,
} from '@parley/contracts';
import { randomName, startNats, type TestNats, until } from '@parley/testing';
import { EventLog, NO_VERSION, type EventDraft, type Version } from './event-log.js';
import type { StoredEvent } from './stored-event.js';
import { StreamConfigMismatchError } from './streams.js';

const alice = { kind: 'user', id: 'alice' } as const;
const post = (text: string, clientMsgId = text): EventDraft =>
  ({ type: 'MessagePosted', actor: alice, data: { clientMsgId, text, alert: false, story: null, mentions: [] } }) as EventDraft;
const room = (): AggregateRef => ({ kind: 'room', id: randomName('room') });
const texts = (events: StoredEvent<ParleyEvent>[]) => events.map((s) => (s.event.data as { text: string }).text);


describe('EventLog against a real nats-server', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    log = await EventLog.open(nc, { namespace: randomName('ns') });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('appends and reads back one aggregate in order, with contiguous seqs', async () => {
    const r = room();
    const first = await log.append(r, [post('one'), post('two')], NO_VERSION);
    expect(first.version).toEqual({ seq: 2, streamSeq: first.events[1]!.streamSeq });
    const second = await log.append(r, [post('three')], first.version);
    expect(second.version.seq).toBe(3);
    const read = await log.read(r);
    expect(texts(read.events)).toEqual(['one', 'two', 'three']);
    expect(read.events.map((s) => s.event.seq)).toEqual([1, 2, 3]);
    expect(read.version).toEqual(second.version);
    expect(texts((await log.read(r, { fromSeq: 2 })).events)).toEqual(['two', 'three']);
  });

  it('catches up from a version it holds: only the events after it, other aggregates skipped', async () => {
    const r = room();
    const first = await log.append(r, [post('one')], NO_VERSION);
    await log.append(room(), [post('elsewhere')], NO_VERSION);
    const second = await log.append(r, [post('two'), post('three')], first.version);
    const after = await log.readAfter(r, first.version);
    expect(texts(after.events)).toEqual(['two', 'three']);
    expect(after.version).toEqual(second.version);
    expect(await log.readAfter(r, second.version)).toEqual({ events: [], version: second.version });
    expect(texts((await log.readAfter(r, NO_VERSION)).events)).toEqual(['one', 'two', 'three']);
  });

  it('reads an aggregate with no events as empty, at NO_VERSION', async () => {
    expect(await log.read(room())).toEqual({ events: [], version: NO_VERSION });
  });

  it('stores a retried append once and answers the retry with the stored events', async () => {
    const r = room();
    const first = await log.append(r, [post('hello')], NO_VERSION, { commandId: 'cmd-1' });
    const retry = await log.append(r, [post('hello')], NO_VERSION, { commandId: 'cmd-1' });
    expect(retry.events[0]!.event.id).toBe(first.events[0]!.event.id);
    expect(retry.version).toEqual(first.version);
    expect((await log.read(r)).events).toHaveLength(1);
  });

  it('completes a partially stored multi-event append on retry', async () => {
    const r = room();
    // The first event of a two-event command made it to the log; the process died before the second.
    const partial = await log.append(r, [post('a')], NO_VERSION, { commandId: 'cmd-2' });
    const retry = await log.append(r, [post('a'), post('b')], NO_VERSION, { commandId: 'cmd-2' });
    expect(retry.events[0]!.event.id).toBe(partial.events[0]!.event.id);
    expect(texts((await log.read(r)).events)).toEqual(['a', 'b']);
  });

  it('refuses a stale writer with a ConflictError and writes nothing', async () => {
    const r = room();
    const v1 = (await log.append(r, [post('first')], NO_VERSION)).version;
    await log.append(r, [post('second')], v1);
    await expect(log.append(r, [post('stale')], v1)).rejects.toBeInstanceOf(ConflictError);
    await expect(log.append(r, [post('also stale')], NO_VERSION)).rejects.toThrow(/stale write to .*chat\.room\./);
    expect(texts((await log.read(r)).events)).toEqual(['first', 'second']);
  });

  it('lets exactly one of two racing writers win', async () => {
    const r = room();
    const results = await Promise.allSettled([log.append(r, [post('w1')], NO_VERSION), log.append(r, [post('w2')], NO_VERSION)]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((x) => x.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect((await log.read(r)).events).toHaveLength(1);
  });

  it('refuses an event that fails its schema before it reaches the log, naming the field', async () => {
    const r = room();
    const before = await log.head('chat');
    const bad = { ...post('x'), data: { clientMsgId: 'c', text: 'x'.repeat(8_001), alert: false, story: null, mentions: [] } } as EventDraft;
    const error = await log.append(r, [post('fine'), bad], NO_VERSION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]!.path).toBe('data.text');
    const unknownField = { ...post('y'), data: { ...(post('y').data as object), colour: 'red' } } as unknown as EventDraft;
    await expect(log.append(r, [unknownField], NO_VERSION)).rejects.toThrow(/data.colour: unknown field/);
    const wrongAggregate = { type: 'MessagePosted', actor: alice, data: post('z').data } as EventDraft;
    await expect(log.append({ kind: 'user', id: 'u1' }, [wrongAggregate], NO_VERSION)).rejects.toThrow(/belongs to a room, not a user/);
    expect(await log.head('chat')).toBe(before);
    expect((await log.read(r)).events).toHaveLength(0);
  });

  it('keeps every aggregate in order under concurrent appends to many aggregates', async () => {
    const rooms = Array.from({ length: 40 }, room);
    const perRoom = 25;
    await Promise.all(
      rooms.map(async (r) => {
        let version: Version = NO_VERSION;
        for (let i = 0; i < perRoom; i++) version = (await log.append(r, [post(`${r.id}-${i}`)], version)).version;
      }),
    );
    for (const r of rooms) {
      const { events } = await log.read(r);
      expect(texts(events)).toEqual(Array.from({ length: perRoom }, (_, i) => `${r.id}-${i}`));
      expect(events.map((s) => s.event.seq)).toEqual(Array.from({ length: perRoom }, (_, i) => i + 1));
    }
  });

  it('delivers live events to a subscriber in order', async () => {
    const r = room();
    const seen: StoredEvent[] = [];
    const sub = log.subscribe({ filter: log.subjects.aggregate(r), onEvent: (s) => void seen.push(s) });
    await sub.ready;
    let version = NO_VERSION;
    for (const t of ['a', 'b', 'c']) version = (await log.append(r, [post(t)], version)).version;
    await until(() => seen.length === 3);
    expect(texts(seen)).toEqual(['a', 'b', 'c']);
    await sub.stop();
  });

  it('says when a consumer has caught up with what existed at its start, even with nothing to deliver', async () => {
    const empty = log.consume({ filter: log.subjects.aggregate(room()), after: 0, handle: async () => undefined });
    await empty.caughtUp;
    await empty.stop();
    const r = room();
    let version = NO_VERSION;
    for (let i = 0; i < 30; i++) version = (await log.append(r, [post(`c${i}`)], version)).version;
    const seen: string[] = [];
    const full = log.consume({ filter: log.subjects.aggregate(r), after: 0, maxBatch: 7, handle: async (b) => void seen.push(...texts(b)) });
    await full.caughtUp;
    expect(seen).toHaveLength(30);
    await full.stop();
  });

  it('consumes in batches from a checkpoint and retries a failing batch without skipping', async () => {
    const r = room();
    let version = NO_VERSION;
    for (let i = 0; i < 10; i++) version = (await log.append(r, [post(`m${i}`)], version)).version;
    const { events } = await log.read(r);
    const checkpoint = events[3]!.streamSeq; // m0..m3 already applied
    const applied: string[] = [];
    let failOnce = true;
    const consumer = log.consume({
      filter: log.subjects.aggregate(r),
      after: checkpoint,
      maxBatch: 4,
      retry: { minMs: 10, maxMs: 10 },
      handle: async (batch) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('database hiccup');
        }
        applied.push(...texts(batch));
      },
    });
    await until(() => applied.length === 6);
    expect(applied).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(consumer.position).toBe(version.streamSeq);
    await consumer.stop();
  });

  it('skips event types it does not know and upcasts nothing it does not need to', async () => {
    const r = room();
    const subjects = log.subjects;
    const js = jetstream(nc);
    await log.append(r, [post('known')], NO_VERSION);
    await js.publish(
      subjects.aggregate(r),
      JSON.stringify({
        id: '01890a5d-ac96-774b-bcce-b302099a8057',
        type: 'FromTheFuture',
        v: 1,
        aggregateId: r.id,
        seq: 2,
        actor: alice,
        occurredAt: new Date().toISOString(),
        correlationId: 'x',
        causationId: 'x',
        data: {},
      }),
    );
    const read = await log.read(r);
    expect(texts(read.events)).toEqual(['known']);
    // The version counts the unknown event, so the next append is not refused as stale.
    expect(read.version.seq).toBe(2);
    await expect(log.append(r, [post('after')], read.version)).resolves.toMatchObject({ version: { seq: 3 } });
  });

  it('upcasts old stored versions on read, mixed with current ones in one aggregate', async () => {
    const TopicSet = defineEvent({ type: 'TopicSet', v: 2, aggregate: 'room', data: z.strictObject({ topic: z.string(), setBy: z.string() }) });
    const registry = new EventRegistry<EventOf<typeof TopicSet>>([TopicSet], [{ type: 'TopicSet', from: 1, up: (d) => ({ ...(d as object), setBy: 'unknown' }) }]);
    const topics = await EventLog.open(nc, { namespace: log.subjects.namespace, registry });
    const r = room();
    // Written by an older Parley, before TopicSet had `setBy`.
    const old = { id: uuidv7(), type: 'TopicSet', v: 1, aggregateId: r.id, seq: 1, actor: alice, occurredAt: new Date().toISOString(), correlationId: 'c', causationId: 'c', data: { topic: 'old' } };
    await jetstream(nc).publish(log.subjects.aggregate(r), JSON.stringify(old));
    const { version } = await topics.read(r);
    await topics.append(r, [{ type: 'TopicSet', actor: alice, data: { topic: 'new', setBy: 'bob' } }], version);
    const { events } = await topics.read(r);
    expect(events.map((s) => [s.event.v, s.event.data])).toEqual([
      [2, { topic: 'old', setBy: 'unknown' }],
      [2, { topic: 'new', setBy: 'bob' }],
    ]);
    await topics.close();
  });

  it('records activity facts without fencing, once per command id, and keeps them out of aggregates', async () => {
    const signedIn = { type: 'UserSignedIn', actor: alice, data: { method: 'password', address: '10.0.0.1', sessionId: 's1' } } as EventDraft;
    const [first] = await log.record({ kind: 'user', id: 'alice' }, [signedIn], { commandId: 'signin-1' });
    const [retry] = await log.record({ kind: 'user', id: 'alice' }, [signedIn], { commandId: 'signin-1' });
    expect(retry!.streamSeq).toBe(first!.streamSeq);
    expect(first!.event).toMatchObject({ type: 'UserSignedIn', seq: 0, aggregateId: 'alice' });
    expect(first!.subject).toBe(log.subjects.activity('user', 'alice'));
    await expect(log.append({ kind: 'user', id: 'alice' }, [signedIn], NO_VERSION)).rejects.toThrow(/type: is an activity fact: record it/);
    await expect(log.record({ kind: 'room', id: 'r' }, [post('x')])).rejects.toThrow(/type: changes a room: append it/);
  });

  it('refuses a command id that could break a header, and a bad aggregate id, writing nothing', async () => {
    const before = await log.head('chat');
    await expect(log.append(room(), [post('x')], NO_VERSION, { commandId: 'a\r\nNats-Msg-Id: b' })).rejects.toThrow(/commandId: must be 1-128 printable/);
    await expect(log.append({ kind: 'room', id: 'a.b' }, [post('x')], NO_VERSION)).rejects.toBeInstanceOf(ValidationError);
    expect(await log.head('chat')).toBe(before);
  });

  it('answers with an UnavailableError when the log does not confirm a write in time', async () => {
    const lonely = await startNats();
    const nc2 = await connect({ servers: lonely.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const log2 = await EventLog.open(nc2, { ackTimeoutMs: 300 });
    await lonely.server.crash();
    await expect(log2.append(room(), [post('lost?')], NO_VERSION)).rejects.toBeInstanceOf(UnavailableError);
    await log2.close();
    await nc2.close();
    await lonely.stop();
  });
});

describe('EventLog across a nats-server crash', () => {
  it('keeps every acknowledged event, in order, and resumes consumption without duplicates', async () => {
    const nats = await startNats();
    const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const log = await EventLog.open(nc, { namespace: randomName('crash'), ackTimeoutMs: 1_000 });
    const rooms = Array.from({ length: 5 }, room);
    const consumed = new Map<string, number[]>();
    const consumer = log.consume({
      filter: log.subjects.allAggregates('room'),
      after: 0,
      handle: async (batch) => {
        for (const s of batch) consumed.set(s.event.aggregateId, [...(consumed.get(s.event.aggregateId) ?? []), s.event.seq]);
      },
    });
    await consumer.ready;

    const acknowledged = new Map<string, number>();
    let crashed = false;
    let failedAttempts = 0;
    const writers = rooms.map(async (r) => {
      let version: Version = NO_VERSION;
      for (let i = 0; i < 60; i++) {
        const commandId = `${r.id}-${i}`;
        // Retry the same command until the log confirms it, as a channel server would.
        for (;;) {
          try {
            version = (await log.append(r, [post(commandId)], version, { commandId })).version;
            acknowledged.set(r.id, version.seq);
            break;
          } catch (error) {
            if (error instanceof ConflictError) throw error;
            failedAttempts++;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
        if (i === 30 && !crashed && r === rooms[0]) {
          crashed = true;
          await nats.server.crash();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await nats.server.restart();
        }
      }
    });
    await Promise.all(writers);
    expect(failedAttempts).toBeGreaterThan(0); // the crash really hit appends in flight

    for (const r of rooms) {
      const { events } = await log.read(r);
      expect(events.map((s) => s.event.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(texts(events)).toEqual(Array.from({ length: 60 }, (_, i) => `${r.id}-${i}`));
      expect(acknowledged.get(r.id)).toBe(60);
    }
    await until(() => rooms.every((r) => (consumed.get(r.id)?.length ?? 0) >= 60), 20_000);
    for (const r of rooms) expect(consumed.get(r.id)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await consumer.stop();
    await nc.close();
    await nats.stop();
  });
});

describe('stream provisioning', () => {
  it('is idempotent, and names every field where a live stream differs from the code', async () => {
    const nats = await startNats();
    const nc = await connect({ servers: nats.url });
    const namespace = randomName('prov');
    await EventLog.open(nc, { namespace });
    await EventLog.open(nc, { namespace });
    const jsm = await jetstreamManager(nc);
    const name = new Subjects(namespace).stream('chat');
    const info = await jsm.streams.info(name);
    await jsm.streams.update(name, { ...info.config, duplicate_window: 5_000_000_000 });
    const error = await EventLog.open(nc, { namespace }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamConfigMismatchError);
    expect((error as Error).message).toMatch(/duplicate_window is 5000000000, expected 120000000000/);
    await jsm.streams.update(name, info.config);
    await expect(EventLog.open(nc, { namespace })).resolves.toBeDefined();
    await nc.close();
    await nats.stop();
  });
});
