import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConflictError, type AggregateRef, type ParleyEvent } from '@parley/contracts';
import { randomName, startNatsCluster, until, type TestNatsCluster } from '@parley/testing';
import { EventLog, NO_VERSION, type EventDraft, type Version } from './event-log.js';
import type { StoredEvent } from './stored-event.js';

const alice = { kind: 'user', id: 'alice' } as const;
const post = (text: string): EventDraft => ({ type: 'MessagePosted', actor: alice, data: { clientMsgId: text, text, alert: false, story: null, mentions: [] } }) as EventDraft;

/** Appends one post, retrying while the cluster moves the stream's leader (as the channel's publisher does). */
async function appendRetrying(log: EventLog, room: AggregateRef, text: string, version: Version): Promise<Version> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await log.append(room, [post(text)], version, { commandId: text })).version;
    } catch (error) {
      if (attempt > 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

describe('the event log on a 3-node JetStream cluster (R3 streams)', () => {
  let nats: TestNatsCluster;
  let writer: NatsConnection;
  let reader: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsCluster();
    const [first, second, third] = nats.cluster.urls;
    writer = await connect({ servers: [first!, second!, third!], maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    reader = await connect({ servers: [third!, second!, first!], maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await writer?.close();
    await reader?.close();
    await nats?.stop();
  });

  it('keeps an aggregate linear while writers on different nodes race for it (no two events at one seq)', async () => {
    const namespace = randomName('race');
    const connections = await Promise.all(nats.cluster.urls.map((url) => connect({ servers: [url] })));
    const logs = await Promise.all(connections.map((nc) => EventLog.open(nc, { namespace, replicas: 3 })));
    const room: AggregateRef = { kind: 'room', id: randomName('room') };
    let appended = 0;
    let conflicts = 0;
    const until = Date.now() + 4_000;
    await Promise.all(
      logs.map(async (log, w) => {
        let version = NO_VERSION;
        for (let n = 0; Date.now() < until; n++) {
          try {
            version = (await log.append(room, [post(`w${w}-${n}`)], version)).version;
            appended++;
          } catch (error) {
            if (!(error instanceof ConflictError)) throw error;
            conflicts++;
            version = (await log.readAfter(room, version)).version;
          }
        }
      }),
    );
    const { events } = await logs[0]!.read(room);
    expect(conflicts).toBeGreaterThan(0);
    expect(events.map((s) => s.event.seq)).toEqual(Array.from({ length: appended }, (_, i) => i + 1));
    await Promise.all(connections.map((nc) => nc.close()));
  }, 60_000);

  it('keeps appending and delivering, in order and once, while one node is down and after it returns', async () => {
    const namespace = randomName('cl');
    const log = await EventLog.open(writer, { namespace, replicas: 3 });
    const followerLog = await EventLog.open(reader, { namespace, replicas: 3 });
    const room: AggregateRef = { kind: 'room', id: randomName('room') };
    const seen: StoredEvent<ParleyEvent>[] = [];
    const sub = followerLog.subscribe({ filter: followerLog.subjects.aggregate(room), onEvent: (s) => void seen.push(s) });
    await sub.ready;

    let version = NO_VERSION;
    for (let i = 0; i < 10; i++) version = await appendRetrying(log, room, `before-${i}`, version);
    await nats.cluster.nodes[0]!.crash();
    for (let i = 0; i < 10; i++) version = await appendRetrying(log, room, `during-${i}`, version);
    await nats.cluster.nodes[0]!.restart();
    for (let i = 0; i < 10; i++) version = await appendRetrying(log, room, `after-${i}`, version);

    await until(() => seen.length >= 30, 30_000, "30 events delivered");
    const texts = seen.map((s) => (s.event.data as { text: string }).text);
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
    expect(seen.map((s) => s.event.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await log.read(room)).events).toHaveLength(30);
    await sub.stop();
  });
});
