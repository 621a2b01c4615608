import { join } from 'node:path';
import { directoryFixture, randomName, spawnService, startFixtureDirectory, startNats, type SpawnedService, type TestNats, type TestSlapd } from '@parley/testing';

/**
 * Room administration end to end: the admin API (provisioning) resolves names and forwards room
 * commands to the channel service, which owns rooms and applies Group Chat's rules.
 */
describe('room administration through the admin API and the channel service', () => {
  let nats: TestNats;
  let slapd: TestSlapd;
  let provisioning: SpawnedService;
  let channel: SpawnedService;
  const tokens = new Map<string, string>();
  const password = 'correct-horse-battery';
  const root = join(__dirname, '..', '..', '..');

  const call = async (user: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${provisioning.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(user)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (response.status === 204 ? {} : await response.json()) as Record<string, unknown> & { error?: { message: string } } };
  };
  const signIn = async (user: string, pw: string) => {
    const response = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: pw }) });
    tokens.set(user, ((await response.json()) as { accessToken: string }).accessToken);
  };

  beforeAll(async () => {
    [nats, slapd] = await Promise.all([startNats(), startFixtureDirectory('openldap')]);
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('r') };
    [provisioning, channel] = await Promise.all([
      spawnService(join(root, 'apps/provisioning/dist/main.js'), {
        ...env,
        PARLEY_INITIAL_ADMIN_PASSWORD: password,
        PARLEY_DIRECTORY_URL: slapd.url,
        PARLEY_DIRECTORY_BIND_DN: directoryFixture.service.bindDn,
        PARLEY_DIRECTORY_BIND_PASSWORD: directoryFixture.service.bindPassword,
        PARLEY_DIRECTORY_BASE_DN: directoryFixture.suffix,
        PARLEY_DIRECTORY_SYNC_INTERVAL_S: '0',
      }),
      spawnService(join(root, 'apps/channel/dist/main.js'), env),
    ]);
    await signIn('admin', password);
    expect((await call('admin', 'POST', '/v1/directory/sync', { full: true })).status).toBe(200);
    await signIn('ivan', directoryFixture.passwordOf('ivan'));
  });

  afterAll(async () => {
    await Promise.all([provisioning?.stop(), channel?.stop()]);
    await Promise.all([nats?.stop(), slapd?.stop()]);
  });

  it('never lets a category’s denied members into its rooms, directly, through a group or an OU', async () => {
    const people = `ou=people,${directoryFixture.suffix}`;
    const category = await call('admin', 'POST', '/v1/categories', {
      name: 'Deals',
      allowed: [{ kind: 'group', name: 'all-staff' }, { kind: 'group', name: 'sales' }, { kind: 'ou', id: `ou=Legal,${people}` }],
      denied: [{ kind: 'group', name: 'engineering' }, { kind: 'ou', id: `ou=Legal,${people}` }],
      creators: [{ kind: 'user', name: 'ivan' }],
    });
    expect(category.status).toBe(201);
    const categoryId = category.body['id'];
    const create = (name: string, extra: object) => call('admin', 'POST', '/v1/rooms', { categoryId, name, ...extra });

    const direct = await create('Direct', { members: [{ kind: 'user', name: 'alice' }] }); // alice is in backend ⊂ engineering
    expect(direct.status).toBe(403);
    expect(direct.body.error!.message).toMatch(/^members\.0: user .* is denied in category "Deals"/);
    const viaGroup = await create('Via group', { presenters: [{ kind: 'group', name: 'engineering' }] });
    expect(viaGroup.status).toBe(403);
    expect(viaGroup.body.error!.message).toMatch(/^presenters\.0: group .* is denied/);
    const viaOu = await create('Via OU', { managers: [{ kind: 'user', name: 'rupert' }] }); // rupert is in ou=Legal
    expect(viaOu.status).toBe(403);
    expect(viaOu.body.error!.message).toMatch(/^managers\.0: user .* is denied/);

    const room = await create('Pipeline', { privacy: 'closed', members: [{ kind: 'group', name: 'sales' }] });
    expect(room.status).toBe(201);
    expect(room.body).toMatchObject({ name: 'Pipeline', uri: `parley://room/${room.body['id']}`, members: [{ kind: 'group', label: 'sales' }] });
    const later = await call('admin', 'PATCH', `/v1/rooms/${room.body['id']}`, { members: { add: [{ kind: 'user', name: 'bob' }] } });
    expect(later.status).toBe(403);
  });

  it('lets creators create rooms only in their categories', async () => {
    const mine = await call('admin', 'POST', '/v1/categories', { name: 'Sales floor', allowed: [{ kind: 'everyone' }], creators: [{ kind: 'user', name: 'ivan' }] });
    const theirs = await call('admin', 'POST', '/v1/categories', { name: 'Board', allowed: [{ kind: 'everyone' }] });
    const ok = await call('ivan', 'POST', '/v1/rooms', { categoryId: mine.body['id'], name: 'Leads' });
    expect(ok.status).toBe(201);
    expect(ok.body['managers']).toEqual([expect.objectContaining({ kind: 'user', label: 'ivan' })]);
    const refused = await call('ivan', 'POST', '/v1/rooms', { categoryId: theirs.body['id'], name: 'Leads' });
    expect(refused.status).toBe(403);
    expect(refused.body.error!.message).toBe('you may not create rooms in category "Board"');
  });

  it('refuses bad room input naming the field, and writes nothing', async () => {
    const category = await call('admin', 'POST', '/v1/categories', { name: 'Checks', allowed: [{ kind: 'everyone' }] });
    const categoryId = category.body['id'];
    expect((await call('admin', 'POST', '/v1/rooms', { categoryId, name: 'General' })).status).toBe(201);
    const cases: [object, number, RegExp][] = [
      [{ categoryId, name: 'x'.repeat(257) }, 400, /name/],
      [{ categoryId, name: 'general' }, 409, /a room named "General" already exists in category "Checks"/],
      [{ categoryId: 'no-such-category', name: 'Lost' }, 404, /categoryId: no category "no-such-category"/],
      [{ categoryId, name: 'Extra', colour: 'red' }, 400, /colour: unknown field/],
    ];
    for (const [body, status, message] of cases) {
      const reply = await call('admin', 'POST', '/v1/rooms', body);
      expect(reply.status).toBe(status);
      expect(`${reply.body.error!.message}`).toMatch(message);
    }
    const rooms = (await call('admin', 'GET', `/v1/rooms?categoryId=${categoryId}`)).body as unknown as { name: string }[];
    expect(rooms.map((r) => r.name)).toEqual(['General']);
  });

  it('lets managers manage, disable and remove a room, and nobody else', async () => {
    const category = await call('admin', 'POST', '/v1/categories', { name: 'Ops', allowed: [{ kind: 'everyone' }] });
    const room = await call('admin', 'POST', '/v1/rooms', { categoryId: category.body['id'], name: 'War room', managers: [{ kind: 'user', name: 'ivan' }] });
    const id = room.body['id'];
    expect((await call('ivan', 'PATCH', `/v1/rooms/${id}`, { description: 'incidents', roomType: 'auditorium' })).body).toMatchObject({ description: 'incidents', roomType: 'auditorium' });
    expect((await call('ivan', 'POST', `/v1/rooms/${id}/disable`)).body).toMatchObject({ disabled: true });
    await signIn('judy', directoryFixture.passwordOf('judy'));
    expect((await call('judy', 'POST', `/v1/rooms/${id}/enable`)).status).toBe(403);
    expect((await call('ivan', 'DELETE', `/v1/rooms/${id}`)).status).toBe(204);
    expect((await call('admin', 'GET', `/v1/rooms/${id}`)).status).toBe(404);
  });
});
