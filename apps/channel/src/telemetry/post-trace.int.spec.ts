import { recordTelemetry, type ReadableSpan, type TelemetryRecording } from '@parley/telemetry';
import { startNats, tempSqliteFile, until, type TestNats } from '@parley/testing';
import { LiveWorld } from './test/live-world.fixture.js';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

describe("a post's trace", () => {
  let telemetry: TelemetryRecording;
  let nats: TestNats;
  let sqlite: { path: string; remove(): void };
  let world: LiveWorld;

  beforeAll(async () => {
    telemetry = recordTelemetry();
    nats = await startNats();
    sqlite = tempSqliteFile('history.sqlite');
    world = await LiveWorld.start(nats.url, sqlite.path);
  }, 60_000);

  afterAll(async () => {
    await world?.stop();
    await nats?.stop();
    sqlite?.remove();
    await telemetry?.stop();
  });

  it('links the WebSocket request, the append, the fan-out on every server and the history projector in one trace', async () => {
    const alice = await world.client('alice');
    const other = await world.otherServer();
    telemetry.clearSpans();

    const ack = await alice.request({ op: 'post', room: world.roomId, clientMsgId: 'traced-1', text: 'follow me' });
    expect(ack).toMatchObject({ op: 'ack', room: world.roomId });
    await alice.next((f) => f.op === 'event' && f['seq'] === ack['seq']);
    await until(() => other.frames.some((f) => f.includes('follow me')), 30_000, 'the other server delivered the post');
    await world.historySettled();

    const spans = telemetry.spans();
    const request = spans.find((s) => s.name === 'ws post');
    expect(request).toBeDefined();
    const traceId = request!.spanContext().traceId;
    const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
    const named = (name: string) => inTrace.filter((s) => s.name === name);

    // The request is where the trace starts: a client's frame carries no trace context.
    expect(request!.attributes).toMatchObject({ 'parley.ws.op': 'post', 'parley.room.id': world.roomId });
    expect(parentOf(request!)).toBeUndefined();

    const [append] = named('eventlog append room');
    expect(append).toBeDefined();
    expect(parentOf(append!)).toBe(idOf(request!));

    // Fan-out here (the writer delivers its own append at once) and on the other server (from the
    // log, continuing the trace carried in the message's headers).
    const fanouts = named('room fanout').filter((s) => s.attributes['parley.event.type'] === 'MessagePosted');
    expect(fanouts).toHaveLength(2);
    const local = fanouts.find((s) => parentOf(s) === idOf(request!));
    expect(local?.attributes['parley.fanout.recipients']).toBe(1);
    const [delivered] = named('eventlog deliver MessagePosted').filter((s) => fanouts.some((f) => parentOf(f) === idOf(s)));
    expect(delivered).toBeDefined();
    expect(parentOf(delivered!)).toBe(idOf(append!));

    // The history projector applied it in the same trace, linked to the batch it came in.
    const [projected] = named('projection history apply');
    expect(projected).toBeDefined();
    expect(parentOf(projected!)).toBe(idOf(append!));
    expect(projected!.attributes).toMatchObject({ 'parley.projection': 'history', 'parley.event.type': 'MessagePosted' });
    const batch = spans.find((s) => s.spanContext().spanId === projected!.links[0]?.context.spanId);
    expect(batch?.name).toMatch(/^eventlog consume /);
  }, 60_000);
});
