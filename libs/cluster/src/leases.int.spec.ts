import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Subjects } from '@parley/contracts';
import { randomName, startNats, until, type TestNats } from '@parley/testing';
import { Leases, type LeaseHolder } from './leases.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Leases', () => {
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

  it('lets one of many racing holders take a key, names it to the others, and frees it on release', async () => {
    const namespace = randomName('lease');
    const leases = await Promise.all([1, 2, 3, 4].map(() => Leases.open(nc, { namespace, bucket: 'work' })));
    const results = await Promise.all(leases.map((l, i) => l.acquire('history', { holder: `i${i}`, job: `j${i}` }, () => undefined)));
    const won = results.flatMap((r) => ('lease' in r ? [r.lease] : []));
    expect(won).toHaveLength(1);
    const winner = won[0]!;
    for (const r of results) if ('heldBy' in r) expect(r.heldBy).toEqual(winner.holder);
    expect(await leases[0]!.holder('history')).toEqual(winner.holder);
    // Other keys are independent.
    expect(await leases[0]!.acquire('files', { holder: 'i0', job: 'j9' }, () => undefined)).toHaveProperty('lease');

    await winner.release();
    expect(await leases[1]!.holder('history')).toBeUndefined();
    const again = await leases[1]!.acquire('history', { holder: 'i1', job: 'j10' }, () => undefined);
    expect('lease' in again && again.lease.holder).toMatchObject({ holder: 'i1', job: 'j10' });
  });

  it('keeps a renewed lease past its lifetime, and frees the key of a holder that stopped renewing', async () => {
    const namespace = randomName('lease');
    const leases = await Leases.open(nc, { namespace, bucket: 'work', ttlMs: 1_000 });
    const held = await leases.acquire('history', { holder: 'a', job: 'j1' }, () => undefined);
    if (!('lease' in held)) throw new Error('not acquired');
    await sleep(2_500);
    expect(await leases.holder('history')).toMatchObject({ holder: 'a', job: 'j1' });
    // A holder that died: its entry is written once and never renewed.
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('work'));
    await kv.create('files', JSON.stringify({ holder: 'dead', job: 'j2', since: new Date().toISOString() } satisfies LeaseHolder));
    expect(await leases.acquire('files', { holder: 'b', job: 'j3' }, () => undefined)).toMatchObject({ heldBy: { holder: 'dead' } });
    await until(async () => (await leases.holder('files')) === undefined, 10_000, 'the dead holder’s lease lapsed');
    expect(await leases.acquire('files', { holder: 'b', job: 'j3' }, () => undefined)).toHaveProperty('lease');
    await held.lease.release();
  });

  it('tells a holder that finds its key taken by another that it lost the lease', async () => {
    const namespace = randomName('lease');
    const leases = await Leases.open(nc, { namespace, bucket: 'work', ttlMs: 2_000 });
    const lost: LeaseHolder[] = [];
    const held = await leases.acquire('history', { holder: 'a', job: 'j1' }, (by) => lost.push(by));
    if (!('lease' in held)) throw new Error('not acquired');
    // As if the lease had lapsed while `a` could not reach NATS, and `b` had taken it.
    const kv = await new Kvm(nc).open(new Subjects(namespace).bucket('work'));
    await kv.put('history', JSON.stringify({ holder: 'b', job: 'j2', since: new Date().toISOString() } satisfies LeaseHolder));
    await until(() => lost.length > 0, 5_000, 'lost');
    expect(lost).toEqual([expect.objectContaining({ holder: 'b', job: 'j2' })]);
    // Releasing a lost lease leaves the new holder's entry alone.
    await held.lease.release();
    expect(await leases.holder('history')).toMatchObject({ holder: 'b' });
  });
});
