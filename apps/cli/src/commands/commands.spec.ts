import { items, runCli } from '../cli.fixture.js';

const view = (id: string, path: string[], parentId: string | null) => ({
  id,
  name: path.at(-1)!,
  description: '',
  parentId,
  path,
  allowed: [],
  denied: [],
  creators: [],
  settings: { invitations: true, fileUpload: true, chatHistory: true },
  roomCount: 0,
  childCount: 0,
});
const engineering = view('c-eng', ['Engineering'], null);
const backend = view('c-back', ['Engineering', 'Backend'], 'c-eng');

function categories() {
  return {
    list: jest.fn(() => Promise.resolve([engineering, backend])),
    create: jest.fn(() => Promise.resolve(backend)),
    update: jest.fn(() => Promise.resolve(backend)),
  };
}

describe('parley commands turn their arguments into API requests', () => {
  it('category create: parent by path, scopes by principal, settings by on/off', async () => {
    const api = { categories: categories() };
    const { code, out } = await runCli(
      ['category', 'create', 'Drafts', '--parent', 'engineering/BACKEND', '--allowed', 'group:eng', '--allowed', 'user:id=u-1', '--denied', 'ou:OU=Legal,DC=corp', '--creators', 'everyone', '--invitations', 'off', '--history', 'on', '--json'],
      api,
    );
    expect(code).toBe(0);
    expect(api.categories.create).toHaveBeenCalledWith({
      name: 'Drafts',
      description: undefined,
      parentId: 'c-back',
      allowed: [{ kind: 'group', name: 'eng' }, { kind: 'user', id: 'u-1' }],
      denied: [{ kind: 'ou', id: 'OU=Legal,DC=corp' }],
      creators: [{ kind: 'everyone' }],
      settings: { invitations: false, chatHistory: true },
    });
    expect(JSON.parse(out)).toEqual(backend);
  });

  it('category set: list changes per scope, a move to the top, settings', async () => {
    const api = { categories: categories() };
    expect((await runCli(['category', 'set', 'c-back', '--top', '--allowed-add', 'everyone', '--denied-remove', 'user:bob', '--denied-remove', 'group:legal', '--file-upload', 'off'], api)).code).toBe(0);
    expect(api.categories.update).toHaveBeenCalledWith('c-back', {
      name: undefined,
      description: undefined,
      parentId: null,
      settings: { fileUpload: false },
      allowed: { add: [{ kind: 'everyone' }], remove: [] },
      denied: { add: [], remove: [{ kind: 'user', name: 'bob' }, { kind: 'group', name: 'legal' }] },
    });
  });

  it('a malformed principal is refused before anything is sent', async () => {
    const api = { categories: categories() };
    const { code, err, context } = await runCli(['category', 'create', 'Ops', '--allowed', 'group:eng', '--creators', 'alice'], api);
    expect(code).toBe(1);
    expect(err).toBe('parley: --creators: "alice" is not a principal: it has no kind (write user:NAME, group:NAME, user:id=ID, group:id=ID, ou:DN or everyone)\n');
    expect(context.client).not.toHaveBeenCalled();
  });

  it('a missing category is named with the option that named it', async () => {
    const api = { categories: categories() };
    expect((await runCli(['category', 'set', 'Engineering', '--parent', 'Sales/EMEA'], api)).err).toBe('parley: --parent: no category "Sales/EMEA" (give a path like Engineering/Backend, or an id)\n');
    expect(api.categories.update).not.toHaveBeenCalled();
  });

  it('user list: filters and paging as the API takes them', async () => {
    const api = { users: { list: jest.fn(() => Promise.resolve({ items: [], next: null })), all: jest.fn(items()) } };
    await runCli(['user', 'list', '--query', 'ali', '--source', 'directory', '--disabled', '--limit', '10'], api);
    expect(api.users.list).toHaveBeenCalledWith({ q: 'ali', source: 'directory', enabled: false, limit: 10 });
    await runCli(['user', 'list', '--all', '--enabled'], api);
    expect(api.users.all).toHaveBeenCalledWith({ q: undefined, source: undefined, enabled: true, limit: 500 });
  });

  it('user commands find the user by name, in any case, or by id', async () => {
    const alice = { id: 'dir-1', username: 'alice' };
    const found = (...users: object[]) => () => Promise.resolve({ items: users, next: null });
    const api = { users: { list: jest.fn(found(alice)), get: jest.fn(() => Promise.resolve(alice)), disable: jest.fn(() => Promise.resolve({ ...alice, enabled: false, roles: [] })) } };
    await runCli(['user', 'disable', 'Alice'], api);
    expect(api.users.list).toHaveBeenCalledWith({ username: 'alice', limit: 1 });
    expect(api.users.disable).toHaveBeenCalledWith('dir-1');
    api.users.list.mockImplementation(found());
    await runCli(['user', 'disable', 'dir-1'], api);
    expect(api.users.get).toHaveBeenCalledWith('dir-1');
  });

  it('user create and password read a password from standard input only when asked', async () => {
    const api = {
      users: {
        create: jest.fn(() => Promise.resolve({ username: 'dora', roles: [] })),
        list: jest.fn(() => Promise.resolve({ items: [{ id: 'loc-1', username: 'dora' }], next: null })),
        setPassword: jest.fn(() => Promise.resolve({})),
      },
    };
    const generated = await runCli(['user', 'create', 'dora', '--display-name', 'Dora'], api);
    expect(generated.context.password).not.toHaveBeenCalled();
    expect(api.users.create).toHaveBeenLastCalledWith({ username: 'dora', displayName: 'Dora', email: undefined, password: undefined });
    const given = await runCli(['user', 'password', 'dora', '--password-stdin'], api);
    expect(given.context.password).toHaveBeenCalledWith({ stdin: true, prompt: '' });
    expect(api.users.setPassword).toHaveBeenCalledWith('loc-1', 'typed-password');
  });

  it('group set: members added and removed by principal', async () => {
    const api = { groups: { all: jest.fn(items({ id: 'g-1', name: 'reviewers' })), update: jest.fn(() => Promise.resolve({ name: 'r', members: [] })) } };
    await runCli(['group', 'set', 'reviewers', '--add', 'user:bob', '--add', 'group:id=g-2', '--remove', 'user:alice', '--json'], api);
    expect(api.groups.update).toHaveBeenCalledWith('g-1', { name: undefined, description: undefined, members: { add: [{ kind: 'user', name: 'bob' }, { kind: 'group', id: 'g-2' }], remove: [{ kind: 'user', name: 'alice' }] } });
  });

  it('a group name two groups share must be given by id', async () => {
    const api = { groups: { all: jest.fn(items({ id: 'dir-9', name: 'Legal' }, { id: 'g-3', name: 'legal' })) } };
    expect((await runCli(['group', 'show', 'legal'], api)).err).toBe('parley: GROUP: 2 groups are named "legal": name one by id (dir-9, g-3)\n');
  });

  it('policy set and clear: one target, resolved to its id', async () => {
    const api = { groups: { all: jest.fn(items({ id: 'g-legal', name: 'legal' })) }, policies: { set: jest.fn(() => Promise.resolve([])), clear: jest.fn(() => Promise.resolve([])) } };
    await runCli(['policy', 'set', '--group', 'legal', '--chat', 'off'], api);
    expect(api.policies.set).toHaveBeenCalledWith({ kind: 'group', id: 'g-legal' }, false);
    await runCli(['policy', 'clear', '--global'], api);
    expect(api.policies.clear).toHaveBeenCalledWith({ kind: 'global' });
    expect((await runCli(['policy', 'set', '--global'], api)).err).toBe("parley: required option '--chat <on|off>' not specified\n");
  });

  it('config set: typed values, checked before sending', async () => {
    const api = { config: { update: jest.fn(() => Promise.resolve({ backchatSize: 50, maxFileSizeKb: 1, participantUpdateLimit: 1, roomManagementUrl: '' })) } };
    await runCli(['config', 'set', 'backchatSize=50', 'roomManagementUrl=', 'maxFileSizeKb=-3'], api);
    expect(api.config.update).toHaveBeenCalledWith({ backchatSize: 50, roomManagementUrl: '', maxFileSizeKb: -3 });
    expect((await runCli(['config', 'set', 'backchatSize'], api)).err).toBe('parley: write settings as KEY=VALUE, got "backchatSize"\n');
    expect((await runCli(['config', 'set', 'participantUpdateLimit=1e3'], api)).err).toBe('parley: participantUpdateLimit must be a whole number, got "1e3"\n');
    expect((await runCli(['config', 'get', 'colour'], api)).err).toBe('parley: unknown setting "colour" (one of backchatSize, maxFileSizeKb, participantUpdateLimit, roomManagementUrl)\n');
    expect(api.config.update).toHaveBeenCalledTimes(1);
  });

  it('role grant: the role checked here, the holder resolved', async () => {
    const api = { users: { list: jest.fn(() => Promise.resolve({ items: [{ id: 'dir-c', username: 'carol' }], next: null })) }, roles: { grant: jest.fn(() => Promise.resolve([])) } };
    await runCli(['role', 'grant', 'compliance-officer', '--user', 'carol'], api);
    expect(api.roles.grant).toHaveBeenCalledWith('compliance-officer', { kind: 'user', id: 'dir-c' });
    expect((await runCli(['role', 'grant', 'compliance-officer', '--global'], api)).err).toBe("parley: unknown option '--global'\n");
  });

  it('login: the password from the terminal or standard input, then this server becomes the default', async () => {
    const session = { login: jest.fn(() => Promise.resolve({ username: 'admin', roles: ['administrator'] })) };
    const { out, context } = await runCli(['login', '--server', 'https://chat.example.com', '--user', 'admin'], { session }, { server: jest.fn(() => Promise.resolve('https://chat.example.com')) });
    expect(context.password).toHaveBeenCalledWith({ stdin: false, prompt: 'Password for admin at https://chat.example.com: ' });
    expect(session.login).toHaveBeenCalledWith('admin', 'typed-password');
    expect(context.useServer).toHaveBeenCalledWith('https://chat.example.com');
    expect(out).toBe('signed in to https://chat.example.com as admin (administrator)\n');
  });

  it('login: --server is needed the first time', async () => {
    const { err, context } = await runCli(['login', '--user', 'admin'], {}, { server: jest.fn(() => Promise.resolve(undefined)) });
    expect(err).toBe('parley: --server is required: the URL of the Parley server, e.g. https://chat.example.com\n');
    expect(context.password).not.toHaveBeenCalled();
  });
});
