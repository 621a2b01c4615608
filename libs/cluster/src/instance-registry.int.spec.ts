import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subjects } from '@parley/contracts';
import { randomName, startNats, until, type TestNats } from '@parley/testing';
import { InstanceRegistry, type InstanceInfo } from './instance-registry.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const info = (id: string, draining = false): InstanceInfo => ({ id, url: `http://${id}`, sessions: 0, rooms: 0, draining, startedAt: new Date().toISOString() });

describe('InstanceRegistry', () => {
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

  it('knows who is alive, leaves draining instances out of ownership, and forgets the silent', async () => {
    const namespace = randomName('reg');
    const writer = await InstanceRegistry.open(nc, { namespace });
    await writer.announce(info('a'));
    const reader = await InstanceRegistry.open(nc, { namespace, deadAfterMs: 500, outageGraceMs: 500 });
    await reader.watch();
    expect(reader.live().map((i) => i.id)).toEqual(['a']);
    let changes = 0;
    reader.onChange(() => changes++);
    await writer.announce(info('b'));
    await until(() => reader.live().length === 2);
    expect(reader.ownerOf('room-1')).toMatch(/^[ab]$/);
    await writer.announce(info('b', true));
    await until(() => reader.ownerOf('room-1') === 'a' && reader.ownerOf('room-2') === 'a');
    await writer.withdraw('b');
    await until(() => reader.live().length === 1);
    // 'a' stops heartbeating: after the dead-after window it is gone, and no one owns anything.
    await until(() => reader.live().length === 0, 3_000);
    // Ownership follows on the registry's next sweep (a quarter of the dead-after window).
    await until(() => reader.ownerOf('room-1') === undefined, 1_000);
    expect(changes).toBeGreaterThan(0);
    reader.stop();
  });

  it('does not declare everyone dead while the bucket itself is silent, only after the outage grace', async () => {
    const namespace = randomName('reg');
    const writer = await InstanceRegistry.open(nc, { namespace });
    const reader = await InstanceRegistry.open(nc, { namespace, deadAfterMs: 300, outageGraceMs: 5_000 });
    await reader.watch();
    await writer.announce(info('a'));
    await writer.announce(info('b'));
    await until(() => reader.live().length === 2);
    // Only 'a' goes on heartbeating: 'b' is dead after the window.
    for (const started = Date.now(); Date.now() - started < 1_000; await sleep(100)) await writer.announce(info('a'));
    await until(() => reader.live().length === 1);
    expect(reader.live().map((i) => i.id)).toEqual(['a']);
    // Then nobody is heard (as when NATS loses the node leading the bucket): 'a' stays until the grace ends.
    await sleep(1_000);
    expect(reader.live().map((i) => i.id)).toEqual(['a']);
    await until(() => reader.live().length === 0, 10_000);
    reader.stop();
  });

  it('starts on an empty bucket without waiting', async () => {
    const reader = await InstanceRegistry.open(nc, { namespace: randomName('empty') });
    await reader.watch();
    expect(reader.live()).toEqual([]);
    reader.stop();
  });

  it('starts, knowing every instance, while another keeps heartbeating (NATS 2.9 may never count its watch caught up)', async () => {
    const namespace = randomName('busy');
    const writer = await InstanceRegistry.open(nc, { namespace });
    await writer.announce(info('crashed'));
    const beating = setInterval(() => void writer.announce(info('alive')).catch(() => undefined), 10);
    try {
      await until(async () => (await jetstreamManager(nc)).streams.info(`KV_${new Subjects(namespace).bucket('instances')}`).then((s) => s.state.messages === 2, () => false), 10_000);
      for (let i = 0; i < 150; i++) {
        const reader = await InstanceRegistry.open(nc, { namespace });
        await reader.watch();
        expect(reader.live().map((known) => known.id).sort()).toEqual(['alive', 'crashed']);
        reader.stop();
      }
    } finally {
      clearInterval(beating);
    }
  }, 120_000);
});
