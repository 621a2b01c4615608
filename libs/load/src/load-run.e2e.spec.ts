import { join } from 'node:path';
import { randomName, spawnService, startNats, tempDir, type SpawnedService, type TestNats } from '@parley/testing';
import { runLoad } from './run/load-run.js';
import { parseScenario } from './scenario/scenario.js';

const root = join(__dirname, '..', '..', '..');
const password = 'correct-horse-battery';

/** A small run against a real channel and provisioning service: every post reaches every session in its room. */
describe('parley-load against a deployment', () => {
  let nats: TestNats;
  let channel: SpawnedService;
  let files: SpawnedService;
  let provisioning: SpawnedService;
  const store = tempDir('parley-load-files-');

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('load') };
    [channel, files] = await Promise.all([
      spawnService(join(root, 'apps/channel/dist/main.js'), env),
      spawnService(join(root, 'apps/files/dist/main.js'), { ...env, PARLEY_FILE_STORE: `local:${store.path}` }),
    ]);
    provisioning = await spawnService(join(root, 'apps/provisioning/dist/main.js'), {
      ...env,
      PARLEY_INITIAL_ADMIN_PASSWORD: password,
      PARLEY_PUBLIC_CHANNEL_URL: channel.url,
      PARLEY_PUBLIC_FILES_URL: files.url,
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([channel?.stop(), files?.stop(), provisioning?.stop()]);
    await nats?.stop();
    store.remove();
  });

  it('posts, counts every delivery, and loses and duplicates nothing', async () => {
    const scenario = parseScenario('name: tiny\nusers: 3\nrooms:\n  - count: 2\n    members: 2\nposts:\n  perSecond: 4\ndurationSeconds: 2\ndrainSeconds: 20\n', 'tiny.yaml');
    const report = await runLoad(scenario, { url: provisioning.url, admin: { username: 'admin', password } });
    expect(report.posts.failed).toBe(0);
    expect(report.posts.acknowledged).toBe(report.posts.sent);
    expect(report.posts.sent).toBeGreaterThan(0);
    // Two members per room: every acknowledged post reaches two sessions.
    expect(report.deliveries).toMatchObject({ expected: report.posts.acknowledged * 2, received: report.posts.acknowledged * 2, lost: 0, duplicated: 0 });
    expect(report.latency.delivery.count).toBe(report.deliveries.received);
    expect(report.errors).toEqual({});
  }, 120_000);

  it('visits other rooms, reads history, searches and posts files while posting, and still counts every delivery exactly', async () => {
    const scenario = parseScenario(
      [
        'name: mixed',
        'users: 3',
        'rooms:',
        '  - count: 2',
        '    members: 2',
        'posts:',
        '  perSecond: 4',
        'churn:',
        '  joinsPerSecond: 2',
        '  staySeconds: 0.5',
        'reads:',
        '  historyPerSecond: 3',
        '  searchPerSecond: 2',
        'files:',
        '  perSecond: 1',
        '  bytes: 2048',
        'durationSeconds: 3',
        'drainSeconds: 20',
        '',
      ].join('\n'),
      'mixed.yaml',
    );
    const report = await runLoad(scenario, { url: provisioning.url, admin: { username: 'admin', password } });
    expect(report.errors).toEqual({});
    for (const op of ['join', 'leave', 'history', 'search', 'file'] as const) {
      expect(report.operations[op]).toEqual({ ok: expect.any(Number), failed: 0 });
      expect(report.operations[op]!.ok).toBeGreaterThan(0);
      expect(report.latency[op]!.count).toBe(report.operations[op]!.ok);
      expect(report.histograms[op]).toEqual(expect.any(String));
    }
    // Visitors hear the posts of the rooms they visit; only members' sessions are counted.
    expect(report.deliveries).toMatchObject({ expected: report.posts.acknowledged * 2, received: report.posts.acknowledged * 2, lost: 0, duplicated: 0 });
  }, 120_000);
});
