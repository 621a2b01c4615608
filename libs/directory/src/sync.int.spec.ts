import { directoryFixture, startFixtureDirectory, type TestSlapd } from '@parley/testing';
import { Attribute, Change, Client } from 'ldapts';
import { planSync } from './planner.js';
import { DirectoryReader } from './reader.js';
import { applyRead, EMPTY_STATE, type DirectoryState } from './records.js';

const S = 'dc=parley,dc=test';
const replace = (type: string, ...values: string[]) => new Change({ operation: 'replace', modification: new Attribute({ type, values }) });
const add = (type: string, ...values: string[]) => new Change({ operation: 'add', modification: new Attribute({ type, values }) });
const remove = (type: string, ...values: string[]) => new Change({ operation: 'delete', modification: new Attribute({ type, values }) });

describe('incremental re-sync against OpenLDAP', () => {
  let slapd: TestSlapd;
  let admin: Client;
  let reader: DirectoryReader;
  beforeEach(async () => {
    slapd = await startFixtureDirectory('openldap');
    admin = new Client({ url: slapd.url });
    await admin.bind(slapd.rootDn, slapd.rootPassword);
    reader = new DirectoryReader({ preset: 'openldap', urls: [slapd.url], baseDn: slapd.suffix, ...directoryFixture.service });
  });
  afterEach(async () => {
    await admin.unbind();
    await slapd.stop();
  });

  const idOf = (state: DirectoryState, username: string) => [...state.users.values()].find((u) => u.username === username)!.externalId;
  const groupId = (state: DirectoryState, name: string) => [...state.groups.values()].find((g) => g.name === name)!.externalId;

  it('picks up an added user, a new display name, a disabled and a removed user, and membership changes', async () => {
    const first = await reader.readAll();
    const known = applyRead(EMPTY_STATE, first);

    await admin.add(`uid=zara,ou=Legal,ou=people,${S}`, { objectClass: 'inetOrgPerson', uid: 'zara', cn: 'Zara Zhou', sn: 'Zhou', mail: 'zara@parley.test' });
    await admin.modify(`uid=alice,ou=Engineering,ou=people,${S}`, replace('displayName', 'Alice A. Archer'));
    await admin.modify(`uid=bob,ou=Engineering,ou=people,${S}`, add('employeeType', 'disabled'));
    await admin.modify(`cn=backend,ou=groups,${S}`, remove('member', `uid=carol,ou=Engineering,ou=people,${S}`));
    await admin.del(`uid=carol,ou=Engineering,ou=people,${S}`);
    await admin.modify(`cn=legal,ou=groups,${S}`, add('member', `uid=zara,ou=Legal,ou=people,${S}`, `cn=ring-a,ou=groups,${S}`));
    await admin.modify(`uid=mallory,ou=Sales,ou=people,${S}`, remove('pwdAccountLockedTime'));

    const changes = await reader.readChanges(first.watermark);
    expect(changes.kind).toBe('changes');
    const plan = planSync(known, changes);

    expect(plan.users.added).toEqual([
      { externalId: expect.any(String), dn: `uid=zara,ou=Legal,ou=people,${S}`, username: 'zara', displayName: 'Zara Zhou', email: 'zara@parley.test', enabled: true, ouDn: `ou=Legal,ou=people,${S}` },
    ]);
    expect(plan.users.changed.map((c) => [c.after.username, c.fields, c.after.displayName])).toEqual([['alice', ['displayName'], 'Alice A. Archer']]);
    expect(plan.users.disabled.map((u) => u.username)).toEqual(['bob']);
    expect(plan.users.enabled.map((u) => u.username)).toEqual(['mallory']);
    expect(plan.users.removed.map((u) => u.username)).toEqual(['carol']);
    expect(plan.groups).toEqual({ added: [], changed: [], removed: [] });
    const next = plan.next;
    expect(plan.memberships).toEqual(
      expect.arrayContaining([
        { groupId: groupId(next, 'backend'), added: [], removed: [{ kind: 'user', externalId: idOf(known, 'carol') }] },
        {
          groupId: groupId(next, 'legal'),
          added: [
            { kind: 'user', externalId: idOf(next, 'zara') },
            { kind: 'group', externalId: groupId(next, 'ring-a') },
          ],
          removed: [],
        },
      ]),
    );
    expect(plan.memberships).toHaveLength(2);

    // The next state equals what a full read now finds.
    const fresh = applyRead(EMPTY_STATE, await reader.readAll());
    expect(next).toEqual(fresh);
    // And reading again from the new watermark changes nothing.
    const again = planSync(next, await reader.readChanges(changes.watermark));
    expect([again.users, again.groups, again.ous, again.memberships]).toEqual([
      { added: [], changed: [], disabled: [], enabled: [], removed: [] },
      { added: [], changed: [], removed: [] },
      { added: [], changed: [], removed: [] },
      [],
    ]);
  });

  it('reads only what changed once the rest is older than the watermark, and always every id', async () => {
    // Entries loaded by slapadd carry the time of loading: let it fall behind the next watermark.
    // How far behind depends on how long the read takes (a busy machine reads slowly), so read
    // again until the watermark has passed the loading time.
    const { searchEntries } = await admin.search(`uid=niaj,ou=Sales,ou=people,${S}`, { attributes: ['modifyTimestamp'] });
    const loadedAt = String(searchEntries[0]!['modifyTimestamp']);
    await admin.modify(`uid=judy,ou=Sales,ou=people,${S}`, replace('mail', 'judy.jones@parley.test'));
    let first = await reader.readAll();
    for (let attempt = 0; (JSON.parse(first.watermark) as { modifyTimestamp: string }).modifyTimestamp <= loadedAt && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await admin.modify(`uid=judy,ou=Sales,ou=people,${S}`, replace('mail', `judy.jones+${attempt}@parley.test`));
      first = await reader.readAll();
    }
    await admin.modify(`uid=ivan,ou=Sales,ou=people,${S}`, replace('displayName', 'Ivan I. Ivanov'));
    const changes = await reader.readChanges(first.watermark);
    if (changes.kind !== 'changes') throw new Error('expected a change set');
    expect(changes.users.map((u) => u.username).sort()).toEqual(['ivan', 'judy']);
    expect(changes.groups).toEqual([]);
    expect(changes.ids.users).toHaveLength(20);
    expect(changes.ids.groups).toHaveLength(8);
    expect(changes.ids.ous).toHaveLength(6);
  });

  it('answers a watermark of the other kind with a full snapshot', async () => {
    const read = await reader.readChanges(JSON.stringify({ usn: '100', server: 'CN=NTDS Settings,CN=DC1' }));
    expect(read.kind).toBe('snapshot');
    expect(read.users).toHaveLength(20);
  });
});
