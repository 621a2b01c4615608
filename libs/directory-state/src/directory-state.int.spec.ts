import { connect, type NatsConnection } from '@nats-io/transport-node';
import { decideCategoryTree, decideServerConfig, decideUser } from '@parley/domain';
import { EventLog } from '@parley/eventlog';
import { randomName, startNats, type TestNats, until } from '@parley/testing';
import { DirectoryState } from './directory-state.js';

const admin = { kind: 'user', id: 'admin' } as const;


describe('DirectoryState', () => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    log = await EventLog.open(nc, { namespace: randomName('ds') });
  });
  afterAll(async () => {
    await log.close();
    await nc.close();
    await nats.stop();
  });

  const provision = (state: DirectoryState, id: string, username: string) =>
    state.execute({ kind: 'user', id }, admin, () =>
      decideUser(
        { type: 'ProvisionUser', source: 'local', username, displayName: username, email: '', externalId: null, dn: null, ouDn: null, enabled: true },
        state.view.users.get(id),
        (n) => state.view.userIdByName(n) !== undefined,
      ),
    );

  it('reads its own writes at once, and another instance’s through the log', async () => {
    const a = new DirectoryState(log);
    const b = new DirectoryState(log);
    await Promise.all([a.start(() => undefined), b.start(() => undefined)]);
    await provision(a, 'u1', 'alice');
    expect(a.view.userIdByName('alice')).toBe('u1');
    await until(() => b.view.userIdByName('alice') === 'u1');
    await a.stop();
    await b.stop();
  });

  it('re-decides after losing a race on one aggregate, so both writes land in order', async () => {
    const a = new DirectoryState(log);
    const b = new DirectoryState(log);
    await Promise.all([a.start(() => undefined), b.start(() => undefined)]);
    const create = (state: DirectoryState, id: string) =>
      state.execute({ kind: 'category', id: 'tree' }, admin, () =>
        decideCategoryTree({ type: 'CreateCategory', categoryId: id, name: id, description: '', parentId: null, allowed: [], denied: [], creators: [] }, state.tree),
      );
    await Promise.all([create(a, 'cat-a'), create(b, 'cat-b')]);
    await until(() => a.tree.categories.size === 2 && b.tree.categories.size === 2);
    expect(a.version({ kind: 'category', id: 'tree' })).toEqual(b.version({ kind: 'category', id: 'tree' }));
    // A decision that becomes invalid after the race is refused, not forced through.
    await expect(create(a, 'cat-a')).rejects.toThrow(/already exists/);
    await a.stop();
    await b.stop();
  });

  it('loads everything at start-up', async () => {
    const writer = new DirectoryState(log);
    await writer.start(() => undefined);
    await writer.execute({ kind: 'server', id: 'config' }, admin, () => decideServerConfig({ type: 'ChangeSettings', changes: { backchatSize: 50 } }, writer.view));
    await provision(writer, 'u2', 'bob');
    const late = new DirectoryState(log);
    await late.start(() => undefined);
    expect(late.view.settings.backchatSize).toBe(50);
    expect(late.view.userIdByName('bob')).toBe('u2');
    await writer.stop();
    await late.stop();
  });
});
