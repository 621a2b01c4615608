import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runService, type RunningService } from '@parley/nest-kit';
import { directoryFixture, randomName, startFixtureDirectory, startNats, tempDir, type TestNats, type TestSlapd } from '@parley/testing';
import { ProvisioningModule } from './provisioning.module.js';
import { provisioningSettings } from './provisioning.settings.js';

interface Reply {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; issues?: { path: string }[] } };
}

describe('the provisioning service', () => {
  let nats: TestNats;
  let slapd: TestSlapd;
  let service: RunningService<unknown>;
  let admin: string;
  const data = tempDir('parley-prov-');

  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Reply> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: response.status === 204 ? {} : ((await response.json()) as Reply['body']) };
  };
  const login = async (username: string, password: string) => call('POST', '/v1/auth/login', { username, password });
  const as = (token: string) => ({
    get: (path: string) => call('GET', path, undefined, token),
    post: (path: string, body: unknown = {}) => call('POST', path, body, token),
    patch: (path: string, body: unknown) => call('PATCH', path, body, token),
    put: (path: string, body: unknown) => call('PUT', path, body, token),
    del: (path: string) => call('DELETE', path, undefined, token),
  });

  beforeAll(async () => {
    [nats, slapd] = await Promise.all([startNats(), startFixtureDirectory('openldap')]);
    service = await runService(
      { name: 'provisioning', module: ProvisioningModule, settings: provisioningSettings },
      {
        PARLEY_NATS_URL: nats.url,
        PARLEY_NAMESPACE: randomName('p'),
        PARLEY_HTTP_PORT: '0',
        PARLEY_HTTP_HOST: '127.0.0.1',
        PARLEY_LOG_LEVEL: 'silent',
        PARLEY_DATA_DIR: data.path,
        PARLEY_DIRECTORY_URL: slapd.url,
        PARLEY_DIRECTORY_BIND_DN: directoryFixture.service.bindDn,
        PARLEY_DIRECTORY_BIND_PASSWORD: directoryFixture.service.bindPassword,
        PARLEY_DIRECTORY_BASE_DN: directoryFixture.suffix,
        PARLEY_DIRECTORY_SYNC_INTERVAL_S: '0',
        // Every request here comes from 127.0.0.1: test the per-account lock-out, not the address's.
        PARLEY_SIGNIN_ADDRESS_FREE_FAILURES: '1000',
        PARLEY_SIGNIN_LOCKOUT_FAILURES: '7',
      },
    );
    const [username, password] = readFileSync(join(data.path, 'initial-admin-password'), 'utf8').trim().split('\n');
    const signedIn = await login(username!, password!);
    expect(signedIn.status).toBe(200);
    admin = signedIn.body['accessToken'] as string;
  });

  afterAll(async () => {
    await service?.close();
    await Promise.all([nats?.stop(), slapd?.stop()]);
    data.remove();
  });

  describe('categories', () => {
    it('creates a tree, and refuses bad input naming the field, writing nothing', async () => {
      const api = as(admin);
      const root = await api.post('/v1/categories', { name: 'Engineering', allowed: [{ kind: 'everyone' }] });
      expect(root.status).toBe(201);
      const rootId = root.body['id'] as string;
      const child = await api.post('/v1/categories', { name: 'Backend', parentId: rootId });
      expect(child.body).toMatchObject({ path: ['Engineering', 'Backend'], parentId: rootId });
      const before = (await api.get('/v1/categories')).body as unknown as unknown[];

      const cases: [unknown, number, string][] = [
        [{ name: 'X', colour: 'red' }, 400, 'colour'],
        [{ name: 'x'.repeat(257) }, 400, 'name'],
        [{ name: 'engineering' }, 409, 'a category named "Engineering" already exists'],
        [{ name: 'Y', parentId: 'no-such-category' }, 404, 'parentId'],
        [{ name: 'Z', allowed: [{ kind: 'user', name: 'nobody-at-all' }] }, 404, 'allowed.0'],
      ];
      for (const [body, status, named] of cases) {
        const reply = await api.post('/v1/categories', body);
        expect(reply.status).toBe(status);
        expect(`${reply.body.error!.message} ${JSON.stringify(reply.body.error!.issues ?? [])}`).toContain(named);
      }
      const cycle = await api.patch(`/v1/categories/${rootId}`, { parentId: child.body['id'] });
      expect(cycle.status).toBe(400);
      expect(cycle.body.error!.issues![0]!.path).toBe('parentId');
      expect((await api.get('/v1/categories')).body).toEqual(before);
      expect((await api.del(`/v1/categories/${rootId}`)).status).toBe(409);
    });

    it('is for administrators only to change', async () => {
      await as(admin).post('/v1/users', { username: 'plain', password: 'a-long-enough-password' });
      const plain = (await login('plain', 'a-long-enough-password')).body['accessToken'] as string;
      expect((await as(plain).get('/v1/categories')).status).toBe(200);
      expect((await as(plain).post('/v1/categories', { name: 'Mine' })).status).toBe(403);
    });
  });

  describe('directory users', () => {
    it('syncs the directory, and signs users in by LDAP bind', async () => {
      const sync = await as(admin).post('/v1/directory/sync', { full: true });
      expect(sync.body).toMatchObject({ mode: 'full', usersAdded: 20 });
      const alice = await login('alice', directoryFixture.passwordOf('alice'));
      expect(alice.status).toBe(200);
      const me = await as(alice.body['accessToken'] as string).get('/v1/me');
      expect(me.body).toMatchObject({ username: 'alice', source: 'directory', groups: expect.arrayContaining([expect.objectContaining({ name: 'backend' })]) });
    });

    it('refuses a wrong password and an unknown user alike, and a disabled account', async () => {
      const wrong = await login('bob', 'not-his-password');
      const unknown = await login('nobody', 'whatever');
      expect(wrong).toEqual({ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'invalid user name or password' } } });
      expect(unknown).toEqual(wrong);
      const heidi = await login('heidi', directoryFixture.passwordOf('heidi'));
      expect(heidi.status).toBe(403);
    });

    it('slows down, then locks out an account under repeated failures, even for the right password', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await login('carol', `guess-${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]); // five free failures, then a wait
      const waiting = await login('carol', directoryFixture.passwordOf('carol'));
      expect(waiting.status).toBe(429);
      expect(waiting.body.error!.message).toMatch(/\d+ s/);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await login('carol', 'guess-6')).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await login('carol', 'guess-7')).status).toBe(401); // the seventh failure locks the account
      const locked = await login('carol', directoryFixture.passwordOf('carol'));
      expect(locked.status).toBe(403);
      expect(locked.body.error!.message).toMatch(/locked/);
    });

    it('refuses an account the directory has locked', async () => {
      expect((await login('mallory', directoryFixture.passwordOf('mallory'))).status).toBe(403);
    });
  });

  describe('tokens', () => {
    it('publishes its keys, and stops honouring a disabled user’s token at once', async () => {
      const jwks = await call('GET', '/.well-known/jwks.json');
      expect((jwks.body['keys'] as unknown[]).length).toBeGreaterThan(0);
      const created = await as(admin).post('/v1/users', { username: 'dora', displayName: 'Dora' });
      expect(created.status).toBe(201);
      const dora = await login('dora', created.body['generatedPassword'] as string);
      const token = dora.body['accessToken'] as string;
      expect((await as(token).get('/v1/me')).status).toBe(200);
      expect((await as(admin).post(`/v1/users/${created.body['id']}/disable`)).body).toMatchObject({ enabled: false });
      expect((await as(token).get('/v1/me')).status).toBe(401);
      expect((await call('POST', '/v1/auth/refresh', { refreshToken: dora.body['refreshToken'] })).status).toBe(401);
    });
  });
});
