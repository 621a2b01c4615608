import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { directoryFixture, randomName, spawnService, startFixtureDirectory, startNats, tempDir, type SpawnedService, type TestNats, type TestSlapd } from '@parley/testing';
import { parley } from './built-cli.fixture';

const root = join(__dirname, '..', '..', '..');
const ADMIN_PASSWORD = 'e2e-admin-password-1';

describe('parley administration against a real provisioning service and directory', () => {
  let nats: TestNats;
  let slapd: TestSlapd;
  let service: SpawnedService;
  const config = tempDir('parley-cli-');
  const other = tempDir('parley-cli-other-');
  const credentials = join(config.path, 'credentials.json');

  const run = (args: readonly string[], input?: string) => parley(config.path, args, input);
  /** Runs a command with --json; it must succeed and print nothing on stderr. */
  const json = async <T = Record<string, unknown>>(args: readonly string[], input?: string): Promise<T> => {
    const result = await run([...args, '--json'], input);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
    return JSON.parse(result.out) as T;
  };
  /** Runs a command that must fail: exit 1 and one line on stderr naming `reason`. */
  const refused = async (args: readonly string[], reason: string | RegExp, input?: string) => {
    const result = await run(args, input);
    expect(result.code).toBe(1);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/^parley: /);
    expect(result.err).toMatch(reason);
  };

  beforeAll(async () => {
    [nats, slapd] = await Promise.all([startNats(), startFixtureDirectory('openldap')]);
    service = await spawnService(join(root, 'apps/provisioning/dist/main.js'), {
      PARLEY_NATS_URL: nats.url,
      PARLEY_NAMESPACE: randomName('cli'),
      PARLEY_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      PARLEY_DIRECTORY_URL: slapd.url,
      PARLEY_DIRECTORY_BIND_DN: directoryFixture.service.bindDn,
      PARLEY_DIRECTORY_BIND_PASSWORD: directoryFixture.service.bindPassword,
      PARLEY_DIRECTORY_BASE_DN: directoryFixture.suffix,
      PARLEY_DIRECTORY_SYNC_INTERVAL_S: '0',
    });
  });

  afterAll(async () => {
    await service?.stop();
    await Promise.all([nats?.stop(), slapd?.stop()]);
    config.remove();
    other.remove();
  });

  it('signs in from a script, keeping only tokens, in a file only its owner reads', async () => {
    await refused(['login', '--server', service.url, '--user', 'admin'], /standard input is not a terminal.*--password-stdin/);
    await refused(['login', '--server', service.url, '--user', 'admin', '--password-stdin'], /cannot sign in.*invalid user name or password/, 'wrong\n');
    const login = await json<{ server: string; user: { username: string } }>(['login', '--server', `${service.url}/`, '--user', 'admin', '--password-stdin'], `${ADMIN_PASSWORD}\n`);
    expect(login).toMatchObject({ server: service.url, user: { username: 'admin' } });
    expect(statSync(credentials).mode & 0o777).toBe(0o600);
    expect(readFileSync(credentials, 'utf8')).not.toContain(ADMIN_PASSWORD);
    expect(await json(['whoami'])).toMatchObject({ server: service.url, username: 'admin', roles: ['administrator'] });
    await refused(['whoami', '--server', 'http://127.0.0.1:9'], /not signed in to http:\/\/127\.0\.0\.1:9.*parley login/);
  });

  it('syncs the directory and reports its status', async () => {
    expect(await json(['directory', 'sync', '--full'])).toMatchObject({ mode: 'full', usersAdded: 20, warnings: expect.any(Array) });
    expect(await json(['directory', 'status'])).toMatchObject({ configured: true, lastSync: { mode: 'full' } });
    expect((await run(['directory', 'sync'])).out).toMatch(/sync:\s+incremental[\s\S]*users:\s+0 added/);
  });

  it('manages local users, and finds users by name or id', async () => {
    const dora = await json<{ id: string; generatedPassword: string }>(['user', 'create', 'dora', '--display-name', 'Dora Diaz', '--email', 'dora@example.com']);
    expect(dora.generatedPassword).toEqual(expect.any(String));
    await json(['user', 'create', 'quinn', '--password-stdin'], 'quinn-password-1234\n');
    expect((await json<{ items: { username: string }[] }>(['user', 'list', '--source', 'local'])).items.map((u) => u.username)).toEqual(['admin', 'dora', 'quinn']);
    expect(await json(['user', 'show', dora.id])).toMatchObject({ username: 'dora', displayName: 'Dora Diaz', groups: [], persistentChatEnabled: true });
    expect(await json(['user', 'set', 'DORA', '--display-name', 'Dora D.'])).toMatchObject({ displayName: 'Dora D.' });
    expect(await json(['user', 'disable', 'dora'])).toMatchObject({ enabled: false });
    expect((await json<{ items: { username: string }[] }>(['user', 'list', '--disabled', '--all'])).items.map((u) => u.username)).toContain('dora');
    expect(await json(['user', 'enable', 'dora'])).toMatchObject({ enabled: true });

    const reset = await json<{ generatedPassword: string }>(['user', 'password', 'dora']);
    expect(await parley(other.path, ['login', '--server', service.url, '--user', 'dora', '--password-stdin'], reset.generatedPassword)).toMatchObject({ code: 0 });
    expect(JSON.parse((await parley(other.path, ['whoami', '--json'])).out)).toMatchObject({ username: 'dora', roles: [] });

    const page = await json<{ items: unknown[]; next: string | null }>(['user', 'list', '--source', 'directory', '--limit', '5']);
    expect(page.items).toHaveLength(5);
    expect(page.next).toEqual(expect.any(String));
    expect(await json(['user', 'list', '--source', 'directory', '--all', '--limit', '7'])).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ username: 'walter' })]), next: null });
    expect((await run(['user', 'list', '--query', 'ali'])).out).toMatch(/^USER\s+DISPLAY NAME[\s\S]*alice\s+Alice Archer\s+directory\s+enabled/);

    expect(await run(['user', 'remove', 'quinn'])).toMatchObject({ code: 0, out: 'removed user quinn\n' });
    await refused(['user', 'show', 'quinn'], 'USER: no user named "quinn", nor with that id');
    await refused(['user', 'create', 'two words'], /username/);
  });

  it('manages local groups with members named by principal', async () => {
    const created = await json(['group', 'create', 'reviewers', '--description', 'Code reviewers', '--member', 'user:alice', '--member', 'group:backend']);
    expect(created).toMatchObject({ name: 'reviewers', memberCount: 2, members: expect.arrayContaining([{ kind: 'user', id: expect.any(String), label: 'alice' }]) });
    const changed = await json<{ members: { label: string }[] }>(['group', 'set', 'Reviewers', '--add', 'user:bob', '--remove', 'user:alice', '--name', 'code-reviewers']);
    expect(changed.members.map((m) => m.label).sort()).toEqual(['backend', 'bob']);
    expect((await json<{ items: unknown[] }>(['group', 'list', '--query', 'code-'])).items).toHaveLength(1);
    await refused(['group', 'set', 'code-reviewers', '--add', 'bob'], /--add: "bob" is not a principal/);
    expect(await run(['group', 'remove', 'code-reviewers'])).toMatchObject({ code: 0 });
    await refused(['group', 'show', 'code-reviewers'], 'GROUP: no group named "code-reviewers"');
  });

  it('builds a category tree with scopes and settings', async () => {
    const engineering = await json<{ id: string }>(['category', 'create', 'Engineering', '--allowed', 'group:engineering', '--creators', 'user:alice', '--description', 'R&D']);
    const legal = 'ou=Legal,ou=people,dc=parley,dc=test';
    expect(await json(['category', 'create', 'Backend', '--parent', 'engineering', '--denied', `ou:${legal}`, '--file-upload', 'off'])).toMatchObject({
      path: ['Engineering', 'Backend'],
      parentId: engineering.id,
      denied: [{ kind: 'ou', id: legal }],
      settings: { fileUpload: false, invitations: true, chatHistory: true },
    });
    await json(['category', 'create', 'Frontend', '--parent', engineering.id]);
    const backend = await json(['category', 'set', 'Engineering/Backend', '--allowed-add', 'group:backend', '--creators-add', 'user:bob', '--history', 'off']);
    expect(backend).toMatchObject({ allowed: [{ kind: 'group', label: 'backend' }], creators: [{ kind: 'user', label: 'bob' }], settings: { chatHistory: false } });
    expect(await json(['category', 'set', 'Engineering/Frontend', '--parent', 'Engineering/Backend'])).toMatchObject({ path: ['Engineering', 'Backend', 'Frontend'] });
    expect(await json(['category', 'set', 'Engineering/Backend/Frontend', '--top', '--name', 'Web', '--invitations', 'off'])).toMatchObject({ path: ['Web'], parentId: null });

    const tree = await json<{ path: string[] }[]>(['category', 'list']);
    expect(tree.map((c) => c.path.join('/'))).toEqual(['Engineering', 'Engineering/Backend', 'Web']);
    expect((await run(['category', 'list'])).out).toMatch(/^CATEGORY[^\n]*\nEngineering\s+0\s+group:engineering[^\n]*\n {2}Backend\s+0\s+group:backend\s+ou:ou=Legal/);
    expect((await run(['category', 'show', 'engineering/backend'])).out).toMatch(/settings:\s+invitations on, file upload off, chat history off/);
    expect(await run(['category', 'remove', 'Web'])).toMatchObject({ code: 0, out: 'removed category Web\n' });
  });

  it('refuses bad input with one line naming the field, and writes nothing', async () => {
    const before = await json(['category', 'list']);
    const settings = await json(['config', 'get']);
    await refused(['category', 'create', 'x'.repeat(257)], /name: Too big/);
    await refused(['category', 'create', 'engineering'], 'a category named "Engineering" already exists at the top level');
    await refused(['category', 'create', 'Backend', '--parent', 'Engineering'], /already exists in category "Engineering"/);
    await refused(['category', 'set', 'Engineering', '--parent', 'Engineering/Backend'], /parentId: .*cycle/);
    await refused(['category', 'create', 'Ops', '--parent', 'Operations'], '--parent: no category "Operations"');
    await refused(['category', 'show', 'Engineering/Nothing'], 'CATEGORY: no category "Engineering/Nothing"');
    await refused(['category', 'create', 'Ops', '--allowed', 'group:engineering', '--denied', 'bob'], /--denied: "bob" is not a principal/);
    await refused(['category', 'set', 'Engineering', '--allowed-add', 'user:id=not an id'], /--allowed-add: .*an id has only letters/);
    await refused(['category', 'create', 'Ops', '--allowed', 'user:nobody-at-all'], 'allowed.0: no user named "nobody-at-all"');
    await refused(['category', 'set', 'Engineering', '--description', 'd'.repeat(300), '--name', 'Eng'], /description: Too big/);
    await refused(['category', 'create', 'Ops', '--history', 'maybe'], /--history.*maybe/);
    await refused(['config', 'set', 'backchatSize=many'], 'backchatSize must be a whole number, got "many"');
    await refused(['config', 'set', 'maxFileSizeKb=100', 'backchatSize=1000'], /backchatSize: Too big/);
    await refused(['config', 'set', 'colour=red'], 'unknown setting "colour"');
    await refused(['policy', 'set', '--chat', 'off'], 'give exactly one of --global, --user USER or --group GROUP');
    await refused(['policy', 'set', '--user', 'alice', '--group', 'legal', '--chat', 'off'], 'give exactly one of');
    expect(await json(['category', 'list'])).toEqual(before);
    expect(await json(['config', 'get'])).toEqual(settings);
  });

  it('sets policies, server settings, add-ins and roles', async () => {
    await json(['policy', 'set', '--global', '--chat', 'on']);
    await json(['policy', 'set', '--group', 'legal', '--chat', 'off']);
    const policies = await json<unknown[]>(['policy', 'set', '--user', 'alice', '--chat', 'off']);
    expect(policies).toEqual(
      expect.arrayContaining([
        { target: { kind: 'global' }, persistentChatEnabled: true },
        { target: { kind: 'group', id: expect.any(String), label: 'legal' }, persistentChatEnabled: false },
        { target: { kind: 'user', id: expect.any(String), label: 'alice' }, persistentChatEnabled: false },
      ]),
    );
    expect(await json(['user', 'show', 'alice'])).toMatchObject({ persistentChatEnabled: false });
    expect(await json<unknown[]>(['policy', 'clear', '--user', 'alice'])).toHaveLength(2);
    expect(await json(['user', 'show', 'alice'])).toMatchObject({ persistentChatEnabled: true });
    expect((await run(['policy', 'list'])).out).toMatch(/^TARGET\s+CHAT\s+ID\nglobal\s+on\s+-\ngroup:legal\s+off/);

    expect(await json(['config', 'set', 'backchatSize=50', 'roomManagementUrl=https://rooms.example.com'])).toMatchObject({ backchatSize: 50, roomManagementUrl: 'https://rooms.example.com' });
    expect(await run(['config', 'get', 'backchatSize'])).toMatchObject({ code: 0, out: '50\n' });

    const wiki = await json<{ id: string }>(['addin', 'add', 'Wiki', 'https://wiki.example.com']);
    expect(await json(['addin', 'set', 'wiki', '--name', 'Team wiki'])).toEqual({ id: wiki.id, name: 'Team wiki', url: 'https://wiki.example.com' });
    await refused(['addin', 'add', 'Bad', 'ftp://files.example.com'], /url/);
    expect(await json(['addin', 'list'])).toEqual([{ id: wiki.id, name: 'Team wiki', url: 'https://wiki.example.com' }]);
    expect(await run(['addin', 'remove', wiki.id])).toMatchObject({ code: 0 });
    expect(await json(['addin', 'list'])).toEqual([]);

    await json(['role', 'grant', 'compliance-officer', '--user', 'alice']);
    const roles = await json(['role', 'grant', 'administrator', '--group', 'engineering']);
    expect(roles).toEqual(
      expect.arrayContaining([
        { role: 'compliance-officer', principal: expect.objectContaining({ kind: 'user', label: 'alice' }) },
        { role: 'administrator', principal: expect.objectContaining({ kind: 'group', label: 'engineering' }) },
      ]),
    );
    await refused(['role', 'grant', 'janitor', '--user', 'alice'], /janitor/);
    await json(['role', 'revoke', 'administrator', '--group', 'engineering']);
    await json(['role', 'revoke', 'compliance-officer', '--user', 'alice']);
    await refused(['role', 'revoke', 'administrator', '--user', 'admin'], 'at least one administrator must remain');
    expect(await json(['role', 'list'])).toEqual([{ role: 'administrator', principal: expect.objectContaining({ kind: 'user', label: 'admin' }) }]);
  });

  it('refreshes an expiring or refused access token, ends a replayed session, and signs out', async () => {
    type Stored = { sessions: Record<string, { accessToken: string; accessTokenExpiresAt: number; refreshToken: string }> };
    const stored = () => JSON.parse(readFileSync(credentials, 'utf8')) as Stored;
    const tamper = (change: Partial<Stored['sessions'][string]>) => {
      const data = stored();
      data.sessions[service.url] = { ...data.sessions[service.url]!, ...change };
      writeFileSync(credentials, JSON.stringify(data));
    };
    const first = stored().sessions[service.url]!.refreshToken;
    tamper({ accessTokenExpiresAt: 0 });
    expect(await json(['whoami'])).toMatchObject({ username: 'admin' });
    const second = stored().sessions[service.url]!.refreshToken;
    expect(second).not.toBe(first);
    tamper({ accessToken: 'not-a-token', accessTokenExpiresAt: Date.now() + 600_000 });
    expect(await json(['whoami'])).toMatchObject({ username: 'admin' });
    expect(stored().sessions[service.url]!.refreshToken).not.toBe(second);

    tamper({ refreshToken: second, accessTokenExpiresAt: 0 });
    await refused(['whoami'], /refresh token was already used.*parley login/);
    expect(await json(['logout'])).toEqual({ server: service.url, signedOut: true });
    expect(stored()).toEqual({ sessions: {} });
    await refused(['whoami'], 'not signed in: run "parley login --server URL --user NAME" first');
    expect(await run(['logout'])).toMatchObject({ code: 0, out: 'not signed in\n' });
  });
});
