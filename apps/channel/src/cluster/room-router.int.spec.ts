import { trace } from '@opentelemetry/api';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { InstanceRegistry } from '@parley/cluster';
import { NotFoundError, Subjects } from '@parley/contracts';
import { createLogger, inSpan, recordTelemetry, type ReadableSpan, type TelemetryRecording } from '@parley/telemetry';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { RoomRouter } from './room-router.js';

const silent = createLogger({ service: 'test', instanceId: 'test', level: 'silent' });
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const idOf = (span: ReadableSpan) => span.spanContext().spanId;

/** Two channel servers' routers on one NATS; every room is owned by "owner". */
describe('room writes forwarded to the owner', () => {
  let telemetry: TelemetryRecording;
  let nats: TestNats;
  let nc: NatsConnection;
  let sender: RoomRouter;
  let owner: RoomRouter;
  const ran: { roomId: string; payload: unknown; traceId: string | undefined }[] = [];

  beforeAll(async () => {
    telemetry = recordTelemetry();
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    const subjects = new Subjects(randomName('rr'));
    const registry = { ownerOf: () => 'owner' } as unknown as InstanceRegistry;
    sender = new RoomRouter(nc, subjects, registry, 'sender', silent);
    owner = new RoomRouter(nc, subjects, registry, 'owner', silent);
    for (const router of [sender, owner]) {
      router.handle('post', async (roomId, payload) => {
        ran.push({ roomId, payload, traceId: trace.getActiveSpan()?.spanContext().traceId });
        if (roomId === 'missing') throw new NotFoundError('room: no room missing');
        return { seq: ran.length };
      });
      router.start();
    }
  });

  afterAll(async () => {
    sender?.stop();
    owner?.stop();
    await nc?.close();
    await nats?.stop();
    await telemetry?.stop();
  });

  it('runs the write on the owner inside the sender’s trace, and answers with its result', async () => {
    telemetry.clearSpans();
    const result = await inSpan('test', 'ws post', {}, () => sender.run<{ seq: number }>('post', 'r1', { text: 'hello' }));
    expect(result).toEqual({ seq: 1 });
    expect(sender.stats.forwarded).toBe(1);
    const spans = telemetry.spans();
    const request = spans.find((s) => s.name === 'ws post')!;
    const forward = spans.find((s) => s.name === 'room forward post')!;
    const serve = spans.find((s) => s.name === 'room serve post')!;
    expect(parentOf(forward)).toBe(idOf(request));
    expect(parentOf(serve)).toBe(idOf(forward));
    expect(new Set([request, forward, serve].map((s) => s.spanContext().traceId)).size).toBe(1);
    expect(ran.at(-1)).toEqual({ roomId: 'r1', payload: { text: 'hello' }, traceId: request.spanContext().traceId });
  });

  it('gives the owner’s coded error back to the sender', async () => {
    await expect(sender.run('post', 'missing', {})).rejects.toBeInstanceOf(NotFoundError);
    expect(ran.at(-1)).toMatchObject({ roomId: 'missing' });
  });
});
