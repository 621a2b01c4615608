import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { randomName, spawnService, startNats, tempDir, until, type SpawnedService, type TestNats } from '@parley/testing';
import { builtCli, parley } from './built-cli.fixture';

const root = join(__dirname, '..', '..', '..');
const provisioningMain = join(root, 'apps/provisioning/dist/main.js');
const channelMain = join(root, 'apps/channel/dist/main.js');
const ADMIN_PASSWORD = 'e2e-admin-password-1';
const USER_PASSWORD = 'e2e-user-password-1';

/** A port free now, for a channel server that must come back on the same address. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface TailLine {
  type: string;
  seq?: number;
  event?: { type: string; seq: number; data: { text: string; alert: boolean; story: { title: string; body: string } | null } };
}

/**
 * Rooms through the admin API and live chat through channel servers, all driven by the built
 * `parley`: an administrator sets a room up, one user tails it while another posts, and the tail
 * survives its channel server dying, printing every message once, in order.
 */
describe('parley rooms and live chat against real provisioning and channel services', () => {
  let nats: TestNats;
  let provisioning: SpawnedService;
  const channels: SpawnedService[] = [];
  let channelPort: number;
  const env = () => ({ PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: namespace });
  const namespace = randomName('cli');
  const dirs = { admin: tempDir('parley-admin-'), alice: tempDir('parley-alice-'), bob: tempDir('parley-bob-'), mallory: tempDir('parley-mallory-') };
  let tail: ChildProcess | undefined;
  let room: { id: string; uri: string };

  const as = (who: keyof typeof dirs) => ({
    run: (args: readonly string[], input?: string) => parley(dirs[who].path, args, input),
    /** Runs a command with --json; it must succeed and print nothing on stderr. */
    json: async <T = Record<string, unknown>>(args: readonly string[], input?: string): Promise<T> => {
      const result = await parley(dirs[who].path, [...args, '--json'], input);
      expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
      return JSON.parse(result.out) as T;
    },
  });
  const admin = as('admin');
  /** Runs an administrator's command that must fail: exit 1 and one line on stderr matching `reason`. */
  const refused = async (args: readonly string[], reason: string | RegExp, who: keyof typeof dirs = 'admin') => {
    const result = await as(who).run(args);
    expect(result.code).toBe(1);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/^parley: /);
    expect(result.err).toMatch(reason);
  };
  const startChannel = async (port: number) => {
    const started = await spawnService(channelMain, { ...env(), PARLEY_HTTP_PORT: String(port) });
    channels.push(started);
    return started;
  };

  beforeAll(async () => {
    nats = await startNats();
    channelPort = await freePort();
    provisioning = await spawnService(provisioningMain, { ...env(), PARLEY_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, PARLEY_PUBLIC_CHANNEL_URL: `http://127.0.0.1:${channelPort}` });
    await startChannel(channelPort);
    await admin.json(['login', '--server', provisioning.url, '--user', 'admin', '--password-stdin'], ADMIN_PASSWORD);
    for (const user of ['alice', 'bob', 'mallory'] as const) {
      await admin.json(['user', 'create', user, '--password-stdin'], USER_PASSWORD);
      await as(user).json(['login', '--server', provisioning.url, '--user', user, '--password-stdin'], USER_PASSWORD);
    }
  });

  afterAll(async () => {
    tail?.kill('SIGKILL');
    await Promise.all(channels.map((c) => c.stop()));
    await provisioning?.stop();
    await nats?.stop();
    for (const dir of Object.values(dirs)) dir.remove();
  });

  it('lets an administrator create a room with members, show it by path, id or URI, and change it', async () => {
    await admin.json(['category', 'create', 'General', '--allowed', 'everyone', '--denied', 'user:mallory']);
    room = await admin.json<{ id: string; uri: string }>(['room', 'create', 'Lobby', '--category', 'general', '--privacy', 'closed', '--members', 'user:alice', '--members', 'user:bob', '--description', 'Say hi']);
    expect(room).toMatchObject({ uri: `parley://room/${room.id}`, name: 'Lobby', privacy: 'closed', members: [{ kind: 'user', label: 'alice' }, { kind: 'user', label: 'bob' }], managers: [{ kind: 'user', label: 'admin' }] });
    const created = await admin.run(['room', 'create', 'Water cooler', '--category', 'General']);
    expect(created.out).toMatch(/^room:\s+General\/Water cooler\nid:\s+\S+\nuri:\s+parley:\/\/room\/\S+\n/);

    expect(await admin.json(['room', 'show', 'General/LOBBY'])).toEqual(await admin.json(['room', 'show', room.uri]));
    expect(/^uri:\s+(\S+)$/m.exec((await admin.run(['room', 'show', room.id])).out)?.[1]).toBe(room.uri);
    const changed = await admin.json(['room', 'set', 'General/Lobby', '--description', 'Say hello', '--managers-add', 'user:alice', '--members-remove', 'user:bob', '--type', 'normal']);
    expect(changed).toMatchObject({ description: 'Say hello', managers: [{ label: 'admin' }, { label: 'alice' }], members: [{ label: 'alice' }] });
    await admin.json(['room', 'set', room.uri, '--members-add', 'user:bob']);
    expect((await admin.run(['room', 'members', room.id])).out).toMatch(/^ROLE\s+PRINCIPAL\s+ID\nmember\s+user:alice\s+\S+\nmember\s+user:bob\s+\S+\nmanager\s+user:admin\s+\S+\nmanager\s+user:alice\s+\S+\n$/);
    expect((await admin.json<{ name: string }[]>(['room', 'list', '--category', 'General', '--query', 'lob'])).map((r) => r.name)).toEqual(['Lobby']);
    expect(await admin.json(['room', 'disable', 'General/Lobby'])).toMatchObject({ disabled: true });
    expect(await admin.json(['room', 'enable', 'General/Lobby'])).toMatchObject({ disabled: false });
    expect(await admin.run(['room', 'remove', 'General/Water cooler'])).toMatchObject({ code: 0, out: expect.stringMatching(/^removed room Water cooler/) });
  });

  it('refuses bad input with one line naming the field, and creates nothing', async () => {
    const before = await admin.json(['room', 'list']);
    await refused(['room', 'create', 'x'.repeat(257), '--category', 'General'], /name: Too big/);
    await refused(['room', 'create', 'lobby', '--category', 'General'], 'name: a room named "Lobby" already exists in category "General"');
    await refused(['room', 'create', 'Ops', '--category', 'Nowhere'], '--category: no category "Nowhere"');
    await refused(['room', 'create', 'Ops', '--category', 'General', '--members', 'user:mallory'], /members\.0: .*mallory.* is denied in category "General"/);
    await refused(['room', 'create', 'Ops', '--category', 'General', '--members', 'user:nobody-at-all'], 'members.0: no user named "nobody-at-all"');
    await refused(['room', 'create', 'Ops', '--category', 'General', '--managers', 'alice'], /--managers: "alice" is not a principal/);
    await refused(['room', 'set', 'General/Nowhere', '--name', 'X'], 'ROOM: no room "General/Nowhere"');
    await refused(['room', 'list'], 'this needs the administrator role', 'alice');
    expect(await admin.json(['room', 'list'])).toEqual(before);
  });

  it('tails a room while another user posts: each message once, in order, through a channel server’s death', async () => {
    const lines: TailLine[] = [];
    let tailErr = '';
    tail = spawn(process.execPath, [builtCli, 'tail', '--room', room.id, '--json'], { env: { ...process.env, PARLEY_CONFIG_DIR: dirs.bob.path } });
    let pending = '';
    tail.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) lines.push(JSON.parse(line) as TailLine);
    });
    tail.stderr!.on('data', (chunk: Buffer) => (tailErr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => tail!.once('exit', (code) => resolve(code)));
    await until(() => lines.some((l) => l.type === 'joined'), 20_000, 'the tail joined');

    const alice = as('alice');
    const seqs: number[] = [];
    const post = async (args: readonly string[], input?: string) => {
      const result = await alice.run(['post', ...args], input);
      expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
      seqs.push(Number(result.out));
    };
    const posted = () => lines.filter((l) => l.event?.type === 'MessagePosted');

    await post(['--room', room.uri, 'hello, room']);
    await post(['--room', room.id, '--alert', 'fire drill at noon']);
    await post(['--room', room.id, '--story-title', 'Release notes', '-'], 'Faster search.\nFewer bugs.\n');
    await until(() => posted().length === 3, 20_000, 'three messages tailed');
    expect(posted().map((l) => l.event!.data)).toEqual([
      expect.objectContaining({ text: 'hello, room', alert: false, story: null }),
      expect.objectContaining({ text: 'fire drill at noon', alert: true }),
      expect.objectContaining({ text: 'Faster search.', story: { title: 'Release notes', body: 'Faster search.\nFewer bugs.' } }),
    ]);

    await channels[0]!.crash();
    // Another channel server takes posts while the tail's is gone; the tail comes back on a new one at its old address.
    const standIn = await startChannel(0);
    await post(['--room', room.id, '--channel', standIn.url, 'posted while you were away']);
    await post(['--room', room.id, '--channel', standIn.url, 'and this too']);
    await startChannel(channelPort);
    await post(['--room', room.id, 'welcome back']);
    await until(() => posted().length === 6, 30_000, 'six messages tailed');

    expect(posted().map((l) => l.event!.data.text)).toEqual(['hello, room', 'fire drill at noon', 'Faster search.', 'posted while you were away', 'and this too', 'welcome back']);
    expect(posted().map((l) => l.seq)).toEqual(seqs);
    const every = lines.flatMap((l) => (l.type === 'event' ? [l.seq!] : []));
    expect(every).toEqual([...new Set(every)].sort((a, b) => a - b));
    expect(tailErr).toMatch(/reconnecting in [\d.]+ s[\s\S]*parley: reconnected/);

    tail.kill('SIGINT');
    expect(await exited).toBe(0);
    tail = undefined;
  });

  it('refuses a post from someone who may not be in the room', async () => {
    await refused(['post', '--room', room.id, 'let me in'], /room: no room|may not enter room "Lobby"/, 'mallory');
  });
});
