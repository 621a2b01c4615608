import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DirectoryReader, parseDirectoryConfig } from '@parley/directory';
import { DirectoryState } from '@parley/directory-state';
import { EventLog } from '@parley/eventlog';
import { directoryFixture, randomName, startFixtureDirectory, startNats, type TestNats, type TestSlapd } from '@parley/testing';
import { Attribute, Change, Client } from 'ldapts';
import { directoryEntityId } from './directory-ids.js';
import { DirectorySyncService } from './directory-sync.service.js';

describe('directory sync against a real slapd', () => {
  let nats: TestNats;
  let slapd: TestSlapd;
  let nc: NatsConnection;
  let log: EventLog;
  let state: DirectoryState;
  let sync: DirectorySyncService;
  const people = `ou=people,${directoryFixture.suffix}`;
  const idOf = (username: string) => state.view.userIdByName(username);

  beforeAll(async () => {
    [nats, slapd] = await Promise.all([startNats(), startFixtureDirectory('openldap')]);
    nc = await connect({ servers: nats.url });
    log = await EventLog.open(nc, { namespace: randomName('sync') });
    state = new DirectoryState(log);
    await state.start(() => undefined);
    const config = parseDirectoryConfig({ preset: 'openldap', urls: [slapd.url], ...directoryFixture.service, baseDn: directoryFixture.suffix });
    sync = new DirectorySyncService(new DirectoryReader(config), state);
  });

  afterAll(async () => {
    await state.stop();
    await log.close();
    await nc.close();
    await Promise.all([nats.stop(), slapd.stop()]);
  });

  const ldap = async (work: (client: Client) => Promise<void>) => {
    const client = new Client({ url: slapd.url });
    await client.bind(slapd.rootDn, slapd.rootPassword);
    try {
      await work(client);
    } finally {
      await client.unbind();
    }
  };

  it('provisions users, nested groups and OUs on a full sync', async () => {
    const result = await sync.sync(true);
    expect(result).toMatchObject({ mode: 'full', usersAdded: 20, groupsAdded: 8 });
    const alice = idOf('alice')!;
    expect(state.view.users.get(alice)).toMatchObject({ source: 'directory', enabled: true, ouDn: expect.stringMatching(/^ou=Engineering/i) });
    const groupNames = [...state.view.groupsOf(alice)].map((g) => state.view.groups.get(g)!.name).sort();
    expect(groupNames).toEqual(['all-staff', 'backend', 'engineering']);
    expect(state.view.users.get(idOf('heidi')!)?.enabled).toBe(false);
    expect(state.view.users.get(idOf('mallory')!)?.enabled).toBe(false);
    expect(state.authz.matches(alice, { kind: 'ou', id: `OU=Engineering, ${people}` })).toBe(true);
    expect([...state.view.ous.values()].map((o) => o.name).sort()).toEqual(expect.arrayContaining(['Engineering', 'Legal', 'Sales']));
    // The same directory, synced again, changes nothing.
    expect(await sync.sync(true)).toMatchObject({ usersAdded: 0, usersChanged: 0, groupsAdded: 0, membershipChanges: 0 });
  });

  it('picks up adds, changes, disables, removals and membership changes incrementally', async () => {
    await ldap(async (client) => {
      await client.add(`uid=zed,ou=Sales,${people}`, {
        objectClass: ['inetOrgPerson'],
        uid: 'zed',
        cn: 'Zed',
        sn: 'Zed',
        displayName: 'Zed Zulu',
        mail: 'zed@parley.test',
        userPassword: 'Secret-zed',
      });
      await client.modify(`uid=bob,ou=Engineering,${people}`, new Change({ operation: 'replace', modification: new Attribute({ type: 'displayName', values: ['Robert'] }) }));
      await client.modify(`uid=carol,ou=Engineering,${people}`, new Change({ operation: 'add', modification: new Attribute({ type: 'employeeType', values: ['disabled'] }) }));
      await client.del(`uid=dan,ou=Engineering,${people}`);
      await client.modify(`cn=legal,ou=groups,${directoryFixture.suffix}`, new Change({ operation: 'add', modification: new Attribute({ type: 'member', values: [`uid=zed,ou=Sales,${people}`] }) }));
    });
    const danId = idOf('dan')!;
    // Modify timestamps have one-second resolution: step past the watermark's second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const result = await sync.sync(false);
    expect(result).toMatchObject({ mode: 'incremental', usersAdded: 1, usersChanged: 1, usersDisabled: 1, usersRemoved: 1 });
    expect(state.view.users.get(idOf('bob')!)?.displayName).toBe('Robert');
    expect(state.authz.isActive(idOf('carol')!)).toBe(false);
    expect(state.view.users.get(danId)?.removed).toBe(true);
    expect(idOf('dan')).toBeUndefined();
    const zed = idOf('zed')!;
    expect(zed).toBe(directoryEntityId(state.view.users.get(zed)!.externalId!));
    expect(state.authz.matches(zed, { kind: 'group', id: [...state.view.groups.values()].find((g) => g.name === 'legal')!.id })).toBe(true);
  });

  it('keeps an administrator’s disable in force when the directory re-enables the account', async () => {
    const carol = idOf('carol')!;
    await ldap((client) =>
      client.modify(`uid=carol,ou=Engineering,${people}`, new Change({ operation: 'delete', modification: new Attribute({ type: 'employeeType', values: ['disabled'] }) })),
    );
    await state.execute({ kind: 'user', id: carol }, { kind: 'user', id: 'admin' }, () => [{ type: 'UserDisabled', data: { reason: 'administrator' } }]);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await sync.sync(false);
    expect(state.view.users.get(carol)).toMatchObject({ enabled: false, disabledBy: 'administrator' });
  });
});
