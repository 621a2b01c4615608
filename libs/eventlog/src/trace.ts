import { context, propagation, trace, SpanKind, SpanStatusCode, type Attributes, type Context } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';
import { traceContextOf, type StoredEvent } from './stored-event.js';

/** The tracer of the event log; a no-op until the telemetry SDK is started. */
export const tracer = trace.getTracer('@parley/eventlog');

const setter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };

/** Writes the active trace context (`traceparent`, `tracestate`) into NATS message headers. */
export function injectTrace(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/**
 * Runs `work` (which handles a batch of events at once, e.g. one projection transaction) inside
 * one span per traced event, each a child of the append that wrote its event, so every write's trace
 * shows where it was applied; each is linked to the span active here (the batch). The spans end
 * when `work` settles, in error if it failed.
 */
export async function withEventSpans<T>(name: string, events: readonly StoredEvent[], attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const batch = trace.getActiveSpan()?.spanContext();
  // An event written without tracing has no trace to join: a root trace per event would be noise.
  const spans = events.filter((stored) => stored.traceparent).map((stored) =>
    tracer.startSpan(
      name,
      {
        kind: SpanKind.CONSUMER,
        attributes: { ...attributes, 'parley.event.type': stored.event.type, 'parley.event.stream_seq': stored.streamSeq },
        ...(batch ? { links: [{ context: batch }] } : {}),
      },
      traceContextOf(stored),
    ),
  );
  try {
    return await work();
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}

export { SpanKind };
