import { context, propagation, trace, type Context, type Link, type Span, SpanKind } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';

/** The tracer of the event log; a no-op until the telemetry SDK is started. */
export const tracer = trace.getTracer('@parley/eventlog');

const setter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };
const getter = {
  keys: (carrier: MsgHdrs | undefined) => carrier?.keys() ?? [],
  get: (carrier: MsgHdrs | undefined, key: string) => (carrier?.has(key) ? carrier.get(key) : undefined),
};

/** Writes the active trace context (`traceparent`, `tracestate`) into NATS message headers. */
export function injectTrace(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/** Reads the trace context a writer put in the headers. */
export function extractTrace(headers: MsgHdrs | undefined): Context {
  return propagation.extract(context.active(), headers, getter);
}

/** A link to the span that appended an event, for a consumer span that handles a batch of events. */
export function linkFrom(ctx: Context): Link | undefined {
  const spanContext = trace.getSpanContext(ctx);
  return spanContext ? { context: spanContext } : undefined;
}

export { context, SpanKind, type Context, type Span };
