import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomName, spawnService, startNats, tempDir, until, type SpawnedService, type TestNats } from '@parley/testing';
import { parley } from './built-cli.fixture';

const root = join(__dirname, '..', '..', '..');
const main = (service: string) => join(root, 'apps', service, 'dist', 'main.js');
const ADMIN_PASSWORD = 'e2e-admin-password-1';
const USER_PASSWORD = 'e2e-user-password-1';

/** The status of a chunked upload of one byte that declares `size` bytes: 413 above the files service's limit, 400 (not that size) below. */
function probe(url: string, token: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}&size=${size}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.end('x');
  });
}

/** Posting, listing and downloading files with the built `parley`, against real services found through GET /v1/endpoints. */
describe('parley file against real provisioning, channel and files services', () => {
  let nats: TestNats;
  let files: SpawnedService;
  const services: SpawnedService[] = [];
  const dirs = { admin: tempDir('parley-admin-'), alice: tempDir('parley-alice-'), bob: tempDir('parley-bob-'), work: tempDir('parley-work-') };
  let room: string;
  const as = (who: 'admin' | 'alice' | 'bob') => ({
    run: (args: readonly string[], input?: string | Buffer) => parley(dirs[who].path, args, input),
    json: async <T = Record<string, unknown>>(args: readonly string[], input?: string | Buffer): Promise<T> => {
      const result = await parley(dirs[who].path, [...args, '--json'], input);
      expect({ code: result.code, err: result.err }).toEqual({ code: 0, err: '' });
      return JSON.parse(result.out) as T;
    },
  });
  const work = (name: string) => join(dirs.work.path, name);

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('cf') };
    const [started, channel] = await Promise.all([spawnService(main('files'), env), spawnService(main('channel'), env)]);
    files = started;
    services.push(files, channel);
    const provisioning = await spawnService(main('provisioning'), { ...env, PARLEY_INITIAL_ADMIN_PASSWORD: ADMIN_PASSWORD, PARLEY_PUBLIC_CHANNEL_URL: channel.url, PARLEY_PUBLIC_FILES_URL: files.url });
    services.push(provisioning);
    await as('admin').json(['login', '--server', provisioning.url, '--user', 'admin', '--password-stdin'], ADMIN_PASSWORD);
    for (const user of ['alice', 'bob'] as const) {
      await as('admin').json(['user', 'create', user, '--password-stdin'], USER_PASSWORD);
      await as(user).json(['login', '--server', provisioning.url, '--user', user, '--password-stdin'], USER_PASSWORD);
    }
    await as('admin').json(['category', 'create', 'General', '--allowed', 'everyone']);
    room = (await as('admin').json<{ id: string }>(['room', 'create', 'Team', '--category', 'General', '--privacy', 'closed', '--members', 'user:alice']))['id'];
  }, 60_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await nats?.stop();
    for (const dir of Object.values(dirs)) dir.remove();
  });

  it('posts a file and gives it back byte for byte, under its own name or another', async () => {
    const content = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 10)) % 256));
    writeFileSync(work('data.bin'), content);
    const posted = await as('alice').json<{ id: string; name: string; size: number; sha256: string }>(['file', 'upload', '--room', `parley://room/${room}`, '--caption', 'raw data', work('data.bin')]);
    expect(posted).toMatchObject({ name: 'data.bin', size: content.length, sha256: createHash('sha256').update(content).digest('hex'), caption: 'raw data' });
    const saved = await as('alice').run(['file', 'download', posted.id, '-o', work('copy.bin')]);
    expect(saved).toMatchObject({ code: 0, out: expect.stringMatching(/^saved .*copy\.bin \(293\.0 KB, SHA-256 [0-9a-f]{64}\)\n$/) });
    expect(readFileSync(work('copy.bin')).equals(content)).toBe(true);
    const refused = await as('alice').run(['file', 'download', posted.id, '-o', work('copy.bin')]);
    expect(refused).toMatchObject({ code: 1, err: `parley: ${work('copy.bin')} exists: give another name with -o, or --force to replace it\n` });
  });

  it('posts from standard input and writes a download to standard output', async () => {
    const posted = await as('alice').json<{ id: string; contentType: string }>(['file', 'upload', '--room', room, '--name', 'notes.md', '-'], '# Notes\n\nship it\n');
    expect(posted.contentType).toBe('text/markdown');
    expect(await as('alice').run(['file', 'download', posted.id, '-o', '-'])).toMatchObject({ code: 0, out: '# Notes\n\nship it\n' });
    const list = await as('alice').run(['file', 'list', '--room', room]);
    expect(list.out).toMatch(/^SEQ +NAME +SIZE +TYPE +BY +POSTED +ID\n\d+ +notes\.md +17 B +text\/markdown +alice .*\n\d+ +data\.bin +293\.0 KB/);
  });

  it('says in one line why a file is refused', async () => {
    writeFileSync(work('big.bin'), Buffer.alloc(30 * 1024));
    await as('admin').json(['config', 'set', 'maxFileSizeKb=20']);
    // The files service follows settings from the log: wait until it refuses what the new limit refuses.
    const sessions = (JSON.parse(readFileSync(join(dirs.alice.path, 'credentials.json'), 'utf8')) as { sessions: Record<string, { accessToken: string }> }).sessions;
    const url = `${files.url}/v1/rooms/${room}/files?name=probe`;
    await until(async () => (await probe(url, Object.values(sessions)[0]!.accessToken, 20 * 1024 + 1)) === 413);
    const tooBig = await as('alice').run(['file', 'upload', '--room', room, work('big.bin')]);
    await as('admin').json(['config', 'set', 'maxFileSizeKb=20000']);
    expect(tooBig).toMatchObject({ code: 1, err: 'parley: the file is larger than the 20 KB the server allows\n' });
    expect(await as('bob').run(['file', 'upload', '--room', room, work('big.bin')])).toMatchObject({ code: 1, err: 'parley: you may not post in room "Team"\n' });
    expect(await as('bob').run(['file', 'list', '--room', room])).toMatchObject({ code: 1, err: 'parley: you may not read room "Team"\n' });
  });
});
