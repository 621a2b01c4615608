import { context, propagation, trace, SpanKind, type Context } from '@opentelemetry/api';
import type { MsgHdrs } from '@nats-io/transport-node';

/** The tracer of the event log; a no-op until the telemetry SDK is started. */
export const tracer = trace.getTracer('@parley/eventlog');

const setter = { set: (carrier: MsgHdrs, key: string, value: string) => carrier.set(key, value) };

/** Writes the active trace context (`traceparent`, `tracestate`) into NATS message headers. */
export function injectTrace(headers: MsgHdrs, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

export { SpanKind };
