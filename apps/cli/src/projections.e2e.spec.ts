import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ProjectionView, RebuildJob } from '@parley/contracts';
import { randomName, spawnService, startNats, tempDir, type SpawnedService, type TestNats } from '@parley/testing';
import { builtCli, runBuilt } from './built-cli.fixture';

const root = join(__dirname, '..', '..', '..');
const provisioningMain = join(root, 'apps/provisioning/dist/main.js');
const channelMain = join(root, 'apps/channel/dist/main.js');
const ADMIN_PASSWORD = 'e2e-admin-password-1';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * `parley projections` against running provisioning and channel services: the status of every
 * projection, and a rebuild of history while the channel server keeps serving it, started from the
 * command line with its progress shown; `parley-channel history rebuild` still works beside it.
 */
describe('parley projections against running services', () => {
  let nats: TestNats;
  let provisioning: SpawnedService;
  let channel: SpawnedService;
  const config = tempDir('parley-cli-projections-');
  const data = tempDir('parley-channel-data-');
  const namespace = randomName('proj');
  let serviceEnv: Record<string, string>;
  let token: string;
  let roomId: string;

  const parley = (args: readonly string[], input?: string) => runBuilt(builtCli, args, { PARLEY_CONFIG_DIR: config.path }, input);
  const json = async <T>(args: readonly string[], input?: string): Promise<T> => {
    const result = await parley([...args, '--json'], input);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
    return JSON.parse(result.out) as T;
  };
  const refused = async (args: readonly string[], reason: string | RegExp) => {
    const result = await parley(args);
    expect(result.code).toBe(1);
    expect(result.err.trimEnd().split('\n')).toHaveLength(1);
    expect(result.err).toMatch(reason);
  };
  /** The room's messages as the channel server's history API serves them (its status when not 200). */
  const history = async (): Promise<string[] | number> => {
    const response = await fetch(`${channel.url}/v1/rooms/${roomId}/history?limit=200`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) return response.status;
    return ((await response.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
  };

  beforeAll(async () => {
    nats = await startNats();
    const channelPort = await freePort();
    serviceEnv = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: namespace };
    provisioning = await spawnService(provisioningMain, { ...serviceEnv, PARLEY_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, PARLEY_PUBLIC_CHANNEL_URL: `http://127.0.0.1:${channelPort}` });
    channel = await spawnService(channelMain, { ...serviceEnv, PARLEY_HTTP_PORT: String(channelPort), PARLEY_INSTANCE_ID: 'channel-e2e', PARLEY_CHANNEL_DB: `sqlite:${join(data.path, 'history.sqlite')}` });
    await json(['login', '--server', provisioning.url, '--user', 'admin', '--password-stdin'], ADMIN_PASSWORD);
    const login = await fetch(`${provisioning.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    token = ((await login.json()) as { accessToken: string }).accessToken;
    await json(['category', 'create', 'General', '--allowed', 'everyone']);
    roomId = (await json<{ id: string }>(['room', 'create', 'Lobby', '--category', 'General'])).id;
    for (const text of ['one', 'two', 'three']) expect(await parley(['post', '--room', roomId, text])).toMatchObject({ code: 0, err: '' });
  });

  afterAll(async () => {
    await Promise.all([channel?.stop(), provisioning?.stop()]);
    await nats?.stop();
    config.remove();
    data.remove();
  });

  it('lists each projection with the instances that keep it', async () => {
    const projections = await json<ProjectionView[]>(['projections', 'list']);
    expect(projections.map((p) => [p.name, p.service, p.instances.map((i) => i.instanceId)])).toEqual([
      ['history', 'channel', ['channel-e2e']],
      ['files', 'files', []],
      ['provisioning', 'provisioning', [expect.any(String)]],
    ]);
    const { out } = await parley(['projections', 'list']);
    expect(out).toMatch(/^PROJECTION\s+SERVICE\s+INSTANCE\s+STATE\s+POSITION\s+LAG\s+REBUILD\nhistory\s+channel\s+channel-e2e\s+(live|catching-up)\s+\d+\s+/);
    expect(out).toMatch(/^files\s+files\s+\(none answered\)/m);
  });

  it('refuses, in one line, what it cannot rebuild', async () => {
    await refused(['projections', 'rebuild'], /^parley: name the projection to rebuild \(history, files, provisioning\), or give --all/);
    await refused(['projections', 'rebuild', 'histroy'], /^parley: no projection "histroy"; the projections are history, files, provisioning\n$/);
    await refused(['projections', 'rebuild', 'files'], /^parley: no instance of the files service answered, to rebuild files \(is it running\?\)/);
  });

  it('rebuilds history while the channel server serves it, showing progress, and goes on projecting afterwards', async () => {
    const before = await history();
    expect(before).toEqual(['one', 'two', 'three']);
    // Someone reads history all along the rebuild.
    let reading = true;
    const served: (string[] | number)[] = [];
    const reader = (async () => {
      while (reading) served.push(await history());
    })();
    const rebuilt = await parley(['projections', 'rebuild', 'history']);
    reading = false;
    await reader;
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.err).toMatch(/^rebuilding history on channel-e2e: [\d,]+ of [\d,]+ events \(\d+%\), [\d,]+ events\/s\n/);
    expect(rebuilt.out).toMatch(/^history rebuilt on channel-e2e: [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)\n$/);
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((page) => JSON.stringify(page) !== JSON.stringify(before))).toEqual([]);

    // --json: a line per report, the last the result, which holds the whole log.
    const result = await parley(['projections', 'rebuild', 'history', '--json']);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
    const last = JSON.parse(result.out.trimEnd().split('\n').at(-1)!) as RebuildJob;
    expect(last).toMatchObject({ projection: 'history', instanceId: 'channel-e2e', state: 'done', error: null });
    expect(last.applied).toBe(last.target);

    expect(await parley(['post', '--room', roomId, 'four'])).toMatchObject({ code: 0, err: '' });
    const deadline = Date.now() + 20_000;
    while (JSON.stringify(await history()) !== JSON.stringify(['one', 'two', 'three', 'four']) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await history()).toEqual(['one', 'two', 'three', 'four']);
    const [projection] = await json<ProjectionView[]>(['projections', 'list']);
    expect(projection!.rebuild).toMatchObject({ id: last.id, state: 'done' });
  });

  it('rebuilds the provisioning projection the admin API reads, which then answers as before', async () => {
    const users = await json<unknown>(['user', 'list']);
    const result = await parley(['projections', 'rebuild', 'provisioning', '--json']);
    expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(result.out.trimEnd().split('\n').at(-1)!)).toMatchObject({ projection: 'provisioning', state: 'done' });
    expect(await json<unknown>(['user', 'list'])).toEqual(users);
    expect(await json(['user', 'create', 'dora', '--password-stdin'], 'dora-password-1')).toMatchObject({ username: 'dora' });
    expect(await json(['user', 'show', 'dora'])).toMatchObject({ username: 'dora' });
  });

  it('keeps `parley-channel history rebuild` working beside the running server', async () => {
    const tool = await runBuilt(channelMain, ['history', 'rebuild'], { ...serviceEnv, PARLEY_LOG_LEVEL: 'warn', PARLEY_CHANNEL_DB: `sqlite:${join(data.path, 'history.sqlite')}` });
    expect(tool.code).toBe(0);
    expect(JSON.parse(tool.out.trimEnd().split('\n').at(-1)!)).toMatchObject({ rebuilt: 'history', streamSeq: expect.any(Number) });
    expect(await history()).toEqual(['one', 'two', 'three', 'four']);
  });
});
