import { connect, type NatsConnection } from '@nats-io/transport-node';
import { trace } from '@opentelemetry/api';
import { EventLog, NO_VERSION } from '@parley/eventlog';
import { recordTelemetry, type TelemetryRecording } from '@parley/telemetry';
import { createTestDatabase, randomName, startNats, tempSqliteFile, type TestNats } from '@parley/testing';
import { runningProjectors, startProjector } from './index.js';
import { testDatabase, type TestDatabase } from './test/databases.js';
import { messagesProjection } from './test/messages.projection.js';
import { until } from './test/traffic.js';

describe('a projector, traced and listed while it runs', () => {
  let telemetry: TelemetryRecording;
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let db: TestDatabase;

  beforeAll(async () => {
    telemetry = recordTelemetry();
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    log = await EventLog.open(nc, { namespace: randomName('pt') });
    db = await testDatabase('sqlite', { createTestDatabase, tempSqliteFile });
  });

  afterAll(async () => {
    await log?.close();
    await db?.remove();
    await nc?.close();
    await nats?.stop();
    await telemetry?.stop();
  });

  it("applies each event in a span of its writer's trace, and is listed while it runs", async () => {
    const projector = startProjector({ definition: messagesProjection(), log, dataSource: await db.open(), maxBatch: 5 });
    await projector.ready;
    expect([...runningProjectors()]).toContain(projector);

    const room = { kind: 'room', id: randomName('room') } as const;
    const tracer = trace.getTracer('test');
    const append = await tracer.startActiveSpan('write', async (span) => {
      await log.append(room, [{ type: 'MessagePosted', actor: { kind: 'user', id: 'u' }, data: { clientMsgId: 'c', text: 'traced', alert: false, story: null, mentions: [] } }], NO_VERSION);
      span.end();
      return span.spanContext();
    });
    await until(async () => (await projector.lag()).events === 0, 'caught up');

    const applied = telemetry.spans().filter((s) => s.name === 'projection test-messages apply');
    expect(applied).toHaveLength(1);
    expect(applied[0]!.spanContext().traceId).toBe(append.traceId);
    expect(applied[0]!.attributes).toMatchObject({ 'parley.projection': 'test-messages', 'parley.event.type': 'MessagePosted' });

    await projector.stop();
    expect([...runningProjectors()]).not.toContain(projector);
  }, 60_000);
});
