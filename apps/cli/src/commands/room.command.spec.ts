import { NotFoundError } from '@parley/contracts';
import { runCli } from '../cli.fixture.js';

const category = (id: string, path: string[]) => ({ id, name: path.at(-1)!, path, parentId: null });
const view = {
  id: 'r-1',
  uri: 'parley://room/r-1',
  categoryId: 'c-back',
  name: 'Standup',
  description: '',
  privacy: 'closed',
  roomType: 'normal',
  invitations: 'inherit',
  addinId: 'a-wiki',
  disclaimer: '',
  members: [{ kind: 'user', id: 'u-alice', label: 'alice' }],
  managers: [{ kind: 'group', id: 'g-leads', label: 'leads' }],
  presenters: [],
  disabled: false,
};

function fakeApi() {
  return {
    categories: { list: jest.fn(() => Promise.resolve([category('c-eng', ['Engineering']), category('c-back', ['Engineering', 'Backend'])])) },
    addins: { list: jest.fn(() => Promise.resolve([{ id: 'a-wiki', name: 'Wiki', url: 'https://wiki.example.com' }])) },
    rooms: {
      list: jest.fn(() => Promise.resolve([{ id: 'r-1', uri: 'parley://room/r-1', categoryId: 'c-back', categoryPath: ['Engineering', 'Backend'], name: 'Standup' }])),
      get: jest.fn(() => Promise.resolve(view)),
      create: jest.fn(() => Promise.resolve(view)),
      update: jest.fn(() => Promise.resolve(view)),
      disable: jest.fn(() => Promise.resolve({ ...view, disabled: true })),
      remove: jest.fn(() => Promise.resolve()),
    },
  };
}

describe('parley room turns its arguments into room requests', () => {
  it('create: category and add-in by name, settings, and roles by principal', async () => {
    const api = fakeApi();
    const { code, out } = await runCli(
      ['room', 'create', 'Standup', '--category', 'engineering/backend', '--description', 'daily', '--privacy', 'closed', '--type', 'auditorium', '--invitations', 'off', '--addin', 'WIKI', '--disclaimer', 'Recorded.',
        '--members', 'user:alice', '--members', 'group:id=g-1', '--managers', 'group:leads', '--presenters', 'ou:ou=Ops,dc=corp', '--json'],
      api,
    );
    expect(code).toBe(0);
    expect(api.rooms.create).toHaveBeenCalledWith({
      categoryId: 'c-back',
      name: 'Standup',
      description: 'daily',
      privacy: 'closed',
      roomType: 'auditorium',
      invitations: 'off',
      addinId: 'a-wiki',
      disclaimer: 'Recorded.',
      members: [{ kind: 'user', name: 'alice' }, { kind: 'group', id: 'g-1' }],
      managers: [{ kind: 'group', name: 'leads' }],
      presenters: [{ kind: 'ou', id: 'ou=Ops,dc=corp' }],
    });
    expect(JSON.parse(out)).toEqual(view);
  });

  it('create and show print the room’s path, id and URI for people', async () => {
    const api = fakeApi();
    const { out } = await runCli(['room', 'create', 'Standup', '--category', 'c-back'], api);
    expect(api.rooms.create).toHaveBeenCalledWith({ categoryId: 'c-back', name: 'Standup', members: [], managers: [], presenters: [] });
    expect(out).toMatch(/^room:\s+Engineering\/Backend\/Standup\nid:\s+r-1\nuri:\s+parley:\/\/room\/r-1\n/);
    expect(out).toMatch(/add-in:\s+Wiki\n[\s\S]*members:\s+user:alice\nmanagers:\s+group:leads\npresenters:\s+-\n$/);
    expect((await runCli(['room', 'show', 'Engineering/Backend/Standup'], api)).out).toMatch(/^room:\s+Engineering\/Backend\/Standup\nid:\s+r-1/);
    expect(api.rooms.get).toHaveBeenLastCalledWith('r-1');
  });

  it('set: only what was given, with --no-addin, a move, and role changes', async () => {
    const api = fakeApi();
    await runCli(['room', 'set', 'parley://room/r-1', '--name', 'Daily', '--no-addin', '--category', 'Engineering', '--members-add', 'user:bob', '--presenters-remove', 'group:old', '--json'], api);
    expect(api.rooms.update).toHaveBeenCalledWith('r-1', {
      name: 'Daily',
      categoryId: 'c-eng',
      addinId: null,
      members: { add: [{ kind: 'user', name: 'bob' }], remove: [] },
      presenters: { add: [], remove: [{ kind: 'group', name: 'old' }] },
    });
    await runCli(['room', 'set', 'r-1', '--privacy', 'open', '--addin', 'a-wiki'], api);
    expect(api.rooms.update).toHaveBeenLastCalledWith('r-1', { privacy: 'open', addinId: 'a-wiki' });
  });

  it('refuses a malformed principal or setting before anything is sent', async () => {
    const api = fakeApi();
    const bad = await runCli(['room', 'set', 'r-1', '--managers-add', 'alice'], api);
    expect(bad).toMatchObject({ code: 1, err: 'parley: --managers-add: "alice" is not a principal: it has no kind (write user:NAME, group:NAME, user:id=ID, group:id=ID, ou:DN or everyone)\n' });
    expect(bad.context.client).not.toHaveBeenCalled();
    expect((await runCli(['room', 'create', 'X', '--category', 'c-eng', '--privacy', 'hidden'], api)).err).toMatch(/^parley: option '--privacy <privacy>' argument 'hidden' is invalid/);
    expect((await runCli(['room', 'create', 'X'], api)).err).toBe("parley: required option '--category <category>' not specified\n");
    expect((await runCli(['room', 'create', 'X', '--category', 'Sales'], api)).err).toBe('parley: --category: no category "Sales" (give a path like Engineering/Backend, or an id)\n');
    expect(api.rooms.create).not.toHaveBeenCalled();
    expect(api.rooms.update).not.toHaveBeenCalled();
  });

  it('list filters by category and name; members lists every role', async () => {
    const api = fakeApi();
    expect((await runCli(['room', 'list', '--category', 'Engineering/Backend', '--query', 'stand'], api)).out).toMatch(/^ROOM\s+ID\nEngineering\/Backend\/Standup\s+r-1\n$/);
    expect(api.rooms.list).toHaveBeenCalledWith({ categoryId: 'c-back', q: 'stand' });
    expect((await runCli(['room', 'members', 'r-1'], api)).out).toMatch(/^ROLE\s+PRINCIPAL\s+ID\nmember\s+user:alice\s+u-alice\nmanager\s+group:leads\s+g-leads\n$/);
    expect(JSON.parse((await runCli(['room', 'members', 'r-1', '--json'], api)).out)).toEqual({ members: view.members, managers: view.managers, presenters: [] });
  });

  it('disable and remove find the room first, and say what they did', async () => {
    const api = fakeApi();
    expect((await runCli(['room', 'disable', 'r-1'], api)).out).toBe('disabled room Standup (r-1)\n');
    expect(api.rooms.disable).toHaveBeenCalledWith('r-1');
    expect(JSON.parse((await runCli(['room', 'remove', 'r-1', '--json'], api)).out)).toEqual({ removed: 'r-1' });
    api.rooms.get.mockImplementation(() => Promise.reject(new NotFoundError('no room gone')));
    expect((await runCli(['room', 'remove', 'gone'], api)).err).toBe('parley: ROOM: no room "gone" (give its id, its parley://room/ID URI, or its path like Engineering/Backend/Standup)\n');
  });
});
