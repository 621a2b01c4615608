import { runningProjectors } from '@parley/projections';
import { meterOf, METRICS, observeProjectionLag, prometheusSeries, recordTelemetry, type TelemetryRecording } from '@parley/telemetry';
import { startNats, tempSqliteFile, until, type TestNats } from '@parley/testing';
import { observeChannel } from './channel-telemetry.js';
import { LiveWorld } from './test/live-world.fixture.js';

/** The value of the first series line `name{...labels...} value` in Prometheus text. */
const valueOf = (text: string, series: string, labels = '') =>
  text
    .split('\n')
    .find((line) => line.startsWith(`${series}{`) && line.includes(labels))
    ?.split(' ')
    .at(-1);

describe('channel metrics', () => {
  let telemetry: TelemetryRecording;
  let nats: TestNats;
  let sqlite: { path: string; remove(): void };
  let world: LiveWorld;
  let unobserve: () => void;

  beforeAll(async () => {
    telemetry = recordTelemetry();
    nats = await startNats();
    sqlite = tempSqliteFile('history.sqlite');
    world = await LiveWorld.start(nats.url, sqlite.path);
    const stopChannel = observeChannel({ sessions: () => world.gateway.sessionCount, consumers: () => world.hub.consumers });
    // As runService registers it in every service.
    const stopLag = observeProjectionLag(meterOf('channel'), runningProjectors);
    unobserve = () => (stopChannel(), stopLag());
  }, 60_000);

  afterAll(async () => {
    unobserve?.();
    await world?.stop();
    await nats?.stop();
    sqlite?.remove();
    await telemetry?.stop();
  });

  it('counts sessions and posts, times the fan-out, and reports consumer and projection lag', async () => {
    const [alice, bob] = [await world.client('alice'), await world.client('bob')];
    expect(valueOf(await telemetry.scrape(), prometheusSeries(METRICS.sessions)[0]!)).toBe('2');

    const acks: Record<string, unknown>[] = [];
    for (let i = 1; i <= 3; i++) acks.push(await alice.request({ op: 'post', room: world.roomId, clientMsgId: `m${i}`, text: `message ${i}` }));
    expect(acks.map((a) => a.op)).toEqual(['ack', 'ack', 'ack']);
    await bob.next((f) => f.op === 'event' && f['seq'] === acks[2]!['seq']);
    await world.historySettled();

    const [posts] = prometheusSeries(METRICS.posts);
    const [, latencySum, latencyCount] = prometheusSeries(METRICS.fanoutLatency);
    let text = await telemetry.scrape();
    expect(valueOf(text, posts!)).toBe('3');
    // One delivery per post on this server (the log's copy of its own append is not delivered twice).
    expect(valueOf(text, latencyCount!)).toBe('3');
    expect(Number(valueOf(text, latencySum!))).toBeGreaterThanOrEqual(0);

    // Caught up: the hub's consumers and the history projection report no lag.
    await until(async () => {
      text = await telemetry.scrape();
      return valueOf(text, METRICS.consumerLag.name, 'consumer="channel.room-events"') === '0' && valueOf(text, METRICS.projectionLagEvents.name, 'projection="history"') === '0';
    }, 30_000, 'no lag reported');
    expect(valueOf(text, METRICS.consumerLag.name, 'consumer="channel.room-activity"')).toBe('0');
    expect(valueOf(text, METRICS.projectionLagSeconds.name, 'projection="history"')).toBe('0');

    bob.close();
    await until(async () => valueOf(await telemetry.scrape(), METRICS.sessions.name) === '1', 30_000, 'one session left');
  }, 60_000);
});
