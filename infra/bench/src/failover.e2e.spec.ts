import { runFailover, type FailoverOptions } from './failover/scenario.js';

/**
 * The multi-server topology loses a part under load, every part a real process: 3 NATS nodes (R3),
 * 3 channel servers, lookup; 200 SDK clients over 20 rooms posting continuously. The same drill as
 * `npm run bench -- failover`, with the pass marks (timings are measured, not asserted
 * tightly: the bench reports them against their goals).
 */
describe('failover of the multi-server topology', () => {
  const drill = (kill: FailoverOptions['kill']) => runFailover({ clients: 200, rooms: 20, kill, postEveryMs: 2_000, beforeMs: 4_000, afterMs: 8_000, say: () => undefined });

  it('SIGKILL of a channel server: its clients are back in their rooms through lookup within 5 s; nothing lost or doubled', async () => {
    const result = await drill('channel');
    expect(result.affected).toBeGreaterThan(0);
    expect(result.reconnected).toBe(result.affected);
    expect(result.reconnect_max_ms).toBeLessThan(5_000);
    expect(result).toMatchObject({ lost: 0, duplicated: 0, out_of_order: 0, forks: 0 });
    expect(result.posts).toBeGreaterThan(500);
  }, 240_000);

  it('a channel server drained (SIGTERM): its clients are told to reconnect and are back at once, nothing refused, lost or doubled', async () => {
    const result = await drill('drain');
    expect(result.affected).toBeGreaterThan(0);
    expect(result.reconnected).toBe(result.affected);
    expect(result.reconnect_max_ms).toBeLessThan(5_000);
    expect(result).toMatchObject({ lost: 0, duplicated: 0, out_of_order: 0, forks: 0 });
  }, 240_000);

  it('SIGKILL of a NATS node: the service goes on; every acknowledged post delivered once to every member, in order', async () => {
    const result = await drill('nats');
    expect(result).toMatchObject({ lost: 0, duplicated: 0, out_of_order: 0, forks: 0 });
    expect(result.posts).toBeGreaterThan(500);
  }, 240_000);
});
