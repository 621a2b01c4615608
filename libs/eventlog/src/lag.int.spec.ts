import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomName, startNats, until, type TestNats } from '@parley/testing';
import { EventLog, NO_VERSION, type EventDraft } from './event-log.js';

const post = (i: number) =>
  ({ type: 'MessagePosted', actor: { kind: 'user', id: 'u' }, data: { clientMsgId: `c${i}`, text: `m${i}`, alert: false, story: null, mentions: [] } }) as EventDraft;

describe('consumer lag', () => {
  let nats: TestNats;
  let nc: NatsConnection;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
  });

  it('counts the events a consumer has not handled yet, down to 0 once it has', async () => {
    const log = await EventLog.open(nc, { namespace: randomName('lag') });
    const room = { kind: 'room', id: randomName('r') } as const;
    await log.append(room, [1, 2, 3, 4, 5].map(post), NO_VERSION);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handled: number[] = [];
    const consumer = log.consume({
      filter: log.subjects.aggregate(room),
      after: 0,
      maxBatch: 1,
      handle: async (batch) => {
        if (handled.length === 1) await held; // the second batch waits
        handled.push(...batch.map((s) => s.streamSeq));
      },
    });
    await until(() => handled.length === 1, 30_000, 'first batch handled');
    await until(() => consumer.pending === 4, 30_000, 'four pending after the first');
    release();
    await until(() => handled.length === 5 && consumer.pending === 0, 30_000, 'all handled');
    await consumer.stop();
    await log.close();
  }, 60_000);
});
