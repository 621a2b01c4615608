import { join } from 'node:path';
import { randomName, spawnService, startNats, type SpawnedService, type TestNats } from '@parley/testing';
import { runLoad } from './run/load-run.js';
import { parseScenario } from './scenario/scenario.js';

const root = join(__dirname, '..', '..', '..');
const password = 'correct-horse-battery';

/** A small run against a real channel and provisioning service: every post reaches every session in its room. */
describe('parley-load against a deployment', () => {
  let nats: TestNats;
  let channel: SpawnedService;
  let provisioning: SpawnedService;

  beforeAll(async () => {
    nats = await startNats();
    const env = { PARLEY_NATS_URL: nats.url, PARLEY_NAMESPACE: randomName('load') };
    channel = await spawnService(join(root, 'apps/channel/dist/main.js'), env);
    provisioning = await spawnService(join(root, 'apps/provisioning/dist/main.js'), {
      ...env,
      PARLEY_INITIAL_ADMIN_PASSWORD: password,
      PARLEY_PUBLIC_CHANNEL_URL: channel.url,
      PARLEY_PUBLIC_FILES_URL: 'http://127.0.0.1:1',
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all([channel?.stop(), provisioning?.stop()]);
    await nats?.stop();
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
});
