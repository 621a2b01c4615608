import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { context, propagation, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomName, startNats, type TestNats } from '@parley/testing';
import { EventLog, NO_VERSION, type EventDraft } from './event-log.js';

describe('trace context through the log', () => {
  const exporter = new InMemorySpanExporter();
  let nats: TestNats;
  let nc: NatsConnection;

  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc.close();
    await nats.stop();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('writes traceparent on append and continues the trace in subscribers and consumers', async () => {
    const log = await EventLog.open(nc, { namespace: randomName('tr') });
    const room = { kind: 'room', id: randomName('r') } as const;
    const draft = {
      type: 'MessagePosted',
      actor: { kind: 'user', id: 'u' },
      data: { clientMsgId: 'c', text: 'traced', alert: false, story: null, mentions: [] },
    } as EventDraft;

    const delivered = new Promise<string | undefined>((resolve) => {
      const sub = log.subscribe({
        filter: log.subjects.aggregate(room),
        onEvent: () => {
          resolve(trace.getActiveSpan()?.spanContext().traceId);
          void sub.stop();
        },
      });
      void sub.ready.then(() => undefined);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const tracer = trace.getTracer('test');
    const { traceId, stored } = await tracer.startActiveSpan('http POST /messages', async (span) => {
      const result = await log.append(room, [draft], NO_VERSION);
      span.end();
      return { traceId: span.spanContext().traceId, stored: result.events[0]! };
    });

    expect(stored.traceparent).toBeUndefined(); // the writer's own copy; the stored one is read back below
    const [read] = (await log.read(room)).events;
    expect(read!.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(await delivered).toBe(traceId);

    const batchTrace = new Promise<string[]>((resolve) => {
      const consumer = log.consume({
        filter: log.subjects.aggregate(room),
        after: 0,
        handle: async () => {
          const span = trace.getActiveSpan() as unknown as { links: { context: { traceId: string } }[] };
          resolve(span.links.map((l) => l.context.traceId));
          void consumer.stop();
        },
      });
    });
    expect(await batchTrace).toEqual([traceId]);
    // A consumer that asks for no traces (a rebuild) gets the events without their trace context.
    const untraced = new Promise<{ traceparent?: string; links: unknown[] }>((resolve) => {
      const consumer = log.consume({
        filter: log.subjects.aggregate(room),
        after: 0,
        traces: false,
        handle: async (batch) => {
          const span = trace.getActiveSpan() as unknown as { links: unknown[] };
          resolve({ traceparent: batch[0]!.traceparent, links: span.links });
          void consumer.stop();
        },
      });
    });
    expect(await untraced).toEqual({ traceparent: undefined, links: [] });
    const names = exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['eventlog append room', 'eventlog deliver MessagePosted']));
  });
});
